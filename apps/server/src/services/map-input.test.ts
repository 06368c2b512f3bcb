import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientReport, machineOf, serverReport, WORLD } from '../http/service-map/maps-test-world.js';
import { DuckDBStorage } from '../storage/duckdb/duckdb-storage.js';
import { makeReport } from '../testing/make-report.js';
import { clientReport as otherClient } from '../http/service-map/maps-test-world.js';
import type { StoredConnection } from '../storage/storage.js';
import { addressOwners, inventoryNeeded, peersOf, readMapInput, unknownMachines } from './map-input.js';

const WORKSPACE = '11111111-1111-4111-8111-111111111111';
const IDS = { subscriptionId: 's', resourceGroupName: 'rg', workspaceName: WORKSPACE };
const CLIENT = machineOf(WORLD.client.agentId);
const SERVER = machineOf(WORLD.server.agentId);
let dir: string;
let storage: DuckDBStorage;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'map-input-'));
  storage = await DuckDBStorage.open({ path: join(dir, 'servicemap.duckdb') });
  const receivedAt = new Date('2025-01-01T00:30:00.000Z');
  for (const report of [clientReport(), serverReport()]) await storage.ingestReport({ workspaceId: WORKSPACE, report, receivedAt });
  // A bystander: same shape as the client, another agent and address, talking to no one we draw.
  const bystander = otherClient();
  const agentId = 'dddddddd-0000-4000-8000-000000000004';
  await storage.ingestReport({
    workspaceId: WORKSPACE, receivedAt,
    report: {
      ...bystander, agentId, machine: `m-${agentId}`, batchId: 'dddddddd-0000-4000-8000-0000000000b1',
      ...(bystander.computer ? { computer: { ...bystander.computer, hostName: 'bystander', ipv4Interfaces: [{ ipAddress: '10.0.0.4', subnetMask: '255.255.255.0' }] } } : {}),
      connections: bystander.connections.map((c) => ({ ...c, sourceIp: '10.0.0.4', destinationIp: '10.0.5.5' })),
    },
  });
});

