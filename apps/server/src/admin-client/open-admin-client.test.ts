import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBootstrap } from '../bootstrap.js';
import { DATABASE_FILE } from '../server.js';
import { AdminService } from '../services/admin-service.js';
import { DuckDBStorage } from '../storage/duckdb/duckdb-storage.js';
import { bundleServerEntry, spawnServer, type ServerChild } from '../testing/spawn-server.js';
import { AdminClientError } from './admin-client.js';
import { openAdminClient } from './open-admin-client.js';

const dirs: string[] = [];
const children: ServerChild[] = [];
let bundle: { file: string; cleanup: () => void };

beforeAll(async () => { bundle = await bundleServerEntry(); }, 60_000);
afterAll(() => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  bundle.cleanup();
});

async function bootstrappedDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sm-admin-'));
  dirs.push(dir);
  const storage = await DuckDBStorage.open({ path: join(dir, DATABASE_FILE) });
  await ensureBootstrap(new AdminService(storage), dir);
  await storage.close();
  return dir;
}

describe('openAdminClient', () => {
  it('refuses a directory without a database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sm-admin-empty-'));
    dirs.push(dir);
    await expect(openAdminClient({ dataDir: dir })).rejects.toThrow(AdminClientError);
  });

  it('works on the database file when no server runs', async () => {
    const dir = await bootstrappedDir();
    const admin = await openAdminClient({ dataDir: dir });
    try {
      expect(admin.mode).toBe('file');
      const created = await admin.createWorkspace('second', 7);
      expect(created.workspace).toMatchObject({ name: 'second', retentionDays: 7 });
      expect((await admin.listWorkspaces()).map((w) => w.name)).toEqual(['default', 'second']);
      await expect(admin.createToken('reader')).rejects.toThrow(/2 workspaces/);
      const token = await admin.createToken('reader', 'second', 'ci');
      expect(token.secret).toMatch(/^smt_/);
      expect((await admin.listTokens('second')).map((t) => t.id)).toEqual([token.token.id]);
      const rotated = await admin.rotateKey('second');
      expect(rotated.workspaceId).toBe(created.workspace.id);
      expect(rotated.agentKey).not.toBe(created.agentKey);
      await admin.revokeToken(token.token.id);
      await expect(admin.revokeToken(token.token.id)).rejects.toThrow(AdminClientError);
      expect(await admin.showWorkspace('nope')).toBeUndefined();
    } finally {
      await admin.close();
    }
  });

  it('goes through the running server that holds the database, within the token\'s workspace', async () => {
    const dir = await bootstrappedDir();
    const server = await spawnServer(bundle.file, dir);
    children.push(server);
    const admin = await openAdminClient({ dataDir: dir });
    try {
      expect(admin.mode).toBe('server');
      expect((await admin.listWorkspaces()).map((w) => w.name)).toEqual(['default']);
      const token = await admin.createToken('contributor');
      expect(token.token.workspaceId).toBe(server.credentials.workspaceId);
      expect((await admin.listTokens()).length).toBe(2);
      const second = await admin.createWorkspace('other');
      expect(second.adminToken).toMatch(/^smt_/);
      await expect(admin.createToken('reader', 'other')).rejects.toThrow(/only its own/);
      await admin.revokeToken(token.token.id);
      const stranger = await openAdminClient({ dataDir: dir, token: 'smt_wrong' });
      await expect(stranger.listWorkspaces()).rejects.toThrow(/401/);
    } finally {
      await admin.close();
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 60_000);
});
