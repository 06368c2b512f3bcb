import type { KustoType, SqlDialect } from './compiled-query.js';
import type { Aggregate, JoinKind, Scalar, ScalarOp, WindowFn } from './plan.js';

/**
 * What differs between SQL engines. The renderer builds the statement's structure (CTEs,
 * SELECT, JOIN, GROUP BY, window functions) and asks the dialect for every piece of syntax that
 * is engine-specific. Only the compiler's own text is spliced in: user values arrive as `param`.
 */
export interface Dialect {
  readonly name: SqlDialect;
  /** Quotes a catalogue name (table or stored column); never called with user text. */
  quote(name: string): string;
  /** The placeholder of parameter `index` (1-based), typed as the Kusto type. */
  param(index: number, type: KustoType): string;
  nullOf(type: KustoType): string;
  /** `args` are rendered SQL; `scalars` are their plan forms, for type-dependent shapes. */
  op(name: ScalarOp, args: readonly string[], scalars: readonly Scalar[]): string;
  aggregate(agg: Aggregate, args: readonly string[]): string;
  /** Converts a stored value to its wire form (ISO datetimes, Kusto timespans, JSON text). */
  wire(sql: string, type: KustoType): string;
  /** One row per element of a dynamic array (a set-returning select item). */
  expandArray(sql: string): string;
  /** The SQL join keyword, with the sides already swapped for right semi and anti joins. */
  join(kind: JoinKind): string;
  /** Argument positions an operation reads from the plan at compile time instead of binding. */
  readonly inlineArgs: Partial<Record<ScalarOp, readonly number[]>>;
  /** A window function over `over` (`[PARTITION BY p] ORDER BY o`), its frame chosen here. */
  window(fn: WindowFn, args: readonly string[], over: string, type: KustoType): string;
  /** A select item giving one row per integer 0 … `last` (no rows when `last` is negative or null). */
  indexSeries(last: string): string;
  /** An aggregate: the values of a group as a JSON array (nulls kept), in the order of `order`. */
  orderedArray(value: string, order: string): string;
  /** The storage type of a Kusto type, for fixtures and casts. */
  storageType(type: KustoType): string;
}
