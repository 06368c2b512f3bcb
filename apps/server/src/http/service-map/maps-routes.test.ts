import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MapResponse } from '@servicemap/protocol';
import { buildApp, type ServerApp } from '../../app.js';
import { DuckDBStorage } from '../../storage/duckdb/duckdb-storage.js';
import { clientReport, machineOf, serverReport, WORLD } from './maps-test-world.js';

const NOW = new Date('2025-01-01T00:30:00.000Z');
let dir: string;
let storage: DuckDBStorage;
let app: ServerApp;
let base: string;
let reader: string;
let contributor: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'maps-routes-'));
  storage = await DuckDBStorage.open({ path: join(dir, 'servicemap.duckdb') });
  app = await buildApp({ storage, now: () => NOW });
  const { workspace } = await app.adminService.createWorkspace('default');
  reader = (await app.adminService.createToken(workspace.id, 'reader')).secret;
  contributor = (await app.adminService.createToken(workspace.id, 'contributor')).secret;
  for (const report of [clientReport(), serverReport()]) {
    await storage.ingestReport({ workspaceId: workspace.id, report, receivedAt: NOW });
  }
  base = `/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.OperationalInsights/workspaces/${workspace.id}/features/serviceMap`;
});

afterAll(async () => {
  await app.close();
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

const CLIENT = machineOf(WORLD.client.agentId);
const SERVER = machineOf(WORLD.server.agentId);
const machineId = (m: string) => `${base}/machines/${m}`;
const window = { startTime: '2025-01-01T00:00:00.000Z', endTime: '2025-01-01T00:30:00.000Z' };

const generate = (body: unknown, token = reader) =>
  app.inject({ method: 'POST', url: `${base}/generateMap?api-version=2015-11-01-preview`, headers: { authorization: `Bearer ${token}` }, payload: body as object });

const names = (items: readonly { name: string }[]) => items.map((i) => i.name);

describe('POST generateMap', () => {
  it('draws a single-machine map: the peer server, the failed agentless back-end, ok and failed links', async () => {
    const res = await generate({ kind: 'map:single-machine-dependency', machineId: machineId(CLIENT), ...window });
    expect(res.statusCode).toBe(200);
    const { map, startTime, endTime } = res.json<MapResponse>();
    expect({ startTime, endTime }).toEqual(window);
    expect(names(map.nodes.machines)).toEqual([CLIENT, SERVER, 't-0a000707']);
    expect(names(map.nodes.processes)).toEqual(expect.arrayContaining([WORLD.client.process, WORLD.server.process]));
    const states = new Map(map.edges.connections.map((c) => [c.properties.destination.name ?? '', c.properties.failureState]));
    expect(states.get(WORLD.server.process)).toBe('ok');
    // The client's outbound half and the server's inbound half are one connection.
    expect(map.edges.connections.filter((c) => c.properties.destination.name === WORLD.server.process)).toHaveLength(1);
    expect([...states.values()]).toContain('failed');
    // The server's agentless client is not a dependency of the client machine.
    expect(map.nodes.clientGroups).toEqual([]);
  });

  it('draws the server map with the agentless client as client groups', async () => {
    const res = await generate({ kind: 'map:single-machine-dependency', machineId: machineId(SERVER), ...window });
    expect(res.statusCode).toBe(200);
    const { map } = res.json<MapResponse>();
    expect(names(map.nodes.clientGroups)).toEqual([`m!${SERVER}`, `m!${SERVER}!p!${WORLD.server.process}`]);
    expect(names(map.nodes.machines)).toEqual([CLIENT, SERVER]);
    expect(map.edges.acceptors.length).toBeGreaterThan(0);
  });

  it('draws a machine-list map with filterProcesses keeping only processes that talk within the list', async () => {
    const res = await generate({ kind: 'map:machine-list-dependency', machineIds: [machineId(CLIENT), machineId(SERVER)], filterProcesses: true, ...window });
    expect(res.statusCode).toBe(200);
    const { map } = res.json<MapResponse>();
    expect(names(map.nodes.processes)).toEqual(expect.arrayContaining([WORLD.client.process, WORLD.server.process]));
  });

  it('draws a stored machine group map, over a window longer than an hour', async () => {
    const created = await app.inject({
      method: 'POST', url: `${base}/machineGroups`, headers: { authorization: `Bearer ${contributor}` },
      payload: { kind: 'machineGroup', properties: { displayName: 'pair', machines: [{ kind: 'ref:machinewithhints', id: machineId(SERVER) }] } },
    });
    expect(created.statusCode).toBe(201);
    const res = await generate({
      kind: 'map:machine-group-dependency', machineGroupId: created.json<{ id: string }>().id,
      startTime: '2024-12-30T00:00:00.000Z', endTime: '2025-01-01T00:30:00.000Z',
    });
    expect(res.statusCode).toBe(200);
    expect(names(res.json<MapResponse>().map.nodes.clientGroups)).toContain(`m!${SERVER}`);
  });

  it('answers 404 for an unknown machine or group', async () => {
    const machine = await generate({ kind: 'map:single-machine-dependency', machineId: machineId('m-cccccccc-0000-4000-8000-000000000003') });
    expect(machine.statusCode).toBe(404);
    expect(machine.json<{ error: { code: string } }>().error.code).toBe('NotFound');
    const group = await generate({ kind: 'map:machine-group-dependency', machineGroupId: `${base}/machineGroups/00000000-0000-4000-8000-000000000000` });
    expect(group.statusCode).toBe(404);
  });

  it('answers 400 naming the bad field', async () => {
    const cases: [unknown, string][] = [
      [{ kind: 'map:single-machine-dependency' }, '/machineId'],
      [{ kind: 'map:everything' }, '/kind'],
      [{ kind: 'map:single-machine-dependency', machineId: machineId(CLIENT), startTime: 'yesterday' }, '/startTime'],
      [{ kind: 'map:machine-list-dependency', machineIds: [`${base}/machineGroups/x`] }, '/machineId'],
      [{ kind: 'map:single-machine-dependency', machineId: machineId(CLIENT), endTime: '2025-02-30T00:00:00Z' }, '/endTime'],
      [{ kind: 'map:single-machine-dependency', machineId: machineId(CLIENT), ...window, startTime: window.endTime, endTime: window.startTime }, '/startTime'],
    ];
    for (const [body, field] of cases) {
      const res = await generate(body);
      expect(res.statusCode).toBe(400);
      const error = res.json<{ error: { code: string; message: string } }>().error;
      expect(error.code).toBe('InvalidRequest');
      expect(error.message).toContain(field);
    }
  });

  it('needs a token of the workspace', async () => {
    const res = await app.inject({ method: 'POST', url: `${base}/generateMap`, payload: { kind: 'map:single-machine-dependency', machineId: machineId(CLIENT) } });
    expect(res.statusCode).toBe(401);
    const other = await app.inject({
      method: 'POST', url: `${base.replace(/workspaces\/[^/]+/, 'workspaces/other-ws')}/generateMap`,
      headers: { authorization: `Bearer ${reader}` }, payload: { kind: 'map:single-machine-dependency', machineId: machineId(CLIENT) },
    });
    expect(other.statusCode).toBe(403);
  });

  it('is listed in /openapi.json', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json', headers: { authorization: `Bearer ${reader}` } });
    const { paths } = res.json<{ paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>();
    const prefix = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/{workspaceName}/features/serviceMap';
    expect(Object.keys(paths[`${prefix}/generateMap`] ?? {})).toEqual(['post']);
    expect(Object.keys(paths[`${prefix}/machineGroups`] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths[`${prefix}/machineGroups/{machineGroupName}`] ?? {}).sort()).toEqual(['delete', 'get', 'put']);
    expect(Object.keys(paths[`${prefix}/machineGroups`]?.post?.responses ?? {})).toContain('201');
    expect(Object.keys(paths[`${prefix}/machineGroups/{machineGroupName}`]?.delete?.responses ?? {})).toContain('204');
    expect(paths[`${prefix}/machines/{machineName}/machineGroups`]?.get).toBeDefined();
  });
});
