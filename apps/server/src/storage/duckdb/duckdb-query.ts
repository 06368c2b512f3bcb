import type { DuckDBConnection } from '@duckdb/node-api';
import { exactJson } from '../exact-json.js';
import {
  QueryExecutionError, QueryInterruptedError, type QueryCell, type QueryLimits, type QueryRows, type SqlQuery,
} from '../query-execution.js';

/**
 * A cell as JSON-ready value. The compiler's SQL already yields wire forms; this only maps what the
 * driver turns into JS objects: BIGINT/HUGEINT (BigInt) to numbers where exact, and, defensively, timestamps to
 * ISO strings and lists or structs to JSON text (the wire form of `dynamic`).
 */
export function toQueryCell(value: unknown): QueryCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  // Exact as a number up to 2^53; beyond, kept as BigInt for exactJson to write digit for digit.
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
}

// A function, not a property test: TypeScript would narrow `signal.aborted` to false after one check.
const aborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;

/**
 * `Conversion Error: Could not convert …` → `Conversion`. The binding layer's own refusals of a
 * parameter value carry no class (`bigint out of int64 range`); they are about a value, so they
 * count as `Out of Range`.
 */
export function duckdbErrorKind(message: string): string {
  const match = /^([A-Z][A-Za-z ]*?) Error:/.exec(message);
  if (match?.[1] !== undefined) return match[1];
  return /out of .*range/i.test(message) ? 'Out of Range' : 'Unknown';
}

/** The engine's message without the echo of the SQL text (`LINE 1: …` and its caret). */
const firstLine = (message: string): string => message.split('\n')[0] ?? message;

/**
 * Streams one SELECT, converting chunk by chunk, and stops at the row or byte limit. Stopping early
 * is what keeps a `VMConnection | take 100000000` from being materialised: DuckDB produces chunks
 * only as they are fetched (for plans without a blocking operator at the top).
 */
export async function runDuckDBQuery(c: DuckDBConnection, query: SqlQuery, limits: QueryLimits): Promise<QueryRows> {
  const { signal } = limits;
  const interrupt = (): void => {
    c.interrupt();
  };
  signal?.addEventListener('abort', interrupt, { once: true });
  try {
    if (aborted(signal)) throw new QueryInterruptedError('query interrupted before it started');
    const result = await c.stream(query.sql, [...query.params]);
    const rows: QueryCell[][] = [];
    let resultBytes = 0;
    for await (const chunk of result.yieldRowsJs()) {
      for (const raw of chunk) {
        if (rows.length >= limits.maxRows) return { rows, truncated: 'rows', resultBytes };
        const row = raw.map(toQueryCell);
        const bytes = exactJson(row).length + 1;
        if (resultBytes + bytes > limits.maxResultBytes) return { rows, truncated: 'bytes', resultBytes };
        resultBytes += bytes;
        rows.push(row);
      }
      if (aborted(signal)) throw new QueryInterruptedError('query interrupted');
    }
    return { rows, resultBytes };
  } catch (error) {
    if (error instanceof QueryInterruptedError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (aborted(signal) || /^INTERRUPT Error/.test(message)) throw new QueryInterruptedError('query interrupted');
    throw new QueryExecutionError(duckdbErrorKind(message), firstLine(message));
  } finally {
    signal?.removeEventListener('abort', interrupt);
  }
}
