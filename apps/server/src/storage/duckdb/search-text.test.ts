import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { compileKql, tableCatalogue } from '@servicemap/kql';
import { afterAll, describe, expect, it } from 'vitest';
import { makeReport } from '../../testing/make-report.js';
import { DuckDBStorage } from './duckdb-storage.js';
import { SEARCH_TEXT_TABLES, SEARCH_TEXT_VERSION } from './search-text.js';

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

/**
 * Rows of each ServiceMap*_CL view whose text is not its catalogue `covers` columns as the view
 * renders them, in order: what makes the compiler's use of the text exact.
 */
async function viewMismatches(storage: DuckDBStorage): Promise<number[]> {
  const counts: number[] = [];
  for (const view of ['ServiceMapComputer_CL', 'ServiceMapProcess_CL']) {
    const covers = tableCatalogue.get(view)?.searchText?.covers ?? [];
    const parts = covers.map((c) => `CAST("${c}" AS VARCHAR)`).join(', ');
    const { rows } = await storage.runQuery({ sql: `SELECT count(*) FROM ${view} WHERE _SearchText IS DISTINCT FROM lower(concat_ws(chr(31), ${parts}))`, params: [] }, LIMITS);
    counts.push(Number(rows[0]?.[0]));
  }
  return counts;
}

async function rowCount(storage: DuckDBStorage, sql: string): Promise<number> {
  return Number((await storage.runQuery({ sql, params: [] }, LIMITS)).rows[0]?.[0]);
}

describe('inventory search text', () => {
  it('is written at ingest exactly as the SQL form renders it, refilled on open when missing, and serves search', async () => {
    const path = join(dir, 'a.duckdb');
    const report = makeReport({ hostName: 'Web-01' });
    const first = await DuckDBStorage.open({ path });
    await first.ingestReport({ workspaceId, report, receivedAt: new Date('2025-01-01T00:00:00Z') });
    expect(await mismatches(first)).toEqual([0, 0]);
    expect(await viewMismatches(first)).toEqual([0, 0]);
    expect(await rowCount(first, 'SELECT count(*) FROM VMProcess_Stored')).toBeGreaterThan(0);
    await first.close();

    // A bulk load writes no text, and a store from before version 2 holds the old format (ids,
    // no constants): the next open fills the first and rewrites the second.
    const raw = await (await DuckDBInstance.create(path)).connect();
    await raw.run('UPDATE VMComputer_Stored SET _SearchText = NULL');
    await raw.run(`UPDATE VMProcess_Stored SET _SearchText = 'old'`);
    await raw.run(`COMMENT ON COLUMN VMProcess_Stored._SearchText IS 'search-text v1'`);
    raw.closeSync();

    const second = await DuckDBStorage.open({ path });
    try {
      expect(await mismatches(second)).toEqual([0, 0]);
      expect(await viewMismatches(second)).toEqual([0, 0]);
      expect(await rowCount(second, 'SELECT count(*) FROM VMComputer_Stored WHERE _SearchText IS NULL')).toBe(0);
      expect(await rowCount(second, `SELECT count(*) FROM duckdb_columns() WHERE column_name = '_SearchText' AND comment = '${SEARCH_TEXT_VERSION}'`)).toBe(2);
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
