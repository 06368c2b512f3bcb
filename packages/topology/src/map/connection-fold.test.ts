import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildMap } from './build-map.js';
import { foldBoundPortRows, foldConnectionRows } from './connection-fold.js';
import type { MapInput, MapScope } from './map-input.js';
import { A, connection } from './map-test-rows.test-support.js';

const world = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../testdata/world.json', import.meta.url)), 'utf8'),
) as Omit<MapInput, 'scope'>;

const minute = (m: number): string => new Date(Date.UTC(2026, 10, 25, 10, m)).toISOString();

describe('foldConnectionRows', () => {
  it('sums counters, keeps the newest minute of linksLive and the span of minutes', () => {
    const rows = [
      { ...connection({ machine: A, direction: 'outbound', timeGenerated: minute(1), linksLive: 3, linksEstablished: 2, bytesSent: 5 }), failedRefused: 1 },
      connection({ machine: A, direction: 'outbound', timeGenerated: minute(0), linksLive: 9, linksEstablished: 1, bytesSent: 7, processName: 'first' }),
      connection({ machine: A, direction: 'outbound', timeGenerated: minute(1), linksLive: 2, selfLink: true }),
      connection({ machine: A, direction: 'inbound', timeGenerated: minute(0) }),
    ];
    const [out, inbound] = foldConnectionRows(rows);
    expect(out).toMatchObject({
      timeGenerated: minute(0), lastTimeGenerated: minute(1), linksLive: 5, linksEstablished: 4, bytesSent: 22,
      failedRefused: 1, selfLink: true, processName: 'first',
    });
    expect(inbound).toMatchObject({ direction: 'inbound', timeGenerated: minute(0), lastTimeGenerated: minute(0) });
  });

  it('folds twice to the same rows as once (folded rows fold like plain ones)', () => {
    const once = foldConnectionRows(world.connections);
    expect(foldConnectionRows(once)).toEqual(once);
  });

  it('draws every map of the fixture world identically from folded rows', () => {
    const machines = [...new Set(world.connections.map((r) => r.machine))];
    const scopes: MapScope[] = [
      ...machines.map((machine): MapScope => ({ kind: 'single', machine })),
      { kind: 'group', machines, filterProcesses: true },
      { kind: 'list', machines: machines.slice(0, 2), filterProcesses: false },
    ];
    const folded = { ...world, connections: foldConnectionRows(world.connections), boundPorts: foldBoundPortRows(world.boundPorts) };
    for (const scope of scopes) {
      for (const showSelfLinks of [false, true]) {
        expect(buildMap({ ...folded, scope, showSelfLinks })).toEqual(buildMap({ ...world, scope, showSelfLinks }));
      }
    }
  });
});
