import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServicemapManagementClient } from '@azure/arm-servicemap';
import { serviceMapSdkClient } from '../../testing/service-map-sdk-client.js';
import type { AgentReport, BoundPortRecord, ConnectionRecord, MachineInventory } from '@servicemap/protocol';
import { buildApp, type ServerApp } from '../../app.js';
import { DuckDBStorage } from '../../storage/duckdb/duckdb-storage.js';
import { makeReport, processId } from '../../testing/make-report.js';
import { serviceMapPath } from './machines-test-world.js';

// Lists longer than a page, through Azure's own (old AutoRest) client: each pageable list answers
// 100 items and an absolute nextLink, and the client's `*Next` method follows it to the rest.

const HUB = 'abababab-0000-4000-8000-000000000001';
const MACHINE = `m-${HUB}`;
const APP = processId(0);
const SERVER = processId(1);
const COUNT = 130;
const TIME = '2025-01-01T00:10:00.000Z';
const window = { startTime: new Date('2025-01-01T00:00:00Z'), endTime: new Date('2025-01-01T00:30:00Z') };
let clock = new Date('2025-01-01T00:15:00.000Z');
let dir: string;
let storage: DuckDBStorage;
let app: ServerApp;
let client: ServicemapManagementClient;
let ws: string;
let token: string;

