import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { compileKql } from '@servicemap/kql';
import { afterAll, describe, expect, it } from 'vitest';
import { makeReport } from '../../testing/make-report.js';
import { DuckDBStorage } from './duckdb-storage.js';
import { SEARCH_TEXT_TABLES } from './search-text.js';

const dir = mkdtempSync(join(tmpdir(), 'sm-search-text-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });
const LIMITS = { maxRows: 100, maxResultBytes: 1 << 20 };
const workspaceId = '00000000-0000-0000-0000-00000000000a';

/** Rows whose stored text differs from the SQL form (the backfill's), per table. */
async function mismatches(storage: DuckDBStorage): Promise<number[]> {
  const counts: number[] = [];
  for (const [table, sql] of SEARCH_TEXT_TABLES) {
    const { rows } = await storage.runQuery({ sql: `SELECT count(*) FROM ${table} WHERE _SearchText IS DISTINCT FROM ${sql}`, params: [] }, LIMITS);
    counts.push(Number(rows[0]?.[0]));
  }
  return counts;
}

describe('inventory search text', () => {
  it('is written at ingest exactly as the SQL form renders it, refilled on open when missing, and serves search', async () => {
    const path = join(dir, 'a.duckdb');
    const report = makeReport({ hostName: 'Web-01' });
    const first = await DuckDBStorage.open({ path });
    await first.ingestReport({ workspaceId, report, receivedAt: new Date('2025-01-01T00:00:00Z') });
    expect(await mismatches(first)).toEqual([0, 0]);
    await first.close();

    // A store written before the column existed: its rows have no text until the next open.
    const raw = await (await DuckDBInstance.create(path)).connect();
    await raw.run('UPDATE VMComputer_Stored SET _SearchText = NULL');
    raw.closeSync();

    const second = await DuckDBStorage.open({ path });
    try {
      expect(await mismatches(second)).toEqual([0, 0]);
      const { rows } = await second.runQuery({ sql: 'SELECT count(*) FROM VMComputer_Stored WHERE _SearchText IS NULL', params: [] }, LIMITS);
      expect(Number(rows[0]?.[0])).toBe(0);
      for (const [kql, expected] of [['search in (ServiceMapComputer_CL) "web"', 1], ['search in (ServiceMapComputer_CL) "we"', 0], ['search in (ServiceMapComputer_CL) "*EB-0*"', 1]] as const) {
        const compiled = compileKql(kql, { dialect: 'duckdb', workspaceId, now: new Date('2025-01-01T01:00:00Z') });
        if (!compiled.ok) throw new Error(compiled.error.message);
        expect((await second.runQuery(compiled.query, LIMITS)).rows.length, kql).toBe(expected);
      }
    } finally {
      await second.close();
    }
  });
});
