import { describe, expect, it } from 'vitest';
import { buildMap, type BoundPortRow, type ConnectionRow, type MapInput } from '@servicemap/topology';
import { clientGroupMembersOf, clientGroupOf, connectionsOf, portsOf, processOf } from './machine-relations.js';
import type { MachineView } from './machine-view.js';

// The pure selections over a machine view, on rows built by hand (no storage).

const S = 'm-bbbbbbbb-0000-4000-8000-000000000002';
const pool = (n: number): string => `p-${String(n).padStart(40, '0')}`;
const TIME = '2026-11-25T10:00:00.000Z';
const window = { startTime: '2026-11-25T10:00:00.000Z', endTime: '2026-11-25T10:10:00.000Z' };
const workspace = { subscriptionId: 's', resourceGroupName: 'rg', workspaceName: 'ws' };

const inbound = (sourceIp: string, port: number, process: string): ConnectionRow => ({
  machine: S, timeGenerated: TIME, direction: 'inbound', process, processName: 'srv', sourceIp, destinationIp: '10.0.0.2',
  destinationPort: port, linksEstablished: 1, linksTerminated: 0, linksFailed: 0, linksLive: 1, bytesSent: 1, bytesReceived: 1, selfLink: false,
});
const bound = (ip: string, port: number, process: string): BoundPortRow =>
  ({ machine: S, timeGenerated: TIME, process, processName: 'srv', ip, port });

function viewOf(connections: ConnectionRow[], boundPorts: BoundPortRow[]): MachineView {
  const input: MapInput = {
    workspace, window, scope: { kind: 'single', machine: S }, connections, boundPorts, machines: [], processes: [],
  };
  const built = buildMap(input);
  return { machine: S, window, input, map: built.response.map, clientGroups: built.annotations.clientGroups };
}

describe('portsOf', () => {
  it('names a reached port by the address clients used and folds a wildcard bind of its number into it', () => {
    const view = viewOf([inbound('10.9.9.9', 5432, pool(2))], [bound('0.0.0.0', 5432, pool(2)), bound('0.0.0.0', 5432, pool(3))]);
    expect(portsOf(view).map((e) => [e.port.name, e.processes])).toEqual([['b-0a000002_5432', [pool(2), pool(3)]]]);
  });

  it('keeps listen-only ports: a specific address by its name, a wildcard one on the wildcard address', () => {
    const view = viewOf([], [bound('10.0.0.2', 6379, pool(4)), bound('0.0.0.0', 8080, pool(5)), bound('::', 9090, pool(6))]);
    expect(portsOf(view).map((e) => [e.port.name, e.port.properties.ipAddress, e.processes])).toEqual([
      ['b-00000000000000000000000000000000_9090', '::', [pool(6)]],
      ['b-00000000_8080', '0.0.0.0', [pool(5)]],
      ['b-0a000002_6379', '10.0.0.2', [pool(4)]],
    ]);
    expect(processOf(view, pool(5))?.properties).toMatchObject({ monitoringState: 'monitored', executableName: 'srv' });
    expect(processOf(view, pool(9))).toBeUndefined();
  });
});

describe('client group members and connections', () => {
  const view = viewOf(
    [inbound('10.9.9.9', 80, pool(7)), inbound('10.9.9.9', 5432, pool(2)), inbound('10.9.9.8', 5432, pool(2))],
    [],
  );

  it('gives each agentless client its first port by name and every accepting process, within the group target', () => {
    const machine = clientGroupMembersOf(view, `m!${S}`) ?? [];
    expect(machine.map((m) => [m.name, m.properties.port?.name, m.properties.processes?.map((p) => p.name)])).toEqual([
      ['0a090908', 'b-0a000002_5432', [pool(2)]],
      ['0a090909', 'b-0a000002_5432', [pool(7), pool(2)].sort()],
    ]);
    const process = clientGroupMembersOf(view, `m!${S}!p!${pool(7)}`) ?? [];
    expect(process.map((m) => [m.properties.ipAddress, m.properties.port?.name])).toEqual([['10.9.9.9', 'b-0a000002_80']]);
    expect(clientGroupMembersOf(view, `m!${S}!p!${pool(8)}`)).toBeUndefined();
  });

  it('makes a port group of the machine group members that reached the port, which the map does not draw', () => {
    const name = `m!${S}!b!b-0a000002_80`;
    expect(view.map.nodes.clientGroups.map((g) => g.name)).not.toContain(name);
    const entry = clientGroupOf(view, name);
    expect(entry?.memberIps).toEqual(['10.9.9.9']);
    expect(entry?.group.properties.clientsOf).toMatchObject({ kind: 'ref:port', name: 'b-0a000002_80', properties: { portNumber: 80, ipAddress: '10.0.0.2' } });
    expect(clientGroupMembersOf(view, name)?.map((m) => [m.properties.port?.name, m.properties.processes?.map((p) => p.name)]))
      .toEqual([['b-0a000002_80', [pool(7)]]]);
    expect(clientGroupOf(view, `m!${S}!b!b-0a000002_81`)).toBeUndefined();
    expect(clientGroupOf(view, 'm!m-cccccccc-0000-4000-8000-000000000003')).toBeUndefined();
  });

  it('selects connections through a port, of a process and of a machine', () => {
    expect(connectionsOf(view, { kind: 'port', machine: S, port: 'b-0a000002_80' }).map((c) => c.properties.source.name).sort())
      .toEqual([`m!${S}`, `m!${S}!p!${pool(7)}`]);
    expect(connectionsOf(view, { kind: 'process', machine: S, process: pool(2) })).toHaveLength(2);
    expect(connectionsOf(view, { kind: 'machine', machine: S })).toHaveLength(4);
    expect(connectionsOf(view, { kind: 'machine', machine: 't-0a000707' })).toEqual([]);
  });
});
