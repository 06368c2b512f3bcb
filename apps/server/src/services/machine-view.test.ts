import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentReport, MachineInventory } from '@servicemap/protocol';
import { buildMap } from '@servicemap/topology';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientReport, machineOf, serverReport, WORLD } from '../http/service-map/maps-test-world.js';
import { DuckDBStorage } from '../storage/duckdb/duckdb-storage.js';
import type { AsOfQuery, StoredComputer } from '../storage/storage.js';
import { makeReport } from '../testing/make-report.js';
import { readMachineView } from './machine-view.js';

const WORKSPACE = '44444444-4444-4444-8444-444444444444';
const IDS = { subscriptionId: 's', resourceGroupName: 'rg', workspaceName: WORKSPACE };
const WINDOW = { startTime: '2025-01-01T00:00:00.000Z', endTime: '2025-01-01T00:30:00.000Z' };
/** Claimed by two machines' inventory: resolves to no one. */
const CONTESTED_IP = '10.0.6.6';
let dir: string;
let storage: DuckDBStorage;
/** Every latestComputers read's machine filter, to see which inventory a view pulls in. */
const inventoryReads: (readonly string[] | undefined)[] = [];

function claimant(agentId: string, host: string, ip: string): AgentReport {
  const base = makeReport({ agentId, time: WORLD.time, connections: 0, boundPorts: 0, processes: 1, hostName: host });
  return { ...base, computer: { ...(base.computer as MachineInventory), ipv4Interfaces: [{ ipAddress: ip, subnetMask: '255.255.255.0' }], ipv6Addresses: [] } };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'machine-view-'));
  storage = await DuckDBStorage.open({ path: join(dir, 'servicemap.duckdb') });
  const client = clientReport();
  const first = client.connections[0];
  if (first === undefined) throw new Error('the client world has a connection');
  const reports = [
    { ...client, connections: [...client.connections, { ...first, destinationIp: CONTESTED_IP, destinationPort: 8080 }] },
    serverReport(),
    claimant('eeeeeeee-0000-4000-8000-000000000005', 'dup1', CONTESTED_IP),
    claimant('eeeeeeee-0000-4000-8000-000000000006', 'dup2', CONTESTED_IP),
    claimant('eeeeeeee-0000-4000-8000-000000000007', 'bystander', '10.0.0.77'),
  ];
  const receivedAt = new Date('2025-01-01T00:30:00.000Z');
  for (const report of reports) await storage.ingestReport({ workspaceId: WORKSPACE, report, receivedAt });
  const latest = storage.latestComputers.bind(storage);
  storage.latestComputers = (query: AsOfQuery): Promise<StoredComputer[]> => {
    inventoryReads.push(query.machines);
    return latest(query);
  };
});

afterAll(async () => {
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

const view = (machine: string) => readMachineView(storage, { workspaceId: WORKSPACE, workspace: IDS, window: WINDOW, machine });
const hexOf = (ip: string): string => ip.split('.').map((b) => Number(b).toString(16).padStart(2, '0')).join('');

describe('readMachineView of a discovered machine', () => {
  it.each([
    ['an agentless back-end', WORLD.failedBackendIp, ['client1']],
    ['a monitored machine\'s address', WORLD.server.ip, ['client1', 'server1']],
    ['an address two machines claim (resolves to no one either way)', CONTESTED_IP, ['client1']],
  ])('of %s reads the callers\' rows and only the inventory needed, and draws what the whole fleet\'s would', async (_, ip, hosts) => {
    inventoryReads.length = 0;
    const got = await view(`t-${hexOf(ip)}`);
    // Only the caller's outbound rows to that address.
    expect(got.input.connections.map((c) => [c.machine, c.direction, c.destinationIp])).toEqual([[machineOf(WORLD.client.agentId), 'outbound', ip]]);
    expect(got.input.machines.map((m) => m.hostName).sort()).toEqual(hosts);
    expect(inventoryReads).toHaveLength(1);
    expect(inventoryReads[0]).toBeDefined();
    // The fleet's whole inventory draws the same map: the machines left out cannot change it.
    const everyone = await storage.latestComputers({ workspaceId: WORKSPACE, asOf: new Date(WINDOW.endTime) });
    expect(everyone.length).toBe(5);
    expect(got.map).toEqual(buildMap({ ...got.input, machines: everyone }).response.map);
  });

  it('draws a node for an agentless address and none under the t- name for an owned one', async () => {
    const backend = await view(`t-${hexOf(WORLD.failedBackendIp)}`);
    expect(backend.map.nodes.machines.map((m) => m.name)).toContain(`t-${hexOf(WORLD.failedBackendIp)}`);
    const owned = await view(`t-${hexOf(WORLD.server.ip)}`);
    const names = owned.map.nodes.machines.map((m) => m.name);
    expect(names).not.toContain(`t-${hexOf(WORLD.server.ip)}`);
    expect(names).toContain(machineOf(WORLD.server.agentId));
  });

  it('reads no inventory when no one called the address', async () => {
    inventoryReads.length = 0;
    const got = await view('t-0a636363');
    expect(got.input.connections).toEqual([]);
    expect(got.input.machines).toEqual([]);
    expect(inventoryReads).toEqual([]);
  });
});
