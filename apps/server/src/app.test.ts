import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AGENT_KEY_HEADER, INGEST_PATH, WORKSPACE_HEADER } from '@servicemap/protocol';
import { buildApp, type ServerApp } from './app.js';
import { ApiError } from './errors.js';
import { bearerGuard } from './http/bearer-guard.js';
import { DuckDBStorage } from './storage/duckdb/duckdb-storage.js';
import { StorageBusyError } from './storage/storage.js';
import { makeReport } from './testing/make-report.js';

const NOW = new Date('2025-01-01T00:05:00.000Z');
const LIMITS = { maxBodyBytes: 64 * 1024, maxJsonBytes: 256 * 1024 };

interface Harness {
  app: ServerApp;
  storage: DuckDBStorage;
  workspaceId: string;
  agentKey: string;
  tokens: Record<'reader' | 'contributor' | 'admin', string>;
}

let h: Harness;

beforeEach(async () => {
  const storage = await DuckDBStorage.open({ path: ':memory:' });
  const app = await buildApp({ storage, now: () => NOW, limits: LIMITS });
  const { workspace, agentKey } = await app.adminService.createWorkspace('default');
  const token = async (role: 'reader' | 'contributor' | 'admin') =>
    (await app.adminService.createToken(workspace.id, role)).secret;
  h = {
    app, storage, workspaceId: workspace.id, agentKey,
    tokens: { reader: await token('reader'), contributor: await token('contributor'), admin: await token('admin') },
  };
});

afterEach(async () => {
  await h.app.close();
  await h.storage.close();
});

const agentHeaders = (extra: Record<string, string> = {}) => ({
  'content-type': 'application/json', [WORKSPACE_HEADER]: h.workspaceId, [AGENT_KEY_HEADER]: h.agentKey, ...extra,
});

const send = (body: string | Buffer, headers: Record<string, string> = agentHeaders()) =>
  h.app.inject({ method: 'POST', url: INGEST_PATH, headers, payload: body });

