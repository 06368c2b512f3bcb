import { describe, expect, it } from 'vitest';
import { badgesOf, connectionHealthBadges, worstSeverity, type BadgeProvider } from './badges.js';

const machine = { name: 'm-1', monitored: true, failedConnections: 0, mixedConnections: 0 };

describe('status badges', () => {
  it('gives no badge and no severity to a healthy machine', () => {
    const badges = badgesOf(machine, [connectionHealthBadges]);
    expect(badges).toEqual([]);
    expect(worstSeverity(badges)).toBe('none');
  });

  it('lets integrations plug in and orders badges from the most severe', () => {
    const alerts: BadgeProvider = { id: 'alerts', badgesFor: () => [{ provider: 'alerts', severity: 'critical', label: '1 alert', detail: 'Disk full' }] };
    const badges = badgesOf({ ...machine, failedConnections: 2, mixedConnections: 1 }, [connectionHealthBadges, alerts]);
    expect(badges.map((b) => [b.provider, b.severity])).toEqual([['alerts', 'critical'], ['connections', 'warning'], ['connections', 'informational']]);
    expect(worstSeverity(badges)).toBe('critical');
  });
});
