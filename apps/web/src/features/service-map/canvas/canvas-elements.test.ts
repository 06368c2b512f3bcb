import { describe, expect, it } from 'vitest';
import { DEFAULT_BADGE_PROVIDERS, type StatusBadge } from '../badges.js';
import { buildMapView } from '../build-map-view.js';
import { makeSyntheticMap, SYNTHETIC_FOCUS } from '../synthetic-map.js';
import { badgePills, canvasElements, PILL } from './canvas-elements.js';

const data = makeSyntheticMap({ clientMachines: 1, serverMachines: 2, agentlessClients: 2, agentlessServers: 1, failEvery: 2 });
const elements = (expanded: string[]) =>
  canvasElements(buildMapView(data, { expanded: new Set(expanded), badgeProviders: DEFAULT_BADGE_PROVIDERS })).elements;

describe('canvasElements', () => {
  it('positions every node, labels collapsed nodes with their lines, expanded ones with their title', () => {
    const collapsed = elements([]);
    const focus = collapsed.find((e) => e.data.id === SYNTHETIC_FOCUS);
    expect(focus?.position).toBeDefined();
    expect(focus?.data.label).toBe('focus\n2 processes');
    expect(focus?.classes).toContain('focus');
    expect(focus?.data.severity).toBe('warning');
    const expanded = elements([SYNTHETIC_FOCUS]).find((e) => e.data.id === SYNTHETIC_FOCUS);
    expect(expanded?.data.label).toBe('focus');
    expect(expanded?.classes).toContain('expanded');
  });

  it('draws a machine\'s badges as pills on its bottom border that move with it', () => {
    const all = elements([]);
    const focus = all.find((e) => e.data.id === SYNTHETIC_FOCUS);
    const pills = all.filter((e) => e.classes === 'badge');
    expect(pills.map((p) => p.data.host)).toContain(SYNTHETIC_FOCUS);
    const pill = pills.find((p) => p.data.host === SYNTHETIC_FOCUS);
    expect(pill?.data).toMatchObject({ kind: 'badge', provider: 'connections', severity: 'warning', label: '1' });
    const height = focus?.data.height as number;
    expect(pill?.position).toEqual({ x: focus?.position?.x, y: (focus?.position?.y ?? NaN) + height / 2 });
    // Pills of a server inside a port group stay inside the group's box.
    const inGroup = elements(['port:443']).filter((e) => e.classes === 'badge' && e.data.parent === 'port:443');
    for (const p of inGroup) expect(elements(['port:443']).find((e) => e.data.id === p.data.host)?.data.parent).toBe('port:443');
  });

  it('marks failed edges and unmonitored nodes and gives roles to nodes that have them', () => {
    const all = elements(['port:443']);
    const failed = all.filter((e) => e.group === 'edges' && e.classes.split(' ').includes('failed'));
    expect(failed).toHaveLength(1);
    expect(all.find((e) => e.data.id.startsWith('t-'))?.classes).toContain('unmonitored');
    expect(all.find((e) => e.data.id === SYNTHETIC_FOCUS)?.data.role).toBe('webServer');
    expect(all.filter((e) => e.group === 'nodes').every((e) => e.position !== undefined)).toBe(true);
  });
});

describe('badgePills', () => {
  const badge = (severity: StatusBadge['severity'], count?: number, provider = 'alerts'): StatusBadge =>
    ({ provider, severity, label: '', detail: '', ...(count === undefined ? {} : { count }) });

  it('sizes a pill by its count (icon alone without one, 99+ past 99) and centres the row on the machine', () => {
    const pills = badgePills({ id: 'm', badges: [badge('critical', 3), badge('warning'), badge('informational', 1234, 'connections')] });
    expect(pills.map((p) => p.text)).toEqual(['3', '', '99+']);
    const bare = 2 * PILL.padding + PILL.icon;
    expect(pills.map((p) => p.width)).toEqual([bare + PILL.gap + PILL.digit, bare, bare + PILL.gap + 3 * PILL.digit]);
    const left = (pills[0]?.dx ?? 0) - (pills[0]?.width ?? 0) / 2;
    const last = pills[2];
    const right = (last?.dx ?? 0) + (last?.width ?? 0) / 2;
    expect(left).toBeCloseTo(-right);
    expect((pills[1]?.dx ?? 0) - (pills[0]?.dx ?? 0)).toBeCloseTo(((pills[0]?.width ?? 0) + (pills[1]?.width ?? 0)) / 2 + PILL.spacing);
    expect(new Set(pills.map((p) => p.id)).size).toBe(3);
  });

  it('gives no pills to a machine without badges', () => {
    expect(badgePills({ id: 'm', badges: [] })).toEqual([]);
  });
});