const error = (res: { json: () => unknown }) => (res.json() as { error: { code: string; message: string } }).error;
const bearer = (role: keyof Harness['tokens']) => ({ authorization: `Bearer ${h.tokens[role]}` });
const windowOf = () => ({ workspaceId: h.workspaceId, from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-01-01T01:00:00Z') });

describe('ingest', () => {
  it('stores an identity JSON batch and acknowledges it', async () => {
    const report = makeReport({ connections: 3 });
    const res = await send(JSON.stringify(report));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ batchId: report.batchId, stored: true });
    expect(await h.storage.connections(windowOf())).toHaveLength(3);
  });

  it('stores a gzip batch', async () => {
    const report = makeReport({ connections: 4 });
    const res = await send(gzipSync(JSON.stringify(report)), agentHeaders({ 'content-encoding': 'gzip' }));
    expect(res.statusCode).toBe(200);
    expect(await h.storage.connections(windowOf())).toHaveLength(4);
  });

  it('answers a duplicate batch with stored:false and stores nothing more', async () => {
    const report = makeReport({ connections: 2 });
    await send(JSON.stringify(report));
    const again = await send(JSON.stringify(report));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ batchId: report.batchId, stored: false });
    expect(await h.storage.connections(windowOf())).toHaveLength(2);
  });

  it('refuses malformed JSON with 400 InvalidJson', async () => {
    const res = await send('{"protocolVersion": 1,');
    expect(res.statusCode).toBe(400);
    expect(error(res).code).toBe('InvalidJson');
  });

  it('refuses a body that is not gzip though it says so', async () => {
    const res = await send('not gzip at all', agentHeaders({ 'content-encoding': 'gzip' }));
    expect(res.statusCode).toBe(400);
    expect(error(res).code).toBe('InvalidGzip');
  });

  it('refuses an unknown content encoding and content type with 415', async () => {
    const br = await send('{}', agentHeaders({ 'content-encoding': 'br' }));
    expect([br.statusCode, error(br).code]).toEqual([415, 'UnsupportedContentEncoding']);
    const text = await send('{}', agentHeaders({ 'content-type': 'text/plain' }));
    expect([text.statusCode, error(text).code]).toEqual([415, 'UnsupportedMediaType']);
  });

  it('refuses an oversized compressed body with 413', async () => {
    const big = makeReport({ connections: 2000 });
    const body = JSON.stringify(big);
    expect(body.length).toBeGreaterThan(LIMITS.maxBodyBytes);
    const res = await send(body);
    expect([res.statusCode, error(res).code]).toEqual([413, 'PayloadTooLarge']);
  });

  it('refuses a small gzip that inflates past the decompressed limit with 413', async () => {
    const bomb = gzipSync(Buffer.alloc(LIMITS.maxJsonBytes * 4, 0x20));
    expect(bomb.length).toBeLessThan(LIMITS.maxBodyBytes);
    const res = await send(bomb, agentHeaders({ 'content-encoding': 'gzip' }));
    expect([res.statusCode, error(res).code]).toEqual([413, 'PayloadTooLarge']);
    expect(error(res).message).toContain('decompressed');
  });

  it('names the bad field of a wrong-schema report', async () => {
    const report = makeReport({ connections: 5 });
    const raw = JSON.parse(JSON.stringify(report)) as { connections: Record<string, unknown>[] };
    raw.connections[3]!.destinationPort = 70000;
    const res = await send(JSON.stringify(raw));
    expect([res.statusCode, error(res).code]).toEqual([400, 'InvalidRequest']);
    expect(error(res).message).toContain('/connections/3/destinationPort');
    expect(await h.storage.connections(windowOf())).toEqual([]);
  });

  it('refuses unknown and missing properties and wrong types, without coercion', async () => {
    const cases: [(r: Record<string, unknown>) => void, string][] = [
      [(r) => { (r.connections as Record<string, unknown>[])[0]!.bogus = 1; }, '/connections/0/bogus'],
      [(r) => { delete r.health; }, '/health'],
      [(r) => { (r.connections as Record<string, unknown>[])[1]!.destinationPort = '443'; }, '/connections/1/destinationPort'],
      [(r) => { r.protocolVersion = 99; }, '/protocolVersion'],
    ];
    for (const [mutate, field] of cases) {
      const raw = JSON.parse(JSON.stringify(makeReport())) as Record<string, unknown>;
      mutate(raw);
      const res = await send(JSON.stringify(raw));
      expect(res.statusCode).toBe(400);
      expect(error(res).message).toContain(field);
    }
  });

  it('refuses windows more than ten minutes ahead of the server clock', async () => {
    const ahead = makeReport({ time: '2025-01-01T00:16:00.000Z', connections: 1 });
    const res = await send(JSON.stringify(ahead));
    expect([res.statusCode, error(res).code]).toEqual([400, 'WindowInFuture']);
    expect(error(res).message).toContain('/connections/0/timeGenerated');
    const nearlyNow = makeReport({ time: '2025-01-01T00:14:00.000Z', connections: 1 });
    expect((await send(JSON.stringify(nearlyNow))).statusCode).toBe(200);
  });

  it('accepts old windows within retention', async () => {
    const old = makeReport({ time: '2024-12-10T00:00:00.000Z', connections: 2 });
    expect((await send(JSON.stringify(old))).statusCode).toBe(200);
    const rows = await h.storage.connections({ ...windowOf(), from: new Date('2024-12-10T00:00:00Z') });
    expect(rows).toHaveLength(2);
  });

  it('refuses a machine that is not m-{agentId}', async () => {
    const report = { ...makeReport(), machine: 'm-00000000-0000-0000-0000-000000000000' };
    const res = await send(JSON.stringify(report));
    expect([res.statusCode, error(res).code]).toEqual([400, 'MachineMismatch']);
  });

  it('answers 401 without agent credentials and 403 for a wrong key or unknown workspace', async () => {
    const body = JSON.stringify(makeReport());
    const missing = await send(body, { 'content-type': 'application/json' });
    expect([missing.statusCode, error(missing).code]).toEqual([401, 'MissingCredentials']);
    const wrongKey = await send(body, agentHeaders({ [AGENT_KEY_HEADER]: 'wrong' }));
    expect([wrongKey.statusCode, error(wrongKey).code]).toEqual([403, 'InvalidAgentKey']);
    const unknown = await send(body, agentHeaders({ [WORKSPACE_HEADER]: '11111111-1111-1111-1111-111111111111' }));
    expect([unknown.statusCode, error(unknown).code]).toEqual([403, 'UnknownWorkspace']);
    expect(await h.storage.connections(windowOf())).toEqual([]);
  });

  it('stops accepting the old key after a rotation', async () => {
    const newKey = await h.app.adminService.rotateAgentKey(h.workspaceId);
    const old = await send(JSON.stringify(makeReport()));
    expect(old.statusCode).toBe(403);
    const fresh = await send(JSON.stringify(makeReport()), agentHeaders({ [AGENT_KEY_HEADER]: newKey! }));
    expect(fresh.statusCode).toBe(200);
  });
});

