import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { secretMatchesHash } from './auth/secret-hash.js';
import { ensureBootstrap, type BootstrapCredentials } from './bootstrap.js';
import { AdminService } from './services/admin-service.js';
import { DuckDBStorage } from './storage/duckdb/duckdb-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'sm-bootstrap-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('ensureBootstrap', () => {
  it('creates the default workspace and an admin token once, in a 0600 file, storing only hashes', async () => {
    const storage = await DuckDBStorage.open({ path: ':memory:' });
    try {
      const admin = new AdminService(storage);
      const path = await ensureBootstrap(admin, dir);
      expect(path).toBe(join(dir, 'bootstrap.json'));
      expect(statSync(path!).mode & 0o777).toBe(0o600);
      const creds = JSON.parse(readFileSync(path!, 'utf8')) as BootstrapCredentials;
      expect(creds.workspaceId).toMatch(/^[0-9a-f-]{36}$/);
      const workspace = await storage.getWorkspace(creds.workspaceId);
      expect(workspace?.name).toBe('default');
      expect(workspace?.agentKeyHash).not.toContain(creds.agentKey);
      expect(secretMatchesHash(creds.agentKey, workspace!.agentKeyHash)).toBe(true);
      const tokens = await storage.listTokens(creds.workspaceId);
      expect(tokens.map((t) => t.role)).toEqual(['admin']);
      expect(secretMatchesHash(creds.adminToken, tokens[0]!.tokenHash)).toBe(true);
      expect(await ensureBootstrap(admin, dir)).toBeUndefined();
    } finally {
      await storage.close();
    }
  });
});
