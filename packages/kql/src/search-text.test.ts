import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureDatabase } from './testing/fixture-database.js';
import { compileForTest, unordered } from './testing/run-kql.js';
import { DB, WEB, serviceMapFixture } from './testing/service-map-fixture.js';
import { termFitsAlphabet } from './term-match.js';

let db: FixtureDatabase;
beforeAll(async () => {
  db = await serviceMapFixture();
});
afterAll(() => {
  db.close();
});

// `search in (T)` reads the stored search text and skips id columns a term cannot be in; `T | where
// … | search` has neither (its input is not a table) and tests every column one by one. The two
// must agree on every kind of term: whole words, prefixes and suffixes, substrings, inner
// wildcards (which must not join two columns), ids, addresses, the views' constants.
const TERMS = [
  'sql', '*sql*', 'sqlservr', 'mssql', 'ssql', 'SQLSERVR', 'sqlserv*', '*servr', 'mssql*bin', 'curl*7.81', 'curl*example',
  'web', '*eb-0*', 'web-01', '10.229.243.232', '10.229.243', '*243.23*', WEB, DB, '*4b9c93f9*', '559dbcd8', 'p-01', 'p-0*',
  '/machines/', 'processes', 'OpsManager', 'servicemapprocess_cl', 'ServiceMapComputer_CL', 'linux', '16.0', '7.76*', '-s',
  'corp', 'db-01.corp', 'nothing-here',
];

describe('search through the stored search text', () => {
  for (const table of ['ServiceMapComputer_CL', 'ServiceMapProcess_CL']) {
    it(`finds in ${table} exactly what a column-by-column search finds`, async () => {
      let found = 0;
      for (const term of TERMS) {
        const fast = compileForTest(`search in (${table}) "${term}" | project ResourceId, TimeGenerated`);
        const slow = compileForTest(`${table} | where isnotnull(TimeGenerated) | search "${term}" | project ResourceId, TimeGenerated`);
        expect(fast.sql, term).toContain('_SearchText');
        expect(slow.sql, term).not.toContain('_SearchText');
        const rows = unordered(await db.run(fast));
        expect(rows, `${table} "${term}"`).toEqual(unordered(await db.run(slow)));
        if (rows.length > 0) found++;
      }
      // Most terms find something in each table, so agreeing on empty results is not all this proves.
      expect(found).toBeGreaterThan(TERMS.length / 3);
    });
  }

  it('tests an id column only for terms its characters can spell', () => {
    // The filter's columns: `*sql*` reads the text alone; a term that looks like an id also reads the ids.
    const filterColumns = (term: string): string[] => {
      const where = /FROM q1 WHERE (.*)\),\n/.exec(compileForTest(`search in (ServiceMapProcess_CL) "${term}"`).sql)?.[1] ?? '';
      return [...new Set(where.match(/\bc\d+\b/g))].sort();
    };
    expect(filterColumns('*sql*')).toEqual(['c21']);
    expect(filterColumns('p-01')).toEqual(['c21', 'c3', 'c4']); // not MachineResourceName_s: no 'p' in m-…
    expect(termFitsAlphabet('*sql*', 'p-0123456789abcdef')).toBe(false);
    expect(termFitsAlphabet('P-0A*', 'p-0123456789abcdef')).toBe(true);
    expect(termFitsAlphabet('\\*4b9c\\*', 'm-0123456789abcdef')).toBe(true);
  });
});
