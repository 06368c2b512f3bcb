/**
 * Types of {@link Storage.runQuery}: how the Log Analytics API runs SQL compiled from KQL. Kept apart
 * from the record types because this is the only read that takes SQL from outside the adapter.
 */

/** A parameter value; every literal of the KQL text arrives as one of these, never in `sql`. */
export type SqlParam = string | number | boolean | null;

/** One read-only SELECT in the adapter's dialect, with positional parameters (`$1` … for DuckDB). */
export interface SqlQuery {
  readonly sql: string;
  readonly params: readonly SqlParam[];
}

/** What one query may use. */
export interface QueryLimits {
  /** Rows kept; reading stops at the next row and the result says `truncated: 'rows'`. */
  readonly maxRows: number;
  /** Budget of the rows as JSON text; reading stops when it is spent (`truncated: 'bytes'`). */
  readonly maxResultBytes: number;
  /** Aborting interrupts the query in the database; the promise rejects with {@link QueryInterruptedError}. */
  readonly signal?: AbortSignal;
}

/** A JSON-ready cell: integers arrive as numbers, never BigInt. */
/** A cell, JSON-ready; integers beyond 2^53 stay BigInt and are written by exactJson with every digit. */
export type QueryCell = string | number | boolean | bigint | null;

/** Rows read within the limits. */
export interface QueryRows {
  readonly rows: QueryCell[][];
  /** Set when reading stopped early at a limit: the rows are a prefix of the full result. */
  readonly truncated?: 'rows' | 'bytes';
  /** Bytes of the rows as JSON text (what counted against `maxResultBytes`). */
  readonly resultBytes: number;
}

/** The query was interrupted through its signal (timeout, client gone). */
export class QueryInterruptedError extends Error {
  override readonly name = 'QueryInterruptedError';
}

/**
 * The database refused or failed the statement. `kind` is the engine's error class (DuckDB:
 * `Conversion`, `Out of Range`, `Binder`, `Out of Memory` …), so callers can tell a value the data
 * cannot take (the user's query) from SQL the compiler should never have produced.
 */
export class QueryExecutionError extends Error {
  override readonly name = 'QueryExecutionError';
  constructor(readonly kind: string, message: string) {
    super(message);
  }
}
