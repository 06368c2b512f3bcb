import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOTSTRAP_FILE, buildApp, DuckDBStorage, SERVER_STATE_FILE, type ServerApp } from '@servicemap/server';
import { QueryClientError, resolveQueryTarget, sendLogQuery, type QueryTarget } from './log-query-client.js';

// `servicemap query`'s client against a real server listening on loopback.

let dir: string;
let storage: DuckDBStorage;
let app: ServerApp;
let target: QueryTarget;
let workspaceId: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-query-'));
  storage = await DuckDBStorage.open({ path: join(dir, 'servicemap.duckdb'), threads: 1 });
  app = await buildApp({ storage });
  const { workspace } = await app.adminService.createWorkspace('default');
  workspaceId = workspace.id;
  const token = (await app.adminService.createToken(workspace.id, 'reader')).secret;
  target = { url: await app.listen({ host: '127.0.0.1', port: 0 }), token };
});
afterAll(async () => {
  await app.close();
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

describe('sendLogQuery', () => {
  it('runs KQL in the token\'s workspace, found through the admin API', async () => {
    const result = await sendLogQuery(target, 'VMConnection | count', { timespan: 'PT1H', waitSeconds: 10 });
    expect(result.tables[0]?.columns).toEqual([{ name: 'Count', type: 'long' }]);
    expect(result.tables[0]?.rows).toEqual([[0]]);
    const explicit = await sendLogQuery({ ...target, workspace: workspaceId }, 'VMComputer | count');
    expect(explicit.tables[0]?.rows).toEqual([[0]]);
  });

  it('says where a query is wrong, and what the server refused', async () => {
    const syntax = await sendLogQuery(target, 'VMConnection | where').catch((e: unknown) => e);
    expect(syntax).toBeInstanceOf(QueryClientError);
    expect((syntax as Error).message).toMatch(/^400 BadArgumentError: \w+ at line 1, column \d+: /);
    const unknown = await sendLogQuery(target, 'VMConection | count').catch((e: unknown) => e);
    expect((unknown as Error).message).toMatch(/did you mean VMConnection/);
    const badToken = await sendLogQuery({ ...target, token: 'nope' }, 'VMConnection').catch((e: unknown) => e);
    expect((badToken as Error).message).toMatch(/^401 InvalidToken/);
    const down = await sendLogQuery({ ...target, url: 'http://127.0.0.1:1' }, 'VMConnection').catch((e: unknown) => e);
    expect((down as Error).message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:1/);
  });
});

describe('resolveQueryTarget', () => {
  it('takes the URL and token given, else the running server\'s and the bootstrap token from the data dir', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cli-query-dir-'));
    try {
      expect(() => resolveQueryTarget({}, dataDir)).toThrow(/no running server found/);
      await writeFile(join(dataDir, SERVER_STATE_FILE), JSON.stringify({ pid: 1, url: 'https://h:7000/', startedAt: '' }));
      expect(() => resolveQueryTarget({}, dataDir)).toThrow(/no token/);
      await writeFile(join(dataDir, BOOTSTRAP_FILE), JSON.stringify({ adminToken: 'boot' }));
      expect(resolveQueryTarget({}, dataDir)).toEqual({ url: 'https://h:7000', token: 'boot' });
      expect(resolveQueryTarget({ url: 'http://x', token: 't', workspace: 'w' }, dataDir)).toEqual({ url: 'http://x', token: 't', workspace: 'w' });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
