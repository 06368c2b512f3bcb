import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MapAnnotations } from '@servicemap/topology';
import type { MapResponse } from '@servicemap/protocol';
import { buildApp, type ServerApp } from '../app.js';
import { DuckDBStorage } from '../storage/duckdb/duckdb-storage.js';
import { clientReport, machineOf, serverReport, WORLD } from './service-map/maps-test-world.js';
import { WEB_DIR_ENV, webDirectory } from './ui-routes.js';

const NOW = new Date('2025-01-01T00:30:00.000Z');
let dir: string;
let storage: DuckDBStorage;
let app: ServerApp;
let reader: string;
let base: string;
const previousEnv = process.env[WEB_DIR_ENV];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ui-routes-'));
  const web = join(dir, 'web');
  await mkdir(join(web, 'assets'), { recursive: true });
  await writeFile(join(web, 'index.html'), '<!doctype html><title>Servicemap</title>');
  await writeFile(join(web, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.js'), 'secret');
  process.env[WEB_DIR_ENV] = web;
  storage = await DuckDBStorage.open({ path: join(dir, 'servicemap.duckdb') });
  app = await buildApp({ storage, now: () => NOW });
  const { workspace } = await app.adminService.createWorkspace('default');
  reader = (await app.adminService.createToken(workspace.id, 'reader')).secret;
  for (const report of [clientReport(), serverReport()]) {
    await storage.ingestReport({ workspaceId: workspace.id, report, receivedAt: NOW });
  }
  base = `/api/ui/v1/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.OperationalInsights/workspaces/${workspace.id}/features/serviceMap`;
});

afterAll(async () => {
  if (previousEnv === undefined) Reflect.deleteProperty(process.env, WEB_DIR_ENV);
  else process.env[WEB_DIR_ENV] = previousEnv;
  await app.close();
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

describe('web UI files', () => {
  it('serves the page at / with any view in the query string', async () => {
    const res = await app.inject({ method: 'GET', url: '/?focus=m-1&range=PT30M' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<title>Servicemap</title>');
  });

  it('serves assets with their content type', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.body).toBe('console.log(1)');
  });

  it('never leaves the asset directory and answers catalogue errors', async () => {
    for (const url of ['/assets/..%2Fsecret.js', '/assets/.hidden.js', '/assets/%2e%2e%2fsecret.js']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.json<{ error: { code: string } }>().error.code).toMatch(/InvalidRequest|NotFound/);
    }
    const missing = await app.inject({ method: 'GET', url: '/assets/nothing.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ error: { code: string } }>().error.code).toBe('NotFound');
    const exe = await app.inject({ method: 'GET', url: '/assets/app.exe' });
    expect(exe.statusCode).toBe(404);
  });

  it('finds the UI where the environment says, else beside the running code', () => {
    expect(webDirectory({ [WEB_DIR_ENV]: '/srv/ui' })).toBe('/srv/ui');
    expect(webDirectory({})).toMatch(/\/web$/);
  });

  it('leaves API routes as they were', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/nope' })).json<{ error: { code: string } }>().error.code).toBe('NotFound');
  });
});

describe('POST annotatedMap', () => {
  const machineId = (m: string) => `${base.replace('/api/ui/v1', '')}/machines/${m}`;
  const post = (body: object, token = reader) =>
    app.inject({ method: 'POST', url: `${base}/annotatedMap`, headers: { authorization: `Bearer ${token}` }, payload: body });

  it('answers the map and its annotations: link counters, client groups, server port groups', async () => {
    const res = await post({
      kind: 'map:single-machine-dependency', machineId: machineId(machineOf(WORLD.server.agentId)),
      startTime: '2025-01-01T00:00:00.000Z', endTime: '2025-01-01T00:30:00.000Z',
    });
    expect(res.statusCode).toBe(200);
    const { response, annotations } = res.json<{ response: MapResponse; annotations: MapAnnotations }>();
    expect(response.map.nodes.machines.map((m) => m.name)).toContain(machineOf(WORLD.client.agentId));
    expect(annotations.focusMachines).toEqual([machineOf(WORLD.server.agentId)]);
    expect(new Set(annotations.clientGroups.flatMap((g) => g.memberIps))).toEqual(new Set([WORLD.agentlessClientIp]));
    expect(annotations.connections.every((c) => c.linksEstablished >= 1)).toBe(true);
  });

  it('refuses missing credentials and bad bodies with catalogue errors', async () => {
    const anonymous = await app.inject({ method: 'POST', url: `${base}/annotatedMap`, payload: { kind: 'map:single-machine-dependency', machineId: 'x' } });
    expect(anonymous.statusCode).toBe(401);
    const bad = await post({ kind: 'map:single-machine-dependency', machineId: 'not-a-machine' });
    const badFlag = await app.inject({
      method: 'POST', url: `${base}/annotatedMap?selfLinks=yes`, headers: { authorization: `Bearer ${reader}` },
      payload: { kind: 'map:single-machine-dependency', machineId: machineId(machineOf(WORLD.server.agentId)) },
    });
    expect(badFlag.statusCode).toBe(400);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('InvalidRequest');
  });

  it('says what is wrong with a missing, non-JSON or array body, as generateMap does', async () => {
    const send = (payload: string | undefined, contentType?: string) => app.inject({
      method: 'POST', url: `${base}/annotatedMap`,
      headers: { authorization: `Bearer ${reader}`, ...(contentType === undefined ? {} : { 'content-type': contentType }) },
      ...(payload === undefined ? {} : { payload }),
    });
    const missing = await send(undefined);
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ error: { code: string; message: string } }>().error.message).toMatch(/body is required/);
    const text = await send('{"kind":"x"}', 'text/plain');
    expect(text.statusCode).toBe(400);
    expect(text.json<{ error: { code: string } }>().error.code).toBe('InvalidJson');
    const array = await send('[]', 'application/json');
    expect(array.statusCode).toBe(400);
    expect(array.json<{ error: { message: string } }>().error.message).toMatch(/not an array/);
  });
});