/** The hub: `app` calls COUNT agentless back-ends, `server` listens on COUNT ports, COUNT process pools. */
function hubReport(): AgentReport {
  const base = makeReport({ agentId: HUB, time: TIME, connections: 0, boundPorts: 0, processes: COUNT, hostName: 'hub' });
  const connections: ConnectionRecord[] = Array.from({ length: COUNT }, (_, k) => ({
    timeGenerated: TIME, direction: 'outbound', process: APP, processName: 'nginx', sourceIp: '10.0.0.10',
    destinationIp: `10.50.0.${k + 1}`, destinationPort: 443, protocol: 'tcp', linksEstablished: 1, linksTerminated: 0,
    linksFailed: 0, linksLive: 1, bytesSent: 10, bytesReceived: 20, selfLink: false,
  }));
  const boundPorts: BoundPortRecord[] = Array.from({ length: COUNT }, (_, k) => ({
    timeGenerated: TIME, process: SERVER, processName: 'nginx', ip: '0.0.0.0', port: 9000 + k, protocol: 'tcp',
    isWildcardBind: true, linksEstablished: 1, linksTerminated: 0, linksLive: 1, bytesSent: 1, bytesReceived: 1,
  }));
  const computer = { ...(base.computer as MachineInventory), ipv4Interfaces: [{ ipAddress: '10.0.0.10', subnetMask: '255.255.255.0' }], ipv6Addresses: [] };
  return { ...base, computer, connections, boundPorts };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'list-paging-'));
  storage = await DuckDBStorage.open({ path: join(dir, 'servicemap.duckdb'), threads: 1 });
  app = await buildApp({ storage, now: () => clock });
  const { workspace } = await app.adminService.createWorkspace('paging');
  ws = workspace.id;
  token = (await app.adminService.createToken(ws, 'reader')).secret;
  await storage.ingestReport({ workspaceId: ws, report: hubReport(), receivedAt: new Date(TIME) });
  for (let k = 0; k < COUNT; k++) {
    const id = `cccccccc-0000-4000-8000-${k.toString().padStart(12, '0')}`;
    await storage.createMachineGroup(ws, id, { displayName: `group ${k.toString().padStart(3, '0')}`, machines: [MACHINE] }, new Date(TIME));
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  client = serviceMapSdkClient(token, `http://127.0.0.1:${String(port)}`);
});
afterAll(async () => {
  await app.close();
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

type Paged<T> = T[] & { nextLink?: string };

/** Every page of a list, following nextLink with the client's `*Next` method. */
async function allPages<T extends { name?: string }>(first: Promise<Paged<T>>, next: (link: string) => Promise<Paged<T>>): Promise<{ names: string[]; sizes: number[]; links: string[] }> {
  const names: string[] = [];
  const sizes: number[] = [];
  const links: string[] = [];
  let page = await first;
  for (;;) {
    names.push(...page.map((item) => item.name ?? ''));
    sizes.push(page.length);
    if (page.nextLink === undefined) return { names, sizes, links };
    links.push(page.nextLink);
    page = await next(page.nextLink);
  }
}

function expectWholeList(got: { names: string[]; sizes: number[]; links: string[] }, count: number): void {
  expect(got.sizes).toEqual([100, count - 100]);
  expect(new Set(got.names).size).toBe(count);
  // Absolute and self-contained: old AutoRest clients GET it verbatim.
  expect(got.links[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*\?api-version=2015-11-01-preview&%24skipToken=/);
}

describe('pageable lists through @azure/arm-servicemap', () => {
  it('machines.listConnections and processes.listConnections', async () => {
    expectWholeList(await allPages(
      client.machines.listConnections('rg1', ws, MACHINE, window),
      (link) => client.machines.listConnectionsNext(link),
    ), COUNT);
    expectWholeList(await allPages(
      client.processes.listConnections('rg1', ws, MACHINE, APP, window),
      (link) => client.processes.listConnectionsNext(link),
    ), COUNT);
  });

  it('machines.listPorts and processes.listAcceptingPorts', async () => {
    const ports = await allPages(client.machines.listPorts('rg1', ws, MACHINE, window), (link) => client.machines.listPortsNext(link));
    expectWholeList(ports, COUNT);
    expect(ports.names).toContain('b-00000000_9129');
    expectWholeList(await allPages(
      client.processes.listAcceptingPorts('rg1', ws, MACHINE, SERVER, window),
      (link) => client.processes.listAcceptingPortsNext(link),
    ), COUNT);
  });

  it('machines.listProcesses in inventory mode', async () => {
    const got = await allPages(
      client.machines.listProcesses('rg1', ws, MACHINE, { live: false, timestamp: new Date('2025-01-01T00:20:00Z') }),
      (link) => client.machines.listProcessesNext(link),
    );
    expectWholeList(got, COUNT);
    expect(got.names).toContain(processId(COUNT - 1));
  });

  it('later pages read the first page\'s window, not one that moved with now', async () => {
    clock = new Date('2025-01-01T00:15:00.000Z');
    const first = await client.machines.listConnections('rg1', ws, MACHINE);
    expect(first).toHaveLength(100);
    clock = new Date('2025-01-01T05:00:00.000Z');
    expect(await client.machines.listConnections('rg1', ws, MACHINE)).toHaveLength(0);
    expect(await client.machines.listConnectionsNext(first.nextLink ?? '')).toHaveLength(COUNT - 100);
    // Inventory mode freezes its timestamp likewise.
    clock = new Date('2025-01-01T00:15:00.000Z');
    const processes = await client.machines.listProcesses('rg1', ws, MACHINE, { live: false });
    clock = new Date('2025-03-01T00:00:00.000Z');
    expect(await client.machines.listProcessesNext(processes.nextLink ?? '')).toHaveLength(COUNT - 100);
  });

  it('machineGroups.listByWorkspace and machines.listMachineGroupMembership', async () => {
    const groups = await allPages(client.machineGroups.listByWorkspace('rg1', ws, window), (link) => client.machineGroups.listByWorkspaceNext(link));
    expectWholeList(groups, COUNT);
    const membership = await allPages(
      client.machines.listMachineGroupMembership('rg1', ws, MACHINE, window),
      (link) => client.machines.listMachineGroupMembershipNext(link),
    );
    expectWholeList(membership, COUNT);
    expect(membership.names).toEqual(groups.names);
  });

  it('a short list has no nextLink, and a forged continuation is a 400', async () => {
    const short = await client.ports.listConnections('rg1', ws, MACHINE, 'b-00000000_9000', window);
    expect(short.nextLink).toBeUndefined();
    const res = await app.inject({
      url: `${serviceMapPath(ws)}/machines/${MACHINE}/ports?api-version=2015-11-01-preview&$skipToken=bm90LWEtdG9rZW4`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'InvalidRequest' } });
  });
});
