import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServicemapManagementClient } from '@azure/arm-servicemap';
import { serviceMapSdkClient } from '../../testing/service-map-sdk-client.js';
import { buildApp, type ServerApp } from '../../app.js';
import { DuckDBStorage } from '../../storage/duckdb/duckdb-storage.js';
import { clientReport, machineOf, serverReport, WORLD } from './maps-test-world.js';

// The real Azure SDK client (pinned devDependency) against a server on loopback: it accepts only
// the documented status of each operation (201 create, 204 delete) and deserializes our JSON.
const NOW = new Date('2025-01-01T00:30:00.000Z');
const SUBSCRIPTION = '00000000-0000-4000-8000-0000000000aa';
const RG = 'rg1';
const CLIENT = machineOf(WORLD.client.agentId);
const SERVER = machineOf(WORLD.server.agentId);
const window = { startTime: new Date('2025-01-01T00:00:00.000Z'), endTime: new Date('2025-01-01T00:30:00.000Z') };
let dir: string;
let storage: DuckDBStorage;
let app: ServerApp;
let workspaceId: string;
let client: ServicemapManagementClient;

const clientWith = (token: string, baseUri: string): ServicemapManagementClient => serviceMapSdkClient(token, baseUri, SUBSCRIPTION);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'maps-sdk-'));
  storage = await DuckDBStorage.open({ path: join(dir, 'servicemap.duckdb') });
  app = await buildApp({ storage, now: () => NOW });
  const { workspace } = await app.adminService.createWorkspace('default');
  workspaceId = workspace.id;
  for (const report of [clientReport(), serverReport()]) await storage.ingestReport({ workspaceId, report, receivedAt: NOW });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  client = clientWith((await app.adminService.createToken(workspaceId, 'contributor')).secret, `http://127.0.0.1:${String(port)}`);
});

afterAll(async () => {
  await app.close();
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

const machineId = (m: string) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/${workspaceId}/features/serviceMap/machines/${m}`;

describe('@azure/arm-servicemap against the server', () => {
  it('maps.generate for a single machine', async () => {
    const res = await client.maps.generate(RG, workspaceId, { kind: 'map:single-machine-dependency', machineId: machineId(CLIENT), ...window });
    expect(res.startTime).toEqual(window.startTime);
    expect(res.map.nodes.machines?.map((m) => m.name)).toEqual([CLIENT, SERVER, 't-0a000707']);
    expect(res.map.edges.connections?.map((c) => c.failureState).sort()).toEqual(['failed', 'ok']);
  });

  it('maps.generate for a machine list with filterProcesses', async () => {
    const res = await client.maps.generate(RG, workspaceId, {
      kind: 'map:machine-list-dependency', machineIds: [machineId(CLIENT), machineId(SERVER)], filterProcesses: true, ...window,
    });
    expect(res.map.nodes.processes?.map((p) => p.name)).toEqual(expect.arrayContaining([WORLD.client.process, WORLD.server.process]));
  });

  it('machine groups: create (201), get, update, list, membership, group map, delete (204)', async () => {
    const created = await client.machineGroups.create(RG, workspaceId, {
      kind: 'machineGroup', displayName: 'tier', machines: [{ kind: 'ref:machinewithhints', id: machineId(SERVER) }],
    });
    expect(created._response.status).toBe(201);
    const name = created.name ?? '';
    expect(name).toHaveLength(36);
    expect(created.machines?.[0]?.displayNameHint).toBe(WORLD.server.host);
    expect(created.machines?.[0]?.osFamilyHint).toBe('linux');

    const got = await client.machineGroups.get(RG, workspaceId, name);
    expect(got.displayName).toBe('tier');

    const updated = await client.machineGroups.update(RG, workspaceId, name, {
      kind: 'machineGroup', displayName: 'tier 2', etag: got.etag ?? '',
      machines: [{ kind: 'ref:machinewithhints', id: machineId(SERVER) }, { kind: 'ref:machinewithhints', id: machineId(CLIENT) }],
    });
    expect(updated._response.status).toBe(200);
    expect(updated.count).toBe(2);
    expect(updated.etag).not.toBe(got.etag);

    const list = await client.machineGroups.listByWorkspace(RG, workspaceId);
    expect(list.map((g) => g.name)).toEqual([name]);
    const membership = await client.machines.listMachineGroupMembership(RG, workspaceId, CLIENT);
    expect(membership.map((g) => g.displayName)).toEqual(['tier 2']);

    const map = await client.maps.generate(RG, workspaceId, {
      kind: 'map:machine-group-dependency', machineGroupId: created.id ?? '', filterProcesses: false, ...window,
    });
    expect(map.map.nodes.clientGroups?.map((g) => g.name)).toContain(`m!${SERVER}`);

    const deleted = await client.machineGroups.deleteMethod(RG, workspaceId, name);
    expect(deleted._response.status).toBe(204);
    await expect(client.machineGroups.get(RG, workspaceId, name)).rejects.toMatchObject({ statusCode: 404, code: 'NotFound' });
  });
});
