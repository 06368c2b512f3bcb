import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompileOptions, CompileResult } from '@servicemap/kql';
import type { LogsBatchResponse, LogsErrorResponse, LogsMetadataResults, LogsQueryResults } from '@servicemap/protocol';
import { buildApp, type ServerApp } from '../../app.js';
import { DuckDBStorage } from '../../storage/duckdb/duckdb-storage.js';
import { makeReport } from '../../testing/make-report.js';

// The routes and the query service over a real DuckDB file, with a stand-in compiler so that
// these tests pin the API's behaviour whatever KQL the compiler accepts (the real compiler runs
// in log-analytics.azure-sdk.test.ts and the fuzz test).

const NOW = new Date('2025-01-01T00:30:00.000Z');
const seen: CompileOptions[] = [];

function fakeCompile(text: string, options: CompileOptions): CompileResult {
  seen.push(options);
  const query = (sql: string, params: (string | number)[], columns: [string, 'int' | 'long' | 'string' | 'bool'][], extra = {}): CompileResult =>
    ({ ok: true, query: { dialect: 'duckdb', sql, params, columns: columns.map(([name, type]) => ({ name, type })), ...extra } });
  const series = /^series (\d+)$/.exec(text);
  if (series !== null) return query('SELECT range AS n FROM range($1::BIGINT)', [Number(series[1])], [['n', 'long']]);
  switch (text) {
    case 'ports': {
      const span = options.timespan ?? { start: new Date(0), end: new Date('2100-01-01T00:00:00Z') };
      return query(
        'SELECT DestinationPort, LinksEstablished FROM VMConnection WHERE WorkspaceId = $1 AND TimeGenerated >= $2::TIMESTAMP AND TimeGenerated < $3::TIMESTAMP ORDER BY 1',
        [options.workspaceId, span.start.toISOString(), span.end.toISOString()], [['DestinationPort', 'int'], ['LinksEstablished', 'long']]);
    }
    case 'chart':
      return query('SELECT 1 AS n', [], [['n', 'long']], { render: { visualization: 'barchart', title: 't' } });
    case 'longs':
      return query('SELECT 9007199254740993::BIGINT AS n UNION ALL SELECT CAST(\'-9223372036854775808\' AS BIGINT) UNION ALL SELECT 42::BIGINT ORDER BY n', [], [['n', 'long']]);
    case 'endless':
      return query('SELECT count(*) AS n FROM range(100000000000) a WHERE a.range % 7 = 3', [], [['n', 'long']]);
    case 'hog':
      return query('SELECT length(list(range)) AS n FROM range(50000000)', [], [['n', 'long']]);
    case 'bad cast':
      return query('SELECT CAST($1 AS INTEGER) AS n', ['x'], [['n', 'int']]);
    case 'compiler bug':
      return query('SELECT NoSuchColumn FROM VMConnection', [], [['n', 'int']]);
    case 'compiler throws':
      throw new Error('boom');
    case 'VMConection':
      return { ok: false, error: { code: 'UnknownTable', message: "'VMConection' is not a table", line: 1, column: 1, suggestions: ['VMConnection'] } };
    default:
      return { ok: false, error: { code: 'SyntaxError', message: `unexpected '${text.slice(0, 1)}'`, line: 2, column: 5 } };
  }
}

let dir: string;
let storage: DuckDBStorage;
let app: ServerApp;
let workspaceId: string;
let otherWorkspaceId: string;
let reader = '';
let otherReader = '';
const report = makeReport({ connections: 4, time: '2025-01-01T00:10:00.000Z' });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'log-analytics-'));
  // A small instance memory_limit, so a query can run out of it.
  storage = await DuckDBStorage.open({ path: join(dir, 'servicemap.duckdb'), memoryLimit: '256MB' });
  const tables = [{ name: 'VMConnection', columns: [{ name: 'TimeGenerated', type: 'datetime' as const }, { name: 'Machine', type: 'string' as const }] }];
  app = await buildApp({ storage, now: () => NOW, logAnalytics: { compile: fakeCompile, tables, limits: { maxRows: 100, maxConcurrentQueries: 1 } } });
  const { workspace } = await app.adminService.createWorkspace('default');
  const other = await app.adminService.createWorkspace('other');
  workspaceId = workspace.id;
  otherWorkspaceId = other.workspace.id;
  reader = (await app.adminService.createToken(workspace.id, 'reader')).secret;
  otherReader = (await app.adminService.createToken(other.workspace.id, 'reader')).secret;
  await storage.ingestReport({ workspaceId, report, receivedAt: NOW });
  await storage.ingestReport({ workspaceId: otherWorkspaceId, report: makeReport({ connections: 2, time: '2025-01-01T00:10:00.000Z' }), receivedAt: NOW });
});

