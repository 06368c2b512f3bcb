import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCatalogue, WORKSPACE_COLUMN, SEARCH_TEXT_COLUMN, type KustoType } from '@servicemap/kql';
import { DuckDBStorage } from '../../storage/duckdb/duckdb-storage.js';

// The compiler checks names and types against its catalogue; the SQL it emits reads the DuckDB
// views. If the two drift apart, queries that compile fail at run time (a 500), so the catalogue is
// held to the real schema here.

/** The DuckDB type each Kusto type is stored as (schema.ts). */
const STORED_AS: Readonly<Record<KustoType, readonly string[]>> = {
  string: ['VARCHAR'], guid: ['VARCHAR', 'UUID'], datetime: ['TIMESTAMP'], long: ['BIGINT'], int: ['INTEGER'],
  real: ['DOUBLE'], bool: ['BOOLEAN'], dynamic: ['JSON'], decimal: ['DECIMAL', 'DOUBLE'], timespan: ['INTERVAL', 'BIGINT'],
};
// Server-side bookkeeping the views carry and KQL does not show.
// The inventory views also carry the search text, a column only `search` reads (see schema.ts).
const HIDDEN = new Set([WORKSPACE_COLUMN, '_TimeReceived', SEARCH_TEXT_COLUMN]);

let dir: string;
let storage: DuckDBStorage;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kql-catalogue-'));
  storage = await DuckDBStorage.open({ path: join(dir, 'servicemap.duckdb'), threads: 1 });
});
afterAll(async () => {
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

async function viewColumns(table: string): Promise<Map<string, string>> {
  const { rows } = await storage.runQuery({
    sql: 'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
    params: [table],
  }, { maxRows: 1000, maxResultBytes: 1 << 20 });
  return new Map(rows.map(([name, type]) => [String(name), String(type)]));
}

describe('the KQL catalogue against the DuckDB views', () => {
  it('names every table the store has, and no other', async () => {
    const { rows } = await storage.runQuery({
      sql: "SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW' AND table_schema = 'main' ORDER BY 1", params: [],
    }, { maxRows: 1000, maxResultBytes: 1 << 20 });
    expect(rows.map((r) => r[0])).toEqual([...tableCatalogue.keys()].sort());
  });

  for (const table of tableCatalogue.values()) {
    it(`${table.name}: same columns, with the storage type of each Kusto type`, async () => {
      const view = await viewColumns(table.name);
      expect(view.has(WORKSPACE_COLUMN)).toBe(true);
      expect(view.has(table.timeColumn)).toBe(true);
      const catalogued = table.columns.map((c) => c.name);
      expect(catalogued.filter((c) => !view.has(c))).toEqual([]);
      expect([...view.keys()].filter((c) => !HIDDEN.has(c) && !catalogued.includes(c))).toEqual([]);
      for (const column of table.columns) {
        expect(STORED_AS[column.type], `${table.name}.${column.name} is ${column.type}`).toContain(view.get(column.name));
      }
    });
  }
});
