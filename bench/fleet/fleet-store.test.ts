import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileKql } from '@servicemap/kql';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../apps/server/src/server.js';
import { DuckDBStorage } from '../../apps/server/src/storage/duckdb/duckdb-storage.js';
import { buildFleet } from './fleet-model.js';
import { writeFleet } from './fleet-store.js';

const dir = mkdtempSync(join(tmpdir(), 'sm-fleet-test-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

// The benches' fleet is written past ingest, straight into the server's tables: a schema change
// that the bulk statements miss must fail here, not 49 minutes into a 1,000-machine generation.
describe('fleet store', () => {
  it('writes a small fleet the server then opens, searches and counts', async () => {
    const manifest = await writeFleet({ dataDir: dir, machines: 4, days: 1, peers: 1 });
    expect(manifest.rows.VMComputer_Stored).toBe(4 * 23);
    expect(manifest.rows.VMProcess_Stored).toBe(4 * 3 * 23);
    expect(manifest.rows.VMConnection_Stored).toBeGreaterThan(0);

    const storage = await DuckDBStorage.open({ path: join(dir, DATABASE_FILE) });
    try {
      // The bulk load leaves the search text empty; the open fills it, so `search` sees the fleet.
      const [first] = buildFleet({ machines: 4, peers: 1 }).machines;
      const compiled = compileKql(`search in (ServiceMapComputer_CL) "${first?.ip ?? ''}" | distinct ResourceName_s`, {
        dialect: 'duckdb', workspaceId: manifest.workspaceId, now: new Date(manifest.endTime),
      });
      if (!compiled.ok) throw new Error(compiled.error.message);
      const { rows } = await storage.runQuery(compiled.query, { maxRows: 100, maxResultBytes: 1 << 20 });
      expect(rows).toEqual([[first?.machine]]);
    } finally {
      await storage.close();
    }
  });
});
