import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MachineGroup, MachineGroupCollection } from '@servicemap/protocol';
import { buildApp, type ServerApp } from '../../app.js';
import { DuckDBStorage } from '../../storage/duckdb/duckdb-storage.js';
import { clientReport, machineOf, serverReport, WORLD } from './maps-test-world.js';

const NOW = new Date('2025-01-01T00:30:00.000Z');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let dir: string;
let storage: DuckDBStorage;
let app: ServerApp;
let base: string;
const tokens = { reader: '', contributor: '', admin: '' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'machine-groups-'));
  storage = await DuckDBStorage.open({ path: join(dir, 'servicemap.duckdb') });
  app = await buildApp({ storage, now: () => NOW });
  const { workspace } = await app.adminService.createWorkspace('default');
  for (const role of ['reader', 'contributor', 'admin'] as const) tokens[role] = (await app.adminService.createToken(workspace.id, role)).secret;
  for (const report of [clientReport(), serverReport()]) await storage.ingestReport({ workspaceId: workspace.id, report, receivedAt: NOW });
  base = `/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.OperationalInsights/workspaces/${workspace.id}/features/serviceMap`;
});

afterAll(async () => {
  await app.close();
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

const CLIENT = machineOf(WORLD.client.agentId);
const SERVER = machineOf(WORLD.server.agentId);
type Role = keyof typeof tokens;
const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, role: Role = 'contributor', payload?: object) =>
  app.inject({ method, url: `${base}${path}?api-version=2015-11-01-preview`, headers: { authorization: `Bearer ${tokens[role]}` }, ...(payload ? { payload } : {}) });
// Azure's examples omit /features/serviceMap in body ids; both forms are accepted.
const shortId = (m: string) => `${base.replace('/features/serviceMap', '')}/machines/${m}`;
const body = (displayName: string, machines: string[], etag?: string) => ({
  kind: 'machineGroup', ...(etag === undefined ? {} : { etag }),
  properties: { displayName, count: machines.length, machines: machines.map((m) => ({ kind: 'ref:machinewithhints', id: shortId(m) })) },
});
const code = (res: { json: () => unknown }) => (res.json() as { error: { code: string; message: string } }).error;

describe('machine groups', () => {
  it('create (201), get, update with etag (200, new etag), list, membership, delete (204)', async () => {
    const created = await call('POST', '/machineGroups', 'contributor', body('web tier', [CLIENT, SERVER]));
    expect(created.statusCode).toBe(201);
    const group = created.json<MachineGroup>();
    expect(group.name).toMatch(GUID);
    expect(group.id).toBe(`${base}/machineGroups/${group.name}`);
    expect(group.type).toBe('Microsoft.OperationalInsights/workspaces/features/machineGroups');
    expect(group.properties.groupType).toBe('unknown');
    expect(group.properties.count).toBe(2);
    expect(group.properties.machines).toEqual([
      { kind: 'ref:machinewithhints', id: `${base}/machines/${CLIENT}`, type: 'Microsoft.OperationalInsights/workspaces/features/machines', name: CLIENT,
        properties: { displayNameHint: WORLD.client.host, osFamilyHint: 'linux' } },
      expect.objectContaining({ name: SERVER, properties: { displayNameHint: WORLD.server.host, osFamilyHint: 'linux' } }),
    ]);

    const got = await call('GET', `/machineGroups/${group.name}`, 'reader');
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(group);

    const updated = await call('PUT', `/machineGroups/${group.name}`, 'contributor', body('db tier', [SERVER], group.etag));
    expect(updated.statusCode).toBe(200);
    const after = updated.json<MachineGroup>();
    expect(after.properties.displayName).toBe('db tier');
    expect(after.properties.machines?.map((m) => m.name)).toEqual([SERVER]);
    expect(after.etag).not.toBe(group.etag);

    const stale = await call('PUT', `/machineGroups/${group.name}`, 'contributor', body('again', [CLIENT], group.etag));
    expect(stale.statusCode).toBe(412);
    expect(code(stale).code).toBe('PreconditionFailed');

    const list = await call('GET', '/machineGroups', 'reader');
    expect(list.json<MachineGroupCollection>().value.map((g) => g.name)).toEqual([group.name]);
    const ofServer = await call('GET', `/machines/${SERVER}/machineGroups`, 'reader');
    expect(ofServer.json<MachineGroupCollection>().value.map((g) => g.name)).toEqual([group.name]);
    const ofClient = await call('GET', `/machines/${CLIENT}/machineGroups`, 'reader');
    expect(ofClient.statusCode).toBe(200);
    expect(ofClient.json<MachineGroupCollection>().value).toEqual([]);

    const deleted = await call('DELETE', `/machineGroups/${group.name}`, 'contributor');
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await call('GET', `/machineGroups/${group.name}`, 'reader')).statusCode).toBe(404);
    expect((await call('DELETE', `/machineGroups/${group.name}`, 'contributor')).statusCode).toBe(404);
  });

  it('has no size limit', async () => {
    const machines = Array.from({ length: 500 }, (_, i) => `m-${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`);
    const res = await call('POST', '/machineGroups', 'admin', body('big', machines));
    expect(res.statusCode).toBe(201);
    expect(res.json<MachineGroup>().properties.count).toBe(500);
    expect(res.json<MachineGroup>().properties.machines?.[0]?.properties?.osFamilyHint).toBe('unknown');
    expect((await call('DELETE', `/machineGroups/${res.json<MachineGroup>().name}`, 'admin')).statusCode).toBe(204);
  });

  it('refuses changes from a reader with 403', async () => {
    const res = await call('POST', '/machineGroups', 'reader', body('x', [CLIENT]));
    expect(res.statusCode).toBe(403);
    expect(code(res).code).toBe('InsufficientRole');
    expect((await call('PUT', '/machineGroups/00000000-0000-4000-8000-000000000000', 'reader', body('x', []))).statusCode).toBe(403);
    expect((await call('DELETE', '/machineGroups/00000000-0000-4000-8000-000000000000', 'reader')).statusCode).toBe(403);
    expect((await call('GET', '/machineGroups', 'reader')).json<MachineGroupCollection>().value).toEqual([]);
  });

  it('answers 400 naming the field, 404 for unknown groups and machines', async () => {
    const noName = await call('POST', '/machineGroups', 'contributor', { kind: 'machineGroup', properties: {} });
    expect(noName.statusCode).toBe(400);
    expect(code(noName).message).toContain('/properties/displayName');
    const badRef = await call('POST', '/machineGroups', 'contributor', {
      kind: 'machineGroup', properties: { displayName: 'x', machines: [{ kind: 'ref:machinewithhints', id: `${base}/machineGroups/abc` }] },
    });
    expect(badRef.statusCode).toBe(400);
    expect(code(badRef).message).toContain('/properties/machines/0/id');
    expect((await call('GET', '/machineGroups/short', 'reader')).statusCode).toBe(400);
    expect((await call('GET', '/machineGroups/00000000-0000-4000-8000-000000000000', 'reader')).statusCode).toBe(404);
    expect((await call('PUT', '/machineGroups/00000000-0000-4000-8000-000000000000', 'contributor', body('x', []))).statusCode).toBe(404);
    expect((await call('GET', '/machines/m-cccccccc-0000-4000-8000-000000000003/machineGroups', 'reader')).statusCode).toBe(404);
    const badJson = await app.inject({
      method: 'POST', url: `${base}/machineGroups`, payload: '{"kind":',
      headers: { authorization: `Bearer ${tokens.contributor}`, 'content-type': 'application/json' },
    });
    expect(badJson.statusCode).toBe(400);
    expect(code(badJson).code).toBe('InvalidJson');
  });

  it('takes a DELETE with a JSON content type and no body, as the Azure SDKs send it', async () => {
    const created = await call('POST', '/machineGroups', 'contributor', body('tmp', [CLIENT]));
    const res = await app.inject({
      method: 'DELETE', url: `${base}/machineGroups/${created.json<MachineGroup>().name}`,
      headers: { authorization: `Bearer ${tokens.contributor}`, 'content-type': 'application/json; charset=utf-8' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['content-type']).toBeUndefined();
  });
});
