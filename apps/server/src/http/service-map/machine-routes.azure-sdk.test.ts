import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServicemapManagementClient } from '@azure/arm-servicemap';
import { serviceMapSdkClient } from '../../testing/service-map-sdk-client.js';
import { processId } from '../../testing/make-report.js';
import { DB1, EXTRA_AGENTS, OLD1, openMachinesWorld, WEB1, type MachinesWorld } from './machines-test-world.js';

// Azure's own (old AutoRest) client against our server on loopback: proves the wire shapes,
// statuses, query serialization and nextLink paging work for a real Service Map client.

let w: MachinesWorld;
let client: ServicemapManagementClient;
let foreignClient: ServicemapManagementClient;
const RG = 'rg1';

beforeAll(async () => {
  w = await openMachinesWorld();
  const address = await w.app.listen({ host: '127.0.0.1', port: 0 });
  client = serviceMapSdkClient(w.readerToken, address);
  foreignClient = serviceMapSdkClient(w.otherToken, address);
});
afterAll(async () => {
  await w.close();
});

const everyLive = [`m-${WEB1}`, `m-${DB1}`, ...EXTRA_AGENTS.map((a) => `m-${a}`)].sort();

describe('@azure/arm-servicemap against the server', () => {
  it('machines.listByWorkspace pages with listByWorkspaceNext', async () => {
    const names: string[] = [];
    let page = await client.machines.listByWorkspace(RG, w.workspaceId, { top: 2 });
    names.push(...page.map((m) => m.name ?? ''));
    let pages = 1;
    while (page.nextLink !== undefined) {
      page = await client.machines.listByWorkspaceNext(page.nextLink);
      names.push(...page.map((m) => m.name ?? ''));
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(names).toEqual(everyLive);
  });

  it('machines.listByWorkspace in inventory mode and with an interval', async () => {
    const inventory = await client.machines.listByWorkspace(RG, w.workspaceId, {
      live: false, timestamp: new Date('2024-12-31T21:00:00Z'),
    });
    expect(inventory.map((m) => m.name)).toEqual([`m-${OLD1}`]);
    const interval = await client.machines.listByWorkspace(RG, w.workspaceId, {
      startTime: new Date('2024-12-31T19:00:00Z'), endTime: new Date('2024-12-31T21:00:00Z'),
    });
    expect(interval.map((m) => m.name)).toEqual([`m-${OLD1}`]);
  });

  it('machines.get deserializes the Machine (flattened properties, dates)', async () => {
    const machine = await client.machines.get(RG, w.workspaceId, `m-${DB1}`);
    expect(machine.kind).toBe('machine');
    expect(machine.displayName).toBe('db1');
    expect(machine.timestamp?.toISOString()).toBe('2025-01-01T00:01:00.000Z');
    expect(machine.operatingSystem?.family).toBe('windows');
    expect(machine.virtualMachine?.virtualMachineType).toBe('hyperv');
    expect(machine.agent?.agentId).toBe(DB1);
  });

  it('machines.get of an unknown machine rejects with the 404 code', async () => {
    await expect(client.machines.get(RG, w.workspaceId, 'm-00000000-0000-4000-8000-000000000000'))
      .rejects.toMatchObject({ statusCode: 404, code: 'NotFound' });
  });

  it('machines.getLiveness', async () => {
    const live = await client.machines.getLiveness(RG, w.workspaceId, `m-${WEB1}`);
    expect(live.live).toBe(true);
    const old = await client.machines.getLiveness(RG, w.workspaceId, `m-${OLD1}`, {
      startTime: new Date('2025-01-01T00:00:00Z'), endTime: new Date('2025-01-01T00:05:00Z'),
    });
    expect(old.live).toBe(false);
    expect(old.startTime.toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });

  it('machines.listProcesses and processes.get', async () => {
    const processes = await client.machines.listProcesses(RG, w.workspaceId, `m-${WEB1}`);
    expect(processes.map((p) => p.name)).toEqual([processId(0), processId(1)]);
    expect(processes[0]?.executableName).toBe('nginx');
    expect(processes[0]?.role).toBe('webServer');
    const inventory = await client.machines.listProcesses(RG, w.workspaceId, `m-${OLD1}`, {
      live: false, timestamp: new Date('2024-12-31T20:30:00Z'),
    });
    expect(inventory).toHaveLength(2);
    const process = await client.processes.get(RG, w.workspaceId, `m-${DB1}`, processId(0));
    expect(process.details?.commandLine).toBe('nginx -g daemon off;');
    expect(process.startTime?.toISOString()).toBe('2024-12-31T00:00:00.000Z');
    const liveness = await client.processes.getLiveness(RG, w.workspaceId, `m-${DB1}`, processId(0));
    expect(liveness.live).toBe(true);
  });

  it('summaries.getMachines', async () => {
    const summary = await client.summaries.getMachines(RG, w.workspaceId);
    expect(summary).toMatchObject({ total: 6, live: 5, os: { windows: 1, linux: 5 }, name: 'machines' });
  });

  it('a token of another workspace is refused with 403', async () => {
    await expect(foreignClient.machines.listByWorkspace(RG, w.workspaceId))
      .rejects.toMatchObject({ statusCode: 403, code: 'WorkspaceForbidden' });
  });
});
