import { describe, expect, it } from 'vitest';
import { badgesOf, connectionHealthBadges, describeBadges, worstSeverity, type BadgeProvider } from './badges.js';

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

  it('counts what a connection badge stands for: failed is a warning, flaky informational', () => {
    const badges = badgesOf({ ...machine, failedConnections: 3, mixedConnections: 1 }, [connectionHealthBadges]);
    expect(badges.map((b) => [b.severity, b.count, b.label])).toEqual([['warning', 3, '3 failed'], ['informational', 1, '1 flaky']]);
  });

  it('tells the badges in words for the node description, worst severity first', () => {
    expect(describeBadges([])).toBe('');
    const badges = badgesOf({ ...machine, failedConnections: 2, mixedConnections: 1 }, [connectionHealthBadges]);
    expect(describeBadges(badges)).toBe(
      'Status warning: 2 connection(s) only failed in the range (warning); 1 connection(s) failed some of the time (informational)');
  });
});