afterAll(async () => {
  await app.close();
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (body: object, headers: Record<string, string> = {}, ws = workspaceId, token = reader) =>
  app.inject({ method: 'POST', url: `/v1/workspaces/${ws}/query`, headers: { authorization: `Bearer ${token}`, ...headers }, payload: body });
const errorOf = (res: { json: () => unknown }) => (res.json() as LogsErrorResponse).error;
const ports = report.connections.map((c) => c.destinationPort).sort((a, b) => a - b);

describe('POST and GET /v1/workspaces/{id}/query', () => {
  it('answers the Log Analytics shape, scoped to the path\'s workspace', async () => {
    const res = await post({ query: 'ports' });
    expect(res.statusCode).toBe(200);
    const body = res.json<LogsQueryResults>();
    expect(body.tables).toHaveLength(1);
    expect(body.tables[0]?.name).toBe('PrimaryResult');
    expect(body.tables[0]?.columns).toEqual([{ name: 'DestinationPort', type: 'int' }, { name: 'LinksEstablished', type: 'long' }]);
    expect(body.tables[0]?.rows.map((r) => r[0])).toEqual(ports);
    expect(body).not.toHaveProperty('error');
    expect(body).not.toHaveProperty('statistics');
    expect(seen.at(-1)).toMatchObject({ dialect: 'duckdb', workspaceId, now: NOW });
    const get = await app.inject({ method: 'GET', url: `/v1/workspaces/${workspaceId}/query?query=ports`, headers: { authorization: `Bearer ${reader}` } });
    expect(get.json<LogsQueryResults>().tables[0]?.rows).toEqual(body.tables[0]?.rows);
  });

  it('passes the timespan to the compiler as an interval', async () => {
    const res = await post({ query: 'ports', timespan: 'PT10M' });
    expect(res.json<LogsQueryResults>().tables[0]?.rows).toEqual([]);
    expect(seen.at(-1)?.timespan).toEqual({ start: new Date('2025-01-01T00:20:00.000Z'), end: NOW });
    const wide = await post({ query: 'ports', timespan: '2025-01-01T00:00:00Z/PT1H' });
    expect(wide.json<LogsQueryResults>().tables[0]?.rows).toHaveLength(4);
    const bad = await post({ query: 'ports', timespan: 'yesterday' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad)).toMatchObject({ code: 'BadArgumentError', innererror: { code: 'InvalidTimespan' } });
  });

  it('refuses without a token and for another workspace, whether it exists or not', async () => {
    const none = await app.inject({ method: 'POST', url: `/v1/workspaces/${workspaceId}/query`, payload: { query: 'ports' } });
    expect(none.statusCode).toBe(401);
    expect(errorOf(await post({ query: 'ports' }, {}, otherWorkspaceId))).toMatchObject({ code: 'WorkspaceForbidden' });
    expect((await post({ query: 'ports' }, {}, otherWorkspaceId)).statusCode).toBe(403);
    const crossed = await post({ query: 'ports', workspaces: [workspaceId, otherWorkspaceId] });
    expect([crossed.statusCode, errorOf(crossed).code]).toEqual([403, 'WorkspaceForbidden']);
    expect((await post({ query: 'ports', workspaces: ['default'] })).statusCode).toBe(200);
    const mine = await post({ query: 'ports' }, {}, otherWorkspaceId, otherReader);
    expect(mine.json<LogsQueryResults>().tables[0]?.rows).toHaveLength(2);
  });

  it('gives compile errors a code, a message, the line and column, and suggestions', async () => {
    const syntax = await post({ query: 'x | y' });
    expect(syntax.statusCode).toBe(400);
    expect(errorOf(syntax)).toEqual({
      code: 'BadArgumentError', message: "SyntaxError at line 2, column 5: unexpected 'x'",
      innererror: { code: 'SyntaxError', message: "unexpected 'x'", line: 2, column: 5, additionalProperties: { line: 2, column: 5 } },
    });
    const unknown = errorOf(await post({ query: 'VMConection' }));
    expect(unknown.innererror).toMatchObject({ code: 'UnknownTable', suggestions: ['VMConnection'] });
    expect(unknown.message).toMatch(/Did you mean: VMConnection\?$/);
    const empty = await post({ query: '  ' });
    expect(errorOf(empty).innererror?.code).toBe('EmptyQuery');
    const invalid = await post({ timespan: 'P1D' });
    expect(invalid.statusCode).toBe(400);
    expect(errorOf(invalid).code).toBe('InvalidRequest');
  });

  it('refuses malformed bodies with the catalogue\'s 4xx, never a 500', async () => {
    const auth = { authorization: `Bearer ${reader}` };
    const url = `/v1/workspaces/${workspaceId}/query`;
    const notJson = await app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': 'application/json' }, payload: '{"query":' });
    expect([notJson.statusCode, errorOf(notJson).code]).toEqual([400, 'InvalidJson']);
    const wrongType = await post({ query: 5 });
    expect([wrongType.statusCode, errorOf(wrongType).code]).toEqual([400, 'InvalidRequest']);
    const text = await app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': 'text/plain' }, payload: 'ports' });
    expect([text.statusCode, errorOf(text).code]).toEqual([400, 'InvalidRequest']);
    const huge = await post({ query: 'x'.repeat(2 * 1024 * 1024) });
    expect([huge.statusCode, errorOf(huge).code]).toEqual([413, 'PayloadTooLarge']);
    const noQuery = await app.inject({ method: 'GET', url, headers: auth });
    expect([noQuery.statusCode, errorOf(noQuery).code]).toEqual([400, 'InvalidRequest']);
  });

  it('writes longs beyond 2^53 with every digit, as Log Analytics does', async () => {
    const res = await post({ query: 'longs' });
    expect(res.statusCode, res.payload).toBe(200);
    expect(res.payload).toContain('"rows":[[-9223372036854775808],[42],[9007199254740993]]');
  });

  it('adds statistics and render when the Prefer header asks', async () => {
    const plain = await post({ query: 'chart' });
    expect(plain.json()).not.toHaveProperty('render');
    const res = await post({ query: 'chart' }, { prefer: 'wait=30,include-statistics=true,include-render=true' });
    const body = res.json<LogsQueryResults>();
    expect(body.render).toEqual({ visualization: 'barchart', title: 't' });
    expect(body.statistics).toMatchObject({ query: { executionTime: expect.any(Number) as number, datasetStatistics: [{ tableRowCount: 1 }] } });
  });

  it('cuts results at the row limit with a partial error', async () => {
    const res = await post({ query: 'series 150' });
    expect(res.statusCode).toBe(200);
    const body = res.json<LogsQueryResults>();
    expect(body.tables[0]?.rows).toHaveLength(100);
    expect(body.error).toMatchObject({ code: 'PartialError', details: [{ code: 'ResultTruncated' }] });
    expect(body.error?.details?.[0]?.message).toContain('100');
    expect((await post({ query: 'series 100' })).json()).not.toHaveProperty('error');
  });

  it('stops a query past its wait with 504, and the next query runs', async () => {
    const started = Date.now();
    const res = await post({ query: 'endless' }, { prefer: 'wait=1' });
    expect(res.statusCode).toBe(504);
    expect(errorOf(res)).toMatchObject({ code: 'GatewayTimeout' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await post({ query: 'series 1' })).statusCode).toBe(200);
  });

  it('tells a value the data cannot take (400) from SQL the compiler must not emit (500)', async () => {
    const cast = await post({ query: 'bad cast' });
    expect(cast.statusCode).toBe(400);
    expect(errorOf(cast).innererror).toMatchObject({ code: 'QueryExecutionError' });
    expect(errorOf(cast).innererror?.message).toContain('Conversion Error');
    const hog = await post({ query: 'hog' });
    expect([hog.statusCode, errorOf(hog).innererror?.code]).toEqual([400, 'MemoryLimitExceeded']);
    expect((await post({ query: 'compiler bug' })).statusCode).toBe(500);
    expect(errorOf(await post({ query: 'compiler throws' }))).toEqual({ code: 'InternalError', message: 'Internal server error.' });
  });
});

describe('one query cannot starve the others', () => {
  it('a query waiting for the only slot times out in its own wait', async () => {
    const holder = post({ query: 'endless' }, { prefer: 'wait=2' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const waiter = await post({ query: 'series 1' }, { prefer: 'wait=1' });
    expect([waiter.statusCode, errorOf(waiter).code]).toEqual([504, 'GatewayTimeout']);
    expect((await holder).statusCode).toBe(504);
  });

  it('a client that goes away stops its query and frees the slot', async () => {
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const controller = new AbortController();
    const gone = fetch(`${url}/v1/workspaces/${workspaceId}/query`, {
      method: 'POST', signal: controller.signal,
      headers: { authorization: `Bearer ${reader}`, 'content-type': 'application/json', prefer: 'wait=60' },
      body: JSON.stringify({ query: 'endless' }),
    }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    expect(await gone).toBeInstanceOf(Error);
    const started = Date.now();
    const next = await post({ query: 'series 1' }, { prefer: 'wait=30' });
    expect(next.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('POST /v1/$batch', () => {
  it('answers every request in request order with its own status', async () => {
    const requests = [
      { id: 'b', workspace: workspaceId, body: { query: 'series 2' } },
      { id: 'a', workspace: workspaceId, body: { query: 'x' } },
      { id: 'c', workspace: otherWorkspaceId, body: { query: 'ports' } },
      { id: '0', workspace: workspaceId, body: { query: 'chart' }, headers: { Prefer: 'include-render=true' }, method: 'POST', path: '/query' },
    ];
    const res = await app.inject({ method: 'POST', url: '/v1/$batch', headers: { authorization: `Bearer ${reader}` }, payload: { requests } });
    expect(res.statusCode).toBe(200);
    const { responses } = res.json<LogsBatchResponse>();
    expect(responses.map((r) => [r.id, r.status])).toEqual([['b', 200], ['a', 400], ['c', 403], ['0', 200]]);
    expect(responses[0]?.body.tables?.[0]?.rows).toEqual([[0], [1]]);
    expect(responses[1]?.body.error?.innererror?.code).toBe('SyntaxError');
    expect(responses[2]?.body.error?.code).toBe('WorkspaceForbidden');
    expect(responses[3]?.body.render).toEqual({ visualization: 'barchart', title: 't' });
    const empty = await app.inject({ method: 'POST', url: '/v1/$batch', headers: { authorization: `Bearer ${reader}` }, payload: { requests: [] } });
    expect(empty.statusCode).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('documents every Log Analytics route and method', async () => {
    const doc = (await app.inject({ url: '/openapi.json', headers: { authorization: `Bearer ${reader}` } }))
      .json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>();
    const methods = (path: string): string[] => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods('/v1/workspaces/{workspaceId}/query')).toEqual(['get', 'post']);
    expect(methods('/v1/workspaces/{workspaceId}/metadata')).toEqual(['get', 'post']);
    expect(methods('/v1/$batch')).toEqual(['post']);
    expect(doc.paths['/v1/$batch']?.post?.tags).toEqual(['logAnalytics']);
  });
});

describe('metrics', () => {
  it('counts queries by status and code, and times POST queries', async () => {
    await post({ query: 'series 1' });
    await post({ query: 'x' });
    const text = (await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${reader}` } })).body;
    const value = (labels: string): number => Number(new RegExp(`^servicemap_log_queries_total\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    expect(value('status="200",code=""')).toBeGreaterThan(0);
    expect(value('status="400",code="BadArgumentError"')).toBeGreaterThan(0);
    // `$batch` is POST-only, so its series can only come from this scope's own timing.
    expect(text).toMatch(/^servicemap_query_duration_seconds_count\{route="\/v1\/\$batch"\} [1-9]\d*$/m);
  });
});

describe('GET and POST /v1/workspaces/{id}/metadata', () => {
  it('lists the tables a query can read and the workspace', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const res = await app.inject({ method, url: `/v1/workspaces/${workspaceId}/metadata`, headers: { authorization: `Bearer ${reader}` } });
      expect(res.statusCode).toBe(200);
      const body = res.json<LogsMetadataResults>();
      expect(body.tables).toEqual([{ id: 't/VMConnection', name: 'VMConnection', timespanColumn: 'TimeGenerated',
        columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Machine', type: 'string' }] }]);
      expect(body.workspaces).toEqual([expect.objectContaining({ id: workspaceId, name: 'default' })]);
    }
    const foreign = await app.inject({ method: 'GET', url: `/v1/workspaces/${otherWorkspaceId}/metadata`, headers: { authorization: `Bearer ${reader}` } });
    expect(foreign.statusCode).toBe(403);
  });
});
