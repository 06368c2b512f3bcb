import { compileKql } from '../compile-kql.js';
import type { CompiledQuery } from '../compiled-query.js';
import type { FixtureDatabase, WireCell } from './fixture-database.js';
import { NOW, WORKSPACE } from './service-map-fixture.js';

/** Compiles for DuckDB with the fixtures' workspace and clock; throws on a compile error. */
export function compileForTest(text: string, timespan?: { start: Date; end: Date }): CompiledQuery {
  const result = compileKql(text, { dialect: 'duckdb', workspaceId: WORKSPACE, now: NOW, ...(timespan ? { timespan } : {}) });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.query;
}

/** Runs KQL on a fixture: `name:type` headers and the rows as the wire would carry them. */
export async function runKql(db: FixtureDatabase, text: string): Promise<{ header: string[]; rows: WireCell[][] }> {
  const query = compileForTest(text);
  return { header: query.columns.map((c) => `${c.name}:${c.type}`), rows: await db.run(query) };
}

/** Rows in a stable order, for results whose order Kusto does not define. */
export const unordered = (rows: WireCell[][]): WireCell[][] => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
