import { describe, expect, it } from 'vitest';
import { groupScope, mapTargetOf, mapWindowOf } from './map-request.js';

const ws = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/lab';
const M1 = 'm-11111111-1111-4111-8111-111111111111';
const M2 = 'm-22222222-2222-4222-8222-222222222222';

describe('mapTargetOf', () => {
  it('reads single-machine and list requests in both id forms', () => {
    expect(mapTargetOf({ kind: 'map:single-machine-dependency', machineId: `${ws}/machines/${M1}` })).toEqual({
      kind: 'scope',
      scope: { kind: 'single', machine: M1 },
    });
    expect(
      mapTargetOf({
        kind: 'map:machine-list-dependency',
        machineIds: [`${ws}/features/serviceMap/machines/${M1}`, `${ws}/machines/${M2}`, `${ws}/machines/${M1}`],
        filterProcesses: true,
      }),
    ).toEqual({ kind: 'scope', scope: { kind: 'list', machines: [M1, M2], filterProcesses: true } });
  });

  it('names the id it cannot use', () => {
    expect(mapTargetOf({ kind: 'map:single-machine-dependency', machineId: `${ws}/machines/nobody` })).toEqual({
      error: 'invalidMachineId',
      id: `${ws}/machines/nobody`,
    });
    const bad = `${ws}/machines/${M1}/processes/p-1`;
    expect(mapTargetOf({ kind: 'map:machine-list-dependency', machineIds: [`${ws}/machines/${M1}`, bad] })).toEqual({
      error: 'invalidMachineId',
      id: bad,
    });
    expect(mapTargetOf({ kind: 'map:machine-group-dependency', machineGroupId: `${ws}/machines/${M1}` })).toEqual({
      error: 'invalidMachineGroupId',
      id: `${ws}/machines/${M1}`,
    });
  });

  it('leaves a stored group for the caller to look up', () => {
    const machineGroupId = `${ws}/machineGroups/b90f6d8f-a9b9-4ac6-abeb-abd8fe10a6dc`;
    expect(mapTargetOf({ kind: 'map:machine-group-dependency', machineGroupId })).toEqual({
      kind: 'machineGroup',
      machineGroup: 'b90f6d8f-a9b9-4ac6-abeb-abd8fe10a6dc',
      filterProcesses: false,
    });
    expect(groupScope([M1, M2, M1], true)).toEqual({ kind: 'group', machines: [M1, M2], filterProcesses: true });
  });
});

describe('mapWindowOf', () => {
  it('defaults to the ten minutes before now and normalises offsets to UTC', () => {
    const now = Date.parse('2026-11-25T10:00:00.000Z');
    expect(mapWindowOf({}, now)).toEqual({ startTime: '2026-11-25T09:50:00.000Z', endTime: '2026-11-25T10:00:00.000Z' });
    expect(mapWindowOf({ startTime: '2026-11-25T11:00:00+01:00', endTime: '2026-11-25T10:30:00Z' }, now)).toEqual({
      startTime: '2026-11-25T10:00:00.000Z',
      endTime: '2026-11-25T10:30:00.000Z',
    });
    expect(mapWindowOf({ endTime: '2026-11-25T08:00:00Z' }, now).startTime).toBe('2026-11-25T07:50:00.000Z');
  });
});
