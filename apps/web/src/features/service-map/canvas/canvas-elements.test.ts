import { describe, expect, it } from 'vitest';
import { DEFAULT_BADGE_PROVIDERS } from '../badges.js';
import { buildMapView } from '../build-map-view.js';
import { makeSyntheticMap, SYNTHETIC_FOCUS } from '../synthetic-map.js';
import { canvasElements } from './canvas-elements.js';

const data = makeSyntheticMap({ clientMachines: 1, serverMachines: 2, agentlessClients: 2, agentlessServers: 1, failEvery: 2 });
const elements = (expanded: string[]) =>
  canvasElements(buildMapView(data, { expanded: new Set(expanded), badgeProviders: DEFAULT_BADGE_PROVIDERS })).elements;

describe('canvasElements', () => {
  it('positions every node, labels collapsed nodes with their lines and badges, expanded ones with their title', () => {
    const collapsed = elements([]);
    const focus = collapsed.find((e) => e.data.id === SYNTHETIC_FOCUS);
    expect(focus?.position).toBeDefined();
    expect(focus?.data.label).toBe('focus\n2 processes\n⚠ 1 failed');
    expect(focus?.classes).toContain('focus');
    expect(focus?.data.severity).toBe('warning');
    const expanded = elements([SYNTHETIC_FOCUS]).find((e) => e.data.id === SYNTHETIC_FOCUS);
    expect(expanded?.data.label).toBe('focus');
    expect(expanded?.classes).toContain('expanded');
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
