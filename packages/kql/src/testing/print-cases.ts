import { expect, it } from 'vitest';
import type { FixtureDatabase, WireCell } from './fixture-database.js';
import { runKql } from './run-kql.js';

/** A query whose one column is `v`, with the Kusto type and wire value Kusto gives. */
export type PrintCase = [query: string, type: string, value: WireCell];

/** One test per case, on the fixture `db()` returns (it is opened in a `beforeAll`, after this runs). */
export function itPrintsEach(cases: readonly PrintCase[], db: () => FixtureDatabase): void {
  it.each(cases)('%s', async (query, type, value) => {
    const { header, rows } = await runKql(db(), query);
    expect(header).toEqual([`v:${type}`]);
    expect(rows).toEqual([[value]]);
  });
}
