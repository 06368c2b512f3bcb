/**
 * Status badges: each integration (connection health now; alerts, changes, updates, security and
 * service desk later) is a {@link BadgeProvider} that answers badges for a machine. The map draws
 * them under the machine and colours its border by the most severe one.
 */

/** From most to least severe. */
export type Severity = 'critical' | 'warning' | 'informational';

export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'warning', 'informational'];

/** One badge under a machine: an integration's count of things at one severity. */
export interface StatusBadge {
  /** The provider's id, e.g. `connections`, `alerts`. */
  readonly provider: string;
  readonly severity: Severity;
  /** Short text, e.g. `2 failed` (the pane and the node's accessible description). */
  readonly label: string;
  /** How many things the badge stands for; the map's pill shows it (no count: the icon alone). */
  readonly count?: number;
  /** Longer text for the Machine Summary pane and the tooltip. */
  readonly detail: string;
}

/** What a provider knows about a machine on the map. */
export interface MachineFacts {
  readonly name: string;
  readonly monitored: boolean;
  /** Connections from or to this machine that failed at least once in the range. */
  readonly failedConnections: number;
  /** Connections that both failed and succeeded in the range. */
  readonly mixedConnections: number;
}

/** An integration that contributes badges. Providers are pure over the facts they are given. */
export interface BadgeProvider {
  readonly id: string;
  badgesFor(machine: MachineFacts): readonly StatusBadge[];
}

/** Connection health: failed connections are a warning; some-failed-some-not is informational. */
export const connectionHealthBadges: BadgeProvider = {
  id: 'connections',
  badgesFor(machine) {
    const badges: StatusBadge[] = [];
    if (machine.failedConnections > 0) {
      badges.push({
        provider: 'connections', severity: 'warning', label: `${machine.failedConnections} failed`, count: machine.failedConnections,
        detail: `${machine.failedConnections} connection(s) only failed in the range`,
      });
    }
    if (machine.mixedConnections > 0) {
      badges.push({
        provider: 'connections', severity: 'informational', label: `${machine.mixedConnections} flaky`, count: machine.mixedConnections,
        detail: `${machine.mixedConnections} connection(s) failed some of the time`,
      });
    }
    return badges;
  },
};

/** The providers the map uses; integrations add theirs here. */
export const DEFAULT_BADGE_PROVIDERS: readonly BadgeProvider[] = [connectionHealthBadges];

/** The most severe badge's severity, or `none`. */
export function worstSeverity(badges: readonly StatusBadge[]): Severity | 'none' {
  for (const severity of SEVERITY_ORDER) if (badges.some((b) => b.severity === severity)) return severity;
  return 'none';
}

/** Every provider's badges for a machine, most severe first (stable within a severity). */
export function badgesOf(machine: MachineFacts, providers: readonly BadgeProvider[]): StatusBadge[] {
  const badges = providers.flatMap((p) => p.badgesFor(machine));
  return badges
    .map((badge, index) => ({ badge, index }))
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.badge.severity) - SEVERITY_ORDER.indexOf(b.badge.severity) || a.index - b.index)
    .map(({ badge }) => badge);
}

/** Words for a severity, as a screen reader says it. */
export const SEVERITY_NAMES: Readonly<Record<Severity | 'none', string>> = {
  critical: 'critical', warning: 'warning', informational: 'informational', none: 'no status',
};

/**
 * The badges in words, for the node's accessible description (the pills are pixels on a canvas):
 * `Status warning: 2 connection(s) only failed in the range; …`, or empty without badges.
 */
export function describeBadges(badges: readonly StatusBadge[]): string {
  if (badges.length === 0) return '';
  return `Status ${SEVERITY_NAMES[worstSeverity(badges)]}: ${badges.map((b) => `${b.detail} (${SEVERITY_NAMES[b.severity]})`).join('; ')}`;
}
