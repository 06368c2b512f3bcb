import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { BoundPortRecord, ConnectionRecord, MachineInventory, MapResponse, ProcessInventory } from '@servicemap/protocol';
import { buildMap } from './build-map.js';
import type { MapInput, MapScope } from './map-input.js';

// Golden maps: the fixture world (testdata/world.json) drawn for each map kind, compared byte for
// byte with testdata/*.golden.json. `UPDATE_GOLDEN=1 npx vitest run packages/topology` rewrites
// them; review the diff by hand, the goldens are the spec.

const testdata = (name: string): string => fileURLToPath(new URL(`../../testdata/${name}`, import.meta.url));
const world = JSON.parse(readFileSync(testdata('world.json'), 'utf8')) as Omit<MapInput, 'scope'>;

const WEB = 'm-11111111-1111-4111-8111-111111111111';
const APP = 'm-22222222-2222-4222-8222-222222222222';
const DB = 'm-33333333-3333-4333-8333-333333333333';
const OPS = 'm-44444444-4444-4444-8444-444444444444';

const cases: { name: string; scope: MapScope; showSelfLinks?: boolean }[] = [
  { name: 'single-web', scope: { kind: 'single', machine: WEB } },
  { name: 'single-app', scope: { kind: 'single', machine: APP } },
  { name: 'single-db', scope: { kind: 'single', machine: DB } },
  { name: 'group-all', scope: { kind: 'group', machines: [WEB, APP, DB], filterProcesses: false } },
  { name: 'group-filtered', scope: { kind: 'group', machines: [WEB, APP, DB], filterProcesses: true } },
  { name: 'list-self-links', scope: { kind: 'list', machines: [APP, OPS], filterProcesses: false }, showSelfLinks: true },
];

const withoutMachine = <T extends { machine: string }>({ machine: _machine, ...rest }: T) => rest;

describe('the fixture world', () => {
  it('holds only rows the agent could have sent', () => {
    expect(world.connections.every((row) => Value.Check(ConnectionRecord, withoutMachine(row)))).toBe(true);
    expect(world.boundPorts.every((row) => Value.Check(BoundPortRecord, withoutMachine(row)))).toBe(true);
    expect(world.machines.every((row) => Value.Check(MachineInventory, withoutMachine(row)))).toBe(true);
    expect(world.processes.every((row) => Value.Check(ProcessInventory, withoutMachine(row)))).toBe(true);
  });
});

describe.each(cases)('golden map $name', ({ name, scope, showSelfLinks }) => {
  const built = buildMap({ ...world, scope, showSelfLinks });
  const text = `${JSON.stringify(built, null, 2)}\n`;
  const file = testdata(`${name}.golden.json`);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);

  it('is a valid Azure MapResponse', () => {
    expect([...Value.Errors(MapResponse, built.response)]).toEqual([]);
  });

  it('matches its golden file exactly', () => {
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});
