import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import {
  ClientGroupMembersCount,
  Connection,
  ErrorResponse,
  MachineGroup,
  MachineGroupInput,
  MachinesSummary,
  MapRequest,
  MapResponse,
  ProcessCollection,
  ResourceReference,
} from '../index.js';

const ws =
  '/subscriptions/63BE4E24-FDF0-4E9C-9342-6A5D5A359722/resourceGroups/rg-sm/providers/Microsoft.OperationalInsights/workspaces/D6F79F14-E563-469B-84B5-9286D2803B2F';
const machineRef = { kind: 'ref:machine', id: `${ws}/machines/t-0a0a0a0a`, name: 't-0a0a0a0a' };
const processRef = { kind: 'ref:process', id: `${ws}/machines/t-0a0a0a0a/processes/ts-x`, properties: { machine: machineRef } };
const portRef = {
  kind: 'ref:port',
  id: `${ws}/machines/t-0a0a0a0a/ports/b-0a0a0a0a_8880`,
  properties: { machine: machineRef, ipAddress: '10.10.10.10', portNumber: 8880 },
};

describe('Service Map models', () => {
  it('accepts the three map requests as the SDKs send them, dates with offsets included', () => {
    expect(Value.Check(MapRequest, { kind: 'map:single-machine-dependency', machineId: `${ws}/machines/m-1` })).toBe(true);
    expect(
      Value.Check(MapRequest, {
        kind: 'map:machine-group-dependency',
        machineGroupId: `${ws}/machineGroups/b90f6d8f-a9b9-4ac6-abeb-abd8fe10a6dc`,
        filterProcesses: false,
        startTime: '2018-01-08T20:00:51.325Z',
        endTime: '2018-01-08T20:01:06.3251234+00:00',
      }),
    ).toBe(true);
    expect(Value.Check(MapRequest, { kind: 'map:machine-list-dependency', machineIds: [`${ws}/machines/m-1`] })).toBe(true);
  });

  it('rejects requests with an unknown kind, a missing target or a bad date', () => {
    expect(Value.Check(MapRequest, { kind: 'map:everything', machineId: 'x' })).toBe(false);
    expect(Value.Check(MapRequest, { kind: 'map:single-machine-dependency' })).toBe(false);
    expect(Value.Check(MapRequest, { kind: 'map:machine-list-dependency', machineIds: [] })).toBe(false);
    expect(
      Value.Check(MapRequest, { kind: 'map:single-machine-dependency', machineId: 'x', startTime: 'yesterday' }),
    ).toBe(false);
  });

  it('tells references apart by kind (lower-case ref:clientgroup)', () => {
    expect(Value.Check(ResourceReference, portRef)).toBe(true);
    expect(Value.Check(ResourceReference, { kind: 'ref:clientgroup', id: `${ws}/clientGroups/m!m-1` })).toBe(true);
    expect(Value.Check(ResourceReference, { kind: 'ref:clientGroup', id: `${ws}/clientGroups/m!m-1` })).toBe(false);
    expect(Value.Check(ResourceReference, { kind: 'ref:machine' })).toBe(false);
  });

  it('accepts a connection and requires its kind and endpoints', () => {
    const connection = {
      kind: 'rel:connection',
      id: `${ws}/connections/x`,
      type: 'Microsoft.OperationalInsights/workspaces/features/connections',
      name: 'x',
      properties: { source: processRef, destination: processRef, serverPort: portRef, failureState: 'mixed' },
    };
    expect(Value.Check(Connection, connection)).toBe(true);
    expect(Value.Check(Connection, { ...connection, kind: undefined })).toBe(false);
    expect(Value.Check(Connection, { ...connection, properties: { ...connection.properties, source: portRef } })).toBe(false);
    expect(
      Value.Check(Connection, { ...connection, properties: { ...connection.properties, failureState: 'partial' } }),
    ).toBe(false);
  });

  it('accepts an empty map response and requires every node and edge list', () => {
    const empty = {
      startTime: '2018-01-08T20:00:51.325Z',
      endTime: '2018-01-08T20:01:06.325Z',
      map: { nodes: { machines: [], processes: [], ports: [], clientGroups: [] }, edges: { connections: [], acceptors: [] } },
    };
    expect(Value.Check(MapResponse, empty)).toBe(true);
    expect(Value.Check(MapResponse, { ...empty, map: { ...empty.map, edges: { connections: [] } } })).toBe(false);
  });

  it('takes machine group bodies without read-only fields but answers with them', () => {
    const body = {
      kind: 'machineGroup',
      etag: 'W/"1"',
      properties: { displayName: 'Foo', count: 1, machines: [{ kind: 'ref:machinewithhints', id: `${ws}/machines/m-1` }] },
    };
    expect(Value.Check(MachineGroupInput, body)).toBe(true);
    expect(Value.Check(MachineGroup, body)).toBe(false);
    const stored = { ...body, id: `${ws}/machineGroups/x`, type: 't', name: 'ccaf142f-57f7-4510-bd80-b073cd5dcdec' };
    expect(Value.Check(MachineGroup, stored)).toBe(true);
    expect(Value.Check(MachineGroupInput, { ...body, properties: { displayName: '' } })).toBe(false);
  });

  it('shapes summaries, counts, collections and errors', () => {
    expect(
      Value.Check(MachinesSummary, {
        id: `${ws}/features/serviceMap/summaries/machines`,
        type: 'Microsoft.OperationalInsights/workspaces/features/summaries',
        name: 'machines',
        properties: { startTime: '2018-01-08T20:00:51Z', endTime: '2018-01-08T20:01:06Z', total: 3, live: 3, os: { windows: 2, linux: 1 } },
      }),
    ).toBe(true);
    expect(
      Value.Check(ClientGroupMembersCount, {
        startTime: '2018-01-08T20:00:51Z',
        endTime: '2018-01-08T20:01:06Z',
        groupId: 'g',
        count: 25,
        accuracy: 'approximate',
      }),
    ).toBe(false);
    expect(Value.Check(ProcessCollection, { value: [], nextLink: 'https://x/next' })).toBe(true);
    expect(Value.Check(ProcessCollection, { nextLink: 'https://x/next' })).toBe(false);
    expect(Value.Check(ErrorResponse, { error: { code: 'NotFound', message: 'no such machine' } })).toBe(true);
    expect(Value.Check(ErrorResponse, { code: 'NotFound' })).toBe(false);
  });
});
