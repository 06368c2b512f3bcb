/**
 * The contract between the KQL compiler (this package) and whoever runs its output (the server's
 * storage adapters and the Log Analytics routes). Kept in one small file so both sides can be
 * built at the same time: the compiler promises SQL whose final SELECT yields wire-ready cells,
 * the runner promises to execute it with the parameters and nothing else.
 */

/** Kusto's column types, as the Log Analytics API names them in `columns[].type`. */
export type KustoType = 'bool' | 'datetime' | 'dynamic' | 'int' | 'long' | 'real' | 'string' | 'guid' | 'decimal' | 'timespan';

/** SQL dialects the plan renders to. */
export type SqlDialect = 'duckdb' | 'clickhouse';

export interface ResultColumn {
  readonly name: string;
  readonly type: KustoType;
}

/** `render` as Log Analytics returns it with `include-render=true`. */
export interface RenderInfo {
  readonly visualization: string;
  readonly title?: string;
  readonly kind?: string;
  readonly [property: string]: unknown;
}

/**
 * One compiled query. `sql` uses the dialect's positional parameters (`$1`, `$2` … for DuckDB)
 * and `params[i]` is the value of parameter i+1: every literal of the KQL text arrives here, never
 * in `sql`. The final SELECT returns exactly `columns`, in order, each cell already in its wire
 * form so the runner only maps BigInt to number: datetime as an ISO-8601 UTC string ending in `Z`,
 * timespan as Kusto's `[-][d.]hh:mm:ss[.fffffff]`, dynamic as JSON text, bool as a boolean,
 * int/long/real/decimal as numbers, string and guid as strings, empty as null.
 */
export interface CompiledQuery {
  readonly dialect: SqlDialect;
  readonly sql: string;
  readonly params: readonly (string | number | boolean | null)[];
  readonly columns: readonly ResultColumn[];
  /** Present when the query ends in `render`. */
  readonly render?: RenderInfo;
}

/** Options of one compilation. Time is an input: the compiler never reads the clock. */
export interface CompileOptions {
  readonly dialect: SqlDialect;
  /** Every table read is filtered to this workspace by the plan itself. */
  readonly workspaceId: string;
  /** `now()` and `ago()` are relative to this instant. */
  readonly now: Date;
  /** The request's `timespan`, ANDed with the query's own filters on each table's TimeGenerated. */
  readonly timespan?: { readonly start: Date; readonly end: Date };
}

/** A query the compiler refuses, with where it went wrong (1-based line and column). */
export interface KqlError {
  /** Stable code: `SyntaxError`, `SemanticError`, `UnknownTable`, `UnknownColumn`, `UnknownFunction`, `Unsupported`, … */
  readonly code: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  /** Closest known names, for unknown tables, columns and functions. */
  readonly suggestions?: readonly string[];
}

export type CompileResult = { readonly ok: true; readonly query: CompiledQuery } | { readonly ok: false; readonly error: KqlError };
