import type { KustoType } from './compiled-query.js';
import type { CatalogueTable } from './table-catalogue.js';

/**
 * The checked relational plan. Every name in it has been resolved against the catalogue or an
 * earlier operator, every expression is typed, and columns are known to SQL only by generated
 * aliases (`c1`, `c2` …): nothing the user typed is carried towards SQL except as a parameter value.
 */

/** An output column: its Kusto name and type, and the alias that holds it in SQL. */
export interface Column {
  readonly name: string;
  readonly type: KustoType;
  readonly sql: string;
}

/** Scalar operations the dialects render; one name per distinct SQL shape. */
export type ScalarOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'idiv' | 'mod' | 'neg'
  | 'ts_add' | 'ts_sub' | 'ts_diff'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'eq_ci' | 'ne_ci'
  | 'and' | 'or' | 'not'
  | 'contains' | 'contains_cs' | 'startswith' | 'startswith_cs' | 'endswith' | 'endswith_cs'
  | 'has_regex' | 'regex_match' | 'like' | 'ilike'
  | 'in' | 'in_ci'
  | 'isnull' | 'isnotnull' | 'isempty' | 'isnotempty'
  | 'strcat' | 'tolower' | 'toupper' | 'substring' | 'split' | 'strlen' | 'replace_string' | 'extract' | 'trim'
  | 'trim_start' | 'trim_end' | 'reverse' | 'indexof'
  | 'iff' | 'case' | 'coalesce'
  | 'to_string' | 'to_int' | 'to_long' | 'to_real' | 'to_bool' | 'to_datetime' | 'to_timespan' | 'dyn_to_string'
  | 'format_datetime' | 'startofday' | 'startofweek' | 'startofmonth' | 'startofyear' | 'datetime_part' | 'datetime_add' | 'datetime_diff' | 'dayofweek' | 'isnan' | 'sign' | 'strcat_delim' | 'countof'
  | 'bin' | 'bin_ts' | 'floor' | 'ceiling' | 'abs' | 'round' | 'sqrt' | 'log' | 'log10' | 'exp' | 'pow'
  | 'parse_json' | 'dyn_member' | 'dyn_index' | 'array_length' | 'bag_pack' | 'pack_array'
  | 'make_datetime' | 'dyn_literal' | 'unixtime_seconds_todatetime'
  | 'timespan_part'
  | 'ipv4_parse' | 'ipv4_masked' | 'ipv4_compare' | 'ipv4_in_range' | 'ipv4_in_any' | 'ipv4_is_private' | 'ipv4_suffix' | 'format_ipv4' | 'format_ipv4_mask'
  | 'strcat_array' | 'array_concat' | 'array_slice' | 'array_index_of' | 'array_sum' | 'array_reverse' | 'array_sort_asc' | 'array_sort_desc'
  | 'set_union' | 'set_intersect' | 'set_difference' | 'bag_keys' | 'gettype';

export type Scalar =
  /**
   * `bare`: read without the coalesce that makes a NULL string Kusto's empty one, because here the
   * two cannot differ: the column is never NULL (the hidden search text), or the value only feeds a
   * filter test that is false for '' and so drops a NULL row too (see bare-text-tests.ts).
   */
  | { readonly k: 'col'; readonly sql: string; readonly type: KustoType; readonly bare?: boolean }
  | { readonly k: 'param'; readonly value: string | number | boolean | null; readonly type: KustoType }
  | { readonly k: 'op'; readonly op: ScalarOp; readonly args: readonly Scalar[]; readonly type: KustoType }
  /** `toscalar(T)`: the first column of the first row. */
  | { readonly k: 'subquery'; readonly plan: Plan; readonly column: Column; readonly type: KustoType }
  | { readonly k: 'in_plan'; readonly negated: boolean; readonly ci: boolean; readonly left: Scalar; readonly plan: Plan; readonly column: Column; readonly type: 'bool' }
  /**
   * A window function over the input's row order (`order`, a hidden row-number column), started
   * again on each row where `restart` is true. The planner evaluates each in a select of its own
   * (window-planner.ts), the restarts as a running count (`partition`), so a window never sits
   * inside a filter, an aggregate or another window.
   */
  | { readonly k: 'window'; readonly fn: WindowFn; readonly args: readonly Scalar[]; readonly order: string; readonly restart?: Scalar; readonly partition?: string; readonly type: KustoType };

