import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildMap } from './build-map.js';
import type { MapInput } from './map-input.js';

// The map rules, asserted one by one on the fixture world (the goldens pin the whole output).
const world = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../testdata/world.json', import.meta.url)), 'utf8'),
) as Omit<MapInput, 'scope'>;
const WEB = 'm-11111111-1111-4111-8111-111111111111';
const APP = 'm-22222222-2222-4222-8222-222222222222';
const DB = 'm-33333333-3333-4333-8333-333333333333';
const OPS = 'm-44444444-4444-4444-8444-444444444444';
const single = (machine: string, showSelfLinks = false) => buildMap({ ...world, scope: { kind: 'single', machine }, showSelfLinks });
const names = (items: readonly { name: string }[]) => items.map((item) => item.name);

describe('buildMap', () => {
  it('draws the focus and its direct clients and servers only', () => {
    const { response } = single(WEB);
    expect(names(response.map.nodes.machines)).toEqual([WEB, APP, 't-0a000909']);
  });

  it('shows only the processes of a remote machine that talk to the focus', () => {
    const { annotations } = single(WEB);
    expect(annotations.processes.filter((p) => p.machine === APP).map((p) => p.name)).toEqual([`p-${'b'.repeat(39)}1`]);
  });

  it('makes one connection of a link both ends reported', () => {
    const connections = names(single(APP).response.map.edges.connections);
    expect(connections.filter((name) => name.startsWith(`m@${WEB}`))).toHaveLength(1);
  });

  it('collapses agentless clients into client groups with their members', () => {
    const { clientGroups } = single(DB).annotations;
    expect(clientGroups.map((g) => [g.clientsOf, g.memberIps])).toEqual([
      ['machine', ['10.0.8.1', '10.0.8.2']],
      ['process', ['10.0.8.1', '10.0.8.2']],
    ]);
  });

  it('collapses agentless back-ends into one server port group per port', () => {
    const groups = single(APP).annotations.serverPortGroups;
    expect(groups.map((g) => [g.portNumber, g.machines])).toEqual([[6379, ['t-0a000932', 't-0a000933']]]);
  });

  it('tells failed and mixed connections apart', () => {
    const states = single(DB).annotations.connections.map((c) => c.failureState);
    expect(states.filter((s) => s === 'failed')).toHaveLength(1);
    expect(states.filter((s) => s === 'mixed')).toHaveLength(1);
  });

  it('hides self-links unless asked, and says how many it hid', () => {
    const hidden = single(APP);
    expect(hidden.annotations.hiddenSelfLinks).toBe(1);
    expect(hidden.annotations.connections.some((c) => c.selfLink)).toBe(false);
    const shown = single(APP, true);
    expect(shown.annotations.connections.filter((c) => c.selfLink)).toHaveLength(1);
  });

  it('keeps only group-connected processes when filtering a group', () => {
    const scope = { kind: 'group', machines: [WEB, APP, DB], filterProcesses: true } as const;
    const { annotations } = buildMap({ ...world, scope });
    expect(annotations.machines.map((m) => m.name)).not.toContain(OPS);
    expect(annotations.processes.map((p) => p.name)).not.toContain(`p-${'c'.repeat(39)}2`);
  });

  it('ignores rows outside the window', () => {
    const all = buildMap({ ...world, scope: { kind: 'list', machines: [WEB, APP, DB, OPS], filterProcesses: false } });
    expect(names(all.response.map.nodes.machines)).not.toContain('t-0a000963');
    expect(names(all.response.map.nodes.machines)).not.toContain('t-0a000962');
  });

  it('draws a focus machine that had no connection at all', () => {
    const lonely = 'm-99999999-9999-4999-8999-999999999999';
    expect(names(single(lonely).response.map.nodes.machines)).toEqual([lonely]);
  });
});
