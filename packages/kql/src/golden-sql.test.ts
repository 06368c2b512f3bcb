import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileKql } from './compile-kql.js';
import type { SqlDialect } from './compiled-query.js';
import { FixtureDatabase } from './testing/fixture-database.js';
import { compileForTest } from './testing/run-kql.js';

// Golden files: testdata/<group>/<name>.kql → <name>.<dialect>.sql. Review a diff like code;
// regenerate with `npx vitest run packages/kql -u` when a change is intended.
const TESTDATA = join(import.meta.dirname, '..', 'testdata');
const CASES = readdirSync(TESTDATA).flatMap((group) =>
  readdirSync(join(TESTDATA, group)).filter((f) => f.endsWith('.kql')).map((f) => join(group, f.replace(/\.kql$/, ''))));
const DIALECTS: SqlDialect[] = ['duckdb', 'clickhouse'];

function golden(kql: string, dialect: SqlDialect): string {
  const result = compileKql(kql, { dialect, workspaceId: 'workspace-1', now: new Date('2024-05-01T12:00:00Z') });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  const { sql, params, columns, render } = result.query;
  return [
    `-- ${kql.trim()}`,
    `-- columns: ${columns.map((c) => `${c.name}:${c.type}`).join(', ')}`,
    `-- params: ${JSON.stringify(params)}`,
    ...(render ? [`-- render: ${JSON.stringify(render)}`] : []),
    sql,
    '',
  ].join('\n');
}

let empty: FixtureDatabase;
beforeAll(async () => {
  empty = await FixtureDatabase.create();
});
afterAll(() => {
  empty.close();
});

describe('golden SQL per dialect', () => {
  it('has a case for every operator, function group and sample search', () => {
    expect(CASES.length).toBeGreaterThan(60);
  });

  for (const name of CASES) {
    for (const dialect of DIALECTS) {
      it(`${name} (${dialect})`, async () => {
        const kql = readFileSync(join(TESTDATA, `${name}.kql`), 'utf8');
        await expect(golden(kql, dialect)).toMatchFileSnapshot(join(TESTDATA, `${name}.${dialect}.sql`));
        // DuckDB's SQL must also bind and run (here on empty tables of the catalogue's shape).
        if (dialect === 'duckdb') await empty.run(compileForTest(kql));
      });
    }
  }
});