afterAll(async () => {
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

describe('readMapInput', () => {
  it('reads the rows of the focus and its monitored peers only, and the inventory of those', async () => {
    const window = { startTime: '2025-01-01T00:00:00.000Z', endTime: '2025-01-01T00:30:00.000Z' };
    const input = await readMapInput(storage, { workspaceId: WORKSPACE, workspace: IDS, window, scope: { kind: 'single', machine: CLIENT } });
    expect(input.window).toEqual(window);
    expect(input.workspace).toEqual(IDS);
    // The server's inbound rows are needed to join the two halves of the client's link.
    expect(input.connections.map((c) => c.machine).sort()).toEqual([CLIENT, CLIENT, SERVER, SERVER]);
    expect(input.boundPorts.map((b) => b.port)).toEqual([5432]);
    // The bystander claims no address of theirs: its inventory cannot change the map.
    expect(input.machines.map((m) => m.hostName).sort()).toEqual(['client1', 'server1']);
    expect(input.processes.map((p) => p.process).sort()).toEqual([WORLD.client.process, WORLD.server.process]);
    expect(input.showSelfLinks).toBeUndefined();
  });

  it('reads nothing from a window before the data, yet keeps the scope', async () => {
    const window = { startTime: '2024-12-31T00:00:00.000Z', endTime: '2024-12-31T01:00:00.000Z' };
    const input = await readMapInput(storage, { workspaceId: WORKSPACE, workspace: IDS, window, scope: { kind: 'single', machine: CLIENT }, showSelfLinks: true });
    expect(input.connections).toEqual([]);
    expect(input.machines).toEqual([]);
    expect(input.showSelfLinks).toBe(true);
  });

  it('reads only its own workspace', async () => {
    const window = { startTime: '2025-01-01T00:00:00.000Z', endTime: '2025-01-01T00:30:00.000Z' };
    const other = await readMapInput(storage, { workspaceId: '22222222-2222-4222-8222-222222222222', workspace: IDS, window, scope: { kind: 'single', machine: CLIENT } });
    expect(other.connections).toEqual([]);
  });
});

describe('unknownMachines', () => {
  it('names monitored machines that never reported in the span; discovered ones are never unknown', async () => {
    const since = new Date('2024-12-01T00:00:00.000Z');
    const until = new Date('2025-01-02T00:00:00.000Z');
    const stranger = 'm-cccccccc-0000-4000-8000-000000000003';
    expect(await unknownMachines(storage, WORKSPACE, [CLIENT, stranger, 't-0a000707'], since, until)).toEqual([stranger]);
    expect(await unknownMachines(storage, WORKSPACE, [], since, until)).toEqual([]);
    // Outside the span, the client is unknown too.
    expect(await unknownMachines(storage, WORKSPACE, [CLIENT], new Date('2025-02-01T00:00:00Z'), new Date('2025-03-01T00:00:00Z'))).toEqual([CLIENT]);
  });
});

describe('unknownMachines without inventory', () => {
  it('knows a machine from its batches when it sent no inventory in the span, and not one whose inventory is older', async () => {
    const workspaceId = '33333333-3333-4333-8333-333333333333';
    const old = makeReport({ time: '2024-12-10T00:00:00.000Z', connections: 0 });
    const bare = makeReport({ agentId: old.agentId, withComputer: false, processes: 0, connections: 1, time: '2025-01-01T00:00:00.000Z' });
    const silent = makeReport({ time: '2024-12-10T00:00:00.000Z', connections: 1 });
    for (const report of [old, bare, silent]) await storage.ingestReport({ workspaceId, report, receivedAt: new Date('2025-01-01T00:01:00.000Z') });
    const since = new Date('2024-12-20T00:00:00.000Z');
    const until = new Date('2025-01-02T00:00:00.000Z');
    expect(await unknownMachines(storage, workspaceId, [old.machine, silent.machine], since, until)).toEqual([silent.machine]);
    // Both inventories are stored, dated before the span: with it, both machines are known.
    expect(await unknownMachines(storage, workspaceId, [old.machine, silent.machine], new Date('2024-12-01T00:00:00.000Z'), until)).toEqual([]);
  });
});

describe('addressOwners and peersOf', () => {
  const computer = (machine: string, ips: string[], ipv6: string[] = []) => ({ machine, addresses: [...ips, ...ipv6] });
  const row = (direction: 'inbound' | 'outbound', sourceIp: string, destinationIp: string) =>
    ({ machine: 'm-a', direction, sourceIp, destinationIp }) as StoredConnection;

  it('gives an address claimed by two machines to no one, and canonicalises IPv6 and mapped IPv4', () => {
    const owners = addressOwners([computer('m-a', ['10.0.0.1']), computer('m-b', ['10.0.0.2', '10.0.0.9'], ['FD00::0002']), computer('m-c', ['10.0.0.9'])]);
    expect(owners.get('10.0.0.2')).toBe('m-b');
    expect(owners.get('fd00::2')).toBe('m-b');
    expect(owners.get('10.0.0.9')).toBeNull();
    const peers = peersOf([
      row('outbound', '10.0.0.1', '::ffff:10.0.0.2'), row('inbound', 'fd00::2', '10.0.0.1'),
      row('outbound', '10.0.0.1', '10.0.0.9'), row('outbound', '10.0.0.1', '10.0.0.1'), row('outbound', '10.0.0.1', '192.0.2.1'),
    ], owners, new Set(['m-a']));
    expect(peers).toEqual(['m-b']);
  });

  it('needs the inventory of the drawn machines and of every machine contesting one of their addresses', () => {
    const inventory = [computer('m-a', ['10.0.0.1']), computer('m-b', ['10.0.0.2']), computer('m-c', ['::ffff:10.0.0.1']), computer('m-d', ['10.0.0.4']), computer('m-e', ['10.0.0.4'])];
    expect(inventoryNeeded(inventory, ['m-a', 'm-b']).sort()).toEqual(['m-a', 'm-b', 'm-c']);
  });
});