/** `row_number` (args: start), `lag`/`lead` (value, offset, default?), `cumsum` (value). */
export type WindowFn = 'row_number' | 'lag' | 'lead' | 'cumsum';

export type AggregateFn =
  | 'count' | 'countif' | 'dcount' | 'dcountif' | 'sum' | 'sumif' | 'avg' | 'avgif' | 'min' | 'max' | 'any'
  | 'make_set' | 'make_list' | 'percentile' | 'stdev' | 'variance' | 'arg_max' | 'arg_min';

export interface Aggregate {
  readonly fn: AggregateFn;
  readonly args: readonly Scalar[];
  /** `percentile`'s rank, `arg_max`'s ordering value. */
  readonly extra?: number;
  readonly type: KustoType;
}

export interface PlanSortKey {
  readonly expr: Scalar;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

/** `JoinKind` after `anti` and friends have been normalised to their full names. */
export type JoinKind = 'inner' | 'innerunique' | 'leftouter' | 'rightouter' | 'fullouter' | 'leftanti' | 'leftsemi' | 'rightanti' | 'rightsemi';

interface PlanBase {
  readonly columns: readonly Column[];
  /** Alias of a hidden row-number column that carries a `sort` through later operators. */
  readonly order?: string;
}

export type Plan = PlanBase & (
  | { readonly node: 'scan'; readonly table: CatalogueTable; readonly workspaceId: string; readonly timespan?: { readonly start: Date; readonly end: Date } }
  | { readonly node: 'values'; readonly rows: readonly (readonly Scalar[])[] }
  | { readonly node: 'select'; readonly input: Plan; readonly exprs: readonly Scalar[] }
  | { readonly node: 'filter'; readonly input: Plan; readonly predicate: Scalar }
  | { readonly node: 'aggregate'; readonly input: Plan; readonly keys: readonly Scalar[]; readonly aggs: readonly Aggregate[] }
  /** `summarize arg_max(v, ...) by k`: one whole row per group, so columns never mix rows on ties. */
  | { readonly node: 'top_per_group'; readonly input: Plan; readonly keys: readonly Scalar[]; readonly by: Scalar; readonly desc: boolean; readonly exprs: readonly Scalar[];
    /** The first `limit` rows per group (top-nested, mv-apply's top) instead of one. */
    readonly limit?: Scalar }
  | { readonly node: 'sort'; readonly input: Plan; readonly keys: readonly PlanSortKey[] }
  | { readonly node: 'limit'; readonly input: Plan; readonly count: Scalar }
  | { readonly node: 'join'; readonly left: Plan; readonly right: Plan; readonly kind: JoinKind; readonly on: readonly (readonly [Column, Column])[] }
  | { readonly node: 'union'; readonly inputs: readonly Plan[] }
  | { readonly node: 'mv_expand'; readonly input: Plan; readonly source: Column; readonly expand: Column; readonly toType: KustoType }
  /** The integers 0 … `last` (none when `last` is negative or null) in `index`: range, make-series bins. */
  | { readonly node: 'series_index'; readonly last: Scalar; readonly index: Column }
  /**
   * make-series: `input` holds one row per group and bin (`keys`, the bin number `bin`, the
   * aggregates); each group becomes one row of arrays over every bin of `bins`, a missing bin
   * taking its value's `fallback`, and `axis` (a scalar over `binIndex`, the column of `bins`) gives the axis array.
   */
  | { readonly node: 'make_series'; readonly input: Plan; readonly keys: readonly Column[]; readonly bin: Column; readonly bins: Plan; readonly binIndex: Column;
    readonly values: readonly { readonly column: Column; readonly fallback: Scalar }[]; readonly axis: Scalar;
    /** `kind=nonempty`: with no `by`, an input with no rows still gives one row of defaults. */
    readonly nonempty: boolean }
);
