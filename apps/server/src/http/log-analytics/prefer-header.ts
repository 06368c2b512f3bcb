/** What a request asked for in its `Prefer` header (RFC 7240, as Log Analytics reads it). */
export interface QueryPreferences {
  /** Seconds the client waits for the query; past it the server answers 504. */
  readonly waitSeconds: number;
  readonly includeStatistics: boolean;
  readonly includeRender: boolean;
  readonly includeDataSources: boolean;
}

/** Log Analytics: 180 s unless asked, at most 600 s (10 minutes). */
export const DEFAULT_WAIT_SECONDS = 180;
export const MAX_WAIT_SECONDS = 600;

/**
 * Reads `wait=N`, `include-statistics=true`, `include-render=true` and `include-dataSources=true`
 * from one or several `Prefer` headers. Unknown or malformed preferences are ignored, as RFC 7240
 * asks, so a client's extra preference never fails its query; a wait past the maximum is capped.
 */
export function parsePreferHeader(
  header: string | readonly string[] | undefined,
  maxWaitSeconds = MAX_WAIT_SECONDS,
  defaultWaitSeconds = DEFAULT_WAIT_SECONDS,
): QueryPreferences {
  const text = typeof header === 'string' ? header : (header ?? []).join(',');
  const prefs = new Map<string, string>();
  for (const item of text.split(/[,;]/)) {
    const [name = '', value = 'true'] = item.split('=').map((part) => part.trim().replace(/^"(.*)"$/, '$1'));
    if (name !== '') prefs.set(name.toLowerCase(), value.toLowerCase());
  }
  const wait = Number(prefs.get('wait'));
  return {
    waitSeconds: Number.isFinite(wait) && wait > 0 ? Math.min(wait, maxWaitSeconds) : Math.min(defaultWaitSeconds, maxWaitSeconds),
    includeStatistics: prefs.get('include-statistics') === 'true',
    includeRender: prefs.get('include-render') === 'true',
    includeDataSources: prefs.get('include-datasources') === 'true',
  };
}