describe('health, metrics, openapi and catch-all errors', () => {
  it('answers /healthz and /readyz without credentials', async () => {
    expect((await h.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await h.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  it('answers /readyz 503 once storage is closed', async () => {
    await h.storage.close();
    const res = await h.app.inject({ url: '/readyz' });
    expect([res.statusCode, error(res).code]).toEqual([503, 'StorageUnavailable']);
  });

  it('serves Prometheus metrics to a token holder only', async () => {
    await send(JSON.stringify(makeReport({ connections: 3 })));
    await send('{', agentHeaders());
    expect((await h.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    const res = await h.app.inject({ url: '/metrics', headers: bearer('reader') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('servicemap_ingest_batches_total{result="stored"} 1');
    expect(res.body).toContain('servicemap_ingest_records_total{table="VMConnection"} 3');
    expect(res.body).toContain('servicemap_ingest_rejected_total{code="InvalidJson"} 1');
    expect(res.body).toMatch(/servicemap_ingest_duration_seconds_count 1/);
    expect(res.body).toContain('servicemap_storage_rows{table="VMConnection"} 3');
    expect(res.body).toMatch(/servicemap_storage_bytes \d+/);
    await h.app.inject({ url: '/api/admin/v1/workspace', headers: bearer('reader') });
    const again = await h.app.inject({ url: '/metrics', headers: bearer('reader') });
    expect(again.body).toContain('servicemap_query_duration_seconds_count{route="/api/admin/v1/workspace"} 1');
  });

  it('generates /openapi.json from the route schemas', async () => {
    expect((await h.app.inject({ url: '/openapi.json' })).statusCode).toBe(401);
    const doc = (await h.app.inject({ url: '/openapi.json', headers: bearer('reader') })).json<{
      openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; parameters: { name: string }[] }>>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths[INGEST_PATH]?.post?.requestBody).toBeDefined();
    expect(doc.paths['/api/admin/v1/tokens/{tokenId}']?.delete?.parameters.map((p) => p.name)).toEqual(['tokenId']);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/metrics']));
  });

  it('answers unknown paths 404 and wrong methods 405 with the catalogue body', async () => {
    const missing = await h.app.inject({ url: '/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'NotFound', message: 'No route for GET /nope.' } });
    const wrong = await h.app.inject({ method: 'DELETE', url: '/healthz' });
    expect([wrong.statusCode, error(wrong).code, wrong.headers.allow]).toEqual([405, 'MethodNotAllowed', 'GET']);
    const wrongIngest = await h.app.inject({ method: 'GET', url: INGEST_PATH });
    expect([wrongIngest.statusCode, wrongIngest.headers.allow]).toEqual([405, 'POST']);
  });
});

describe('storage back-pressure', () => {
  it('answers 503 ServerBusy with Retry-After when the write queue is full', async () => {
    const storage = await DuckDBStorage.open({ path: ':memory:' });
    const busy = Object.create(storage) as DuckDBStorage;
    busy.ingestReport = () => Promise.reject(new StorageBusyError('write queue is full'));
    const app = await buildApp({ storage: busy, now: () => NOW });
    try {
      const { workspace, agentKey } = await app.adminService.createWorkspace('w');
      const res = await app.inject({
        method: 'POST', url: INGEST_PATH, payload: JSON.stringify(makeReport()),
        headers: { 'content-type': 'application/json', [WORKSPACE_HEADER]: workspace.id, [AGENT_KEY_HEADER]: agentKey },
      });
      expect([res.statusCode, error(res).code, res.headers['retry-after']]).toEqual([503, 'ServerBusy', '5']);
    } finally {
      await app.close();
      await storage.close();
    }
  });
});

describe('route plugins', () => {
  it('registers extra routes with the shared context, guards and catalogue errors', async () => {
    const storage = await DuckDBStorage.open({ path: ':memory:' });
    const app = await buildApp({
      storage,
      routes: [(scope, context) => {
        scope.get('/x/:id', { onRequest: bearerGuard(context.credentials, 'reader'), schema: { summary: 'x' } }, async (request) => {
          const { id } = request.params as { id: string };
          if (id === 'missing') throw new ApiError('NotFound', 'no such x');
          return { id, workspaces: (await context.storage.listWorkspaces()).length };
        });
      }],
    });
    try {
      const { workspace } = await app.adminService.createWorkspace('w');
      const { secret } = await app.adminService.createToken(workspace.id, 'reader');
      const auth = { authorization: `Bearer ${secret}` };
      expect((await app.inject({ url: '/x/1', headers: auth })).json()).toEqual({ id: '1', workspaces: 1 });
      expect((await app.inject({ url: '/x/1' })).statusCode).toBe(401);
      expect(error(await app.inject({ url: '/x/missing', headers: auth }))).toEqual({ code: 'NotFound', message: 'no such x' });
      expect((await app.inject({ method: 'PUT', url: '/x/1', headers: auth })).statusCode).toBe(405);
    } finally {
      await app.close();
      await storage.close();
    }
  });
});

describe('admin API and bearer tokens', () => {
  it('shows the workspace to a reader but lets only an admin change anything', async () => {
    const show = await h.app.inject({ url: '/api/admin/v1/workspace', headers: bearer('reader') });
    expect(show.json()).toMatchObject({ id: h.workspaceId, name: 'default', retentionDays: 30 });
    for (const role of ['reader', 'contributor'] as const) {
      const res = await h.app.inject({ method: 'POST', url: '/api/admin/v1/tokens', headers: bearer(role), payload: { role: 'reader' } });
      expect([res.statusCode, error(res).code]).toEqual([403, 'InsufficientRole']);
      const rotate = await h.app.inject({ method: 'POST', url: '/api/admin/v1/workspace/rotate-key', headers: bearer(role) });
      expect(rotate.statusCode).toBe(403);
    }
  });

  it('refuses missing, malformed, unknown and revoked tokens with 401', async () => {
    const url = '/api/admin/v1/workspace';
    expect((await h.app.inject({ url })).statusCode).toBe(401);
    expect(error(await h.app.inject({ url, headers: { authorization: 'Basic x' } })).code).toBe('InvalidToken');
    expect(error(await h.app.inject({ url, headers: { authorization: 'Bearer smt_nope' } })).code).toBe('InvalidToken');
    const created = await h.app.inject({ method: 'POST', url: '/api/admin/v1/tokens', headers: bearer('admin'), payload: { role: 'reader', name: 'ci' } });
    expect(created.statusCode).toBe(201);
    const { token, secret } = created.json<{ token: { id: string }; secret: string }>();
    expect((await h.app.inject({ url, headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(200);
    const revoked = await h.app.inject({ method: 'DELETE', url: `/api/admin/v1/tokens/${token.id}`, headers: bearer('admin') });
    expect(revoked.statusCode).toBe(204);
    expect((await h.app.inject({ url, headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(401);
    const again = await h.app.inject({ method: 'DELETE', url: `/api/admin/v1/tokens/${token.id}`, headers: bearer('admin') });
    expect(again.statusCode).toBe(404);
  });

  it('keeps a token inside its workspace', async () => {
    const created = await h.app.inject({ method: 'POST', url: '/api/admin/v1/workspaces', headers: bearer('admin'), payload: { name: 'second' } });
    expect(created.statusCode).toBe(201);
    const second = created.json<{ workspace: { id: string }; adminToken: string }>();
    const list = await h.app.inject({ url: '/api/admin/v1/tokens', headers: { authorization: `Bearer ${second.adminToken}` } });
    expect(list.json<{ workspaceId: string }[]>().every((t) => t.workspaceId === second.workspace.id)).toBe(true);
    const mine = (await h.app.inject({ url: '/api/admin/v1/tokens', headers: bearer('admin') })).json<{ id: string }[]>();
    const foreign = await h.app.inject({ method: 'DELETE', url: `/api/admin/v1/tokens/${mine[0]!.id}`, headers: { authorization: `Bearer ${second.adminToken}` } });
    expect(foreign.statusCode).toBe(404);
    const dup = await h.app.inject({ method: 'POST', url: '/api/admin/v1/workspaces', headers: bearer('admin'), payload: { name: 'second' } });
    expect([dup.statusCode, error(dup).code]).toEqual([409, 'Conflict']);
  });

  it('answers 413 from the catalogue for an oversized admin body', async () => {
    const res = await h.app.inject({
      method: 'POST', url: '/api/admin/v1/tokens', headers: { ...bearer('admin'), 'content-type': 'application/json' },
      payload: JSON.stringify({ role: 'reader', name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect([res.statusCode, error(res).code]).toEqual([413, 'PayloadTooLarge']);
  });

  it('validates admin bodies and rejects malformed JSON with the catalogue', async () => {
    const bad = await h.app.inject({ method: 'POST', url: '/api/admin/v1/tokens', headers: bearer('admin'), payload: { role: 'owner' } });
    expect([bad.statusCode, error(bad).code]).toEqual([400, 'InvalidRequest']);
    expect(error(bad).message).toContain('/role');
    const broken = await h.app.inject({
      method: 'POST', url: '/api/admin/v1/tokens', headers: { ...bearer('admin'), 'content-type': 'application/json' }, payload: '{"role":',
    });
    expect([broken.statusCode, error(broken).code]).toEqual([400, 'InvalidJson']);
  });
});
