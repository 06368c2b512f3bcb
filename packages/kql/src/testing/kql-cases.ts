import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FixtureDatabase, WireCell } from './fixture-database.js';
import { runKql, unordered } from './run-kql.js';

/** A fixture database opened before a file's tests and closed after; the getter is for test bodies. */
export function useFixture(open: () => Promise<FixtureDatabase>): () => FixtureDatabase {
  let db: FixtureDatabase | undefined;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => {
    db?.close();
  });
  return () => {
    if (db === undefined) throw new Error('the fixture is not open (used outside a test?)');
    return db;
  };
}

/** A query whose one column is `v`, with the Kusto type and wire value Kusto gives. */
export type PrintCase = [query: string, type: string, value: WireCell];

/** One test per case. */
export function itPrintsEach(cases: readonly PrintCase[], db: () => FixtureDatabase): void {
  it.each(cases)('%s', async (query, type, value) => {
    const { header, rows } = await runKql(db(), query);
    expect(header).toEqual([`v:${type}`]);
    expect(rows).toEqual([[value]]);
  });
}

/** A query, its `name:type` header and its rows in any order (as Kusto promises none). */
export interface RowCase {
  readonly kql: string;
  readonly header: string[];
  readonly rows: WireCell[][];
}

/** One test per named case. */
export function itReturnsEach(cases: Readonly<Record<string, RowCase>>, db: () => FixtureDatabase): void {
  for (const [name, c] of Object.entries(cases)) {
    it(name, async () => {
      const result = await runKql(db(), c.kql);
      expect(result.header).toEqual(c.header);
      expect(unordered(result.rows)).toEqual(unordered(c.rows));
    });
  }
}
