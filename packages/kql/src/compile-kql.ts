import type { CompileOptions, CompileResult, SqlDialect } from './compiled-query.js';
import { clickhouseDialect } from './clickhouse-dialect.js';
import { duckdbDialect } from './duckdb-dialect.js';
import { KqlCompileError, toKqlError } from './kql-error.js';
import { Planner } from './planner.js';
import { parseKql } from './query-parser.js';
import type { Dialect } from './sql-dialect.js';
import { renderSql } from './sql-renderer.js';
import { tableCatalogue } from './table-catalogue.js';

const DIALECTS: Record<SqlDialect, Dialect> = { duckdb: duckdbDialect, clickhouse: clickhouseDialect };
const TABLE_NAMES: ReadonlySet<string> = new Set(tableCatalogue.keys());

/** Longest query text accepted; longer is refused before parsing. */
export const MAX_QUERY_LENGTH = 100_000;

/**
 * Compiles KQL to one SQL statement in the requested dialect. Never throws for bad input: every
 * refusal is a `KqlError` with a stable code and, where it applies, the line and column.
 */
export function compileKql(text: string, options: CompileOptions): CompileResult {
  try {
    if (text.length > MAX_QUERY_LENGTH) throw new KqlCompileError('QueryTooLong', `The query is longer than ${MAX_QUERY_LENGTH} characters`);
    if (text.trim() === '') throw new KqlCompileError('SyntaxError', 'The query is empty', 0);
    const ast = parseKql(text, TABLE_NAMES);
    const planner = new Planner(options);
    const plan = planner.planQuery(ast);
    const rendered = renderSql(plan, DIALECTS[options.dialect]);
    return { ok: true, query: { dialect: options.dialect, ...rendered, ...(planner.render ? { render: planner.render } : {}) } };
  } catch (error) {
    if (error instanceof KqlCompileError) return { ok: false, error: toKqlError(text, error) };
    if (error instanceof RangeError) {
      // Deeply nested input exhausts the stack; that is the query's fault, not the server's.
      return { ok: false, error: { code: 'QueryTooComplex', message: 'The query is nested too deeply' } };
    }
    throw error;
  }
}
