import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { CompiledQuery } from '../compiled-query.js';
import { duckdbDialect } from '../duckdb-dialect.js';
import { tableCatalogue, WORKSPACE_COLUMN } from '../table-catalogue.js';

/** A cell as the runner puts it on the wire: BigInt becomes a number, everything else as is. */
export type WireCell = string | number | boolean | null;

/**
 * An in-memory DuckDB with one table per catalogue table, typed as the server's views are
 * (TIMESTAMP, BIGINT, JSON …) plus the hidden workspace column: the semantic tests run the
 * compiler's SQL here exactly as the server runs it on its views.
 */
export class FixtureDatabase {
  private constructor(private readonly connection: DuckDBConnection) {}

  static async create(): Promise<FixtureDatabase> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    for (const table of tableCatalogue.values()) {
      const columns = [`${WORKSPACE_COLUMN} VARCHAR`, ...table.columns.map((c) => `${duckdbDialect.quote(c.name)} ${duckdbDialect.storageType(c.type)}`)];
      if (table.searchText) columns.push(`${duckdbDialect.quote(table.searchText.column)} VARCHAR`);
      await connection.run(`CREATE TABLE ${duckdbDialect.quote(table.name)} (${columns.join(', ')})`);
    }
    return new FixtureDatabase(connection);
  }

  /** Inserts rows given as Kusto-shaped values: ISO strings for datetimes, objects for dynamic. */
  async insert(table: string, workspaceId: string, rows: readonly Record<string, unknown>[]): Promise<void> {
    const t = tableCatalogue.get(table);
    if (!t) throw new Error(`no table ${table}`);
    for (const row of rows) {
      const names = Object.keys(row);
      const values = names.map((name, i) => {
        const type = t.columns.find((c) => c.name === name)?.type;
        if (!type) throw new Error(`no column ${table}.${name}`);
        return type === 'datetime' ? `CAST($${i + 2} AS TIMESTAMP)` : `CAST($${i + 2} AS ${duckdbDialect.storageType(type)})`;
      });
      const params = names.map((name) => {
        const value = row[name];
        if (value === null || value === undefined) return null;
        if (typeof value === 'object') return JSON.stringify(value);
        if (typeof value === 'string' && /Z$/.test(value) && t.columns.find((c) => c.name === name)?.type === 'datetime') return value.replace(/Z$/, '');
        return value as string | number | boolean;
      });
      await this.connection.run(
        `INSERT INTO ${duckdbDialect.quote(table)} (${[WORKSPACE_COLUMN, ...names].map((n) => duckdbDialect.quote(n)).join(', ')}) VALUES ($1, ${values.join(', ')})`,
        [workspaceId, ...params],
      );
    }
    // Storage fills the search text at ingest; here it is derived the same way from the covered columns.
    const text = t.searchText;
    if (text) {
      const parts = text.covers.map((c) => `CAST(${duckdbDialect.quote(c)} AS VARCHAR)`).join(', ');
      const column = duckdbDialect.quote(text.column);
      await this.connection.run(`UPDATE ${duckdbDialect.quote(table)} SET ${column} = lower(concat_ws(chr(31), ${parts})) WHERE ${column} IS NULL`);
    }
  }

  /** Runs a compiled query the way the server does: its SQL with its parameters, nothing else. */
  async run(query: CompiledQuery): Promise<WireCell[][]> {
    const reader = await this.connection.runAndReadAll(query.sql, [...query.params]);
    return reader.getRowsJS().map((row) => row.map((cell): WireCell => {
      if (typeof cell === 'bigint') return Number(cell);
      if (cell === null || typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean') return cell;
      throw new Error(`cell is not wire-ready: ${JSON.stringify(cell)}`);
    }));
  }

  close(): void {
    this.connection.closeSync();
  }
}
