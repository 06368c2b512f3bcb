import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientReport, machineOf, serverReport, WORLD } from '../http/service-map/maps-test-world.js';
import { DuckDBStorage } from '../storage/duckdb/duckdb-storage.js';
import { readMapInput, unknownMachines } from './map-input.js';

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
});

afterAll(async () => {
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

describe('readMapInput', () => {
  it('reads every machine\'s rows of the window and the inventory as of its end', async () => {
    const window = { startTime: '2025-01-01T00:00:00.000Z', endTime: '2025-01-01T00:30:00.000Z' };
    const input = await readMapInput(storage, { workspaceId: WORKSPACE, workspace: IDS, window, scope: { kind: 'single', machine: CLIENT } });
    expect(input.window).toEqual(window);
    expect(input.workspace).toEqual(IDS);
    // The server's inbound rows are needed to join the two halves of the client's link.
    expect(input.connections.map((c) => c.machine).sort()).toEqual([CLIENT, CLIENT, SERVER, SERVER]);
    expect(input.boundPorts.map((b) => b.port)).toEqual([5432]);
    expect(input.machines.map((m) => `${m.machine}:${m.hostName}`).sort()).toEqual([`${CLIENT}:client1`, `${SERVER}:server1`]);
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
