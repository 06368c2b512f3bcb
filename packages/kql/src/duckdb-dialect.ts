import type { KustoType } from './compiled-query.js';
import type { Aggregate, JoinKind, Scalar, ScalarOp, WindowFn } from './plan.js';
import { duckdbFunctionOps } from './duckdb-function-ops.js';
import type { Dialect } from './sql-dialect.js';

const STORAGE: Record<KustoType, string> = {
  bool: 'BOOLEAN', datetime: 'TIMESTAMP', dynamic: 'JSON', int: 'INTEGER', long: 'BIGINT', real: 'DOUBLE',
  string: 'VARCHAR', guid: 'VARCHAR', decimal: 'DOUBLE', timespan: 'BIGINT',
};

const DAY_US = 86_400_000_000;
const a0 = (a: readonly string[]): string => a[0] ?? 'NULL';
const a1 = (a: readonly string[]): string => a[1] ?? 'NULL';
const a2 = (a: readonly string[]): string => a[2] ?? 'NULL';
/** Text read as it is: a bound non-null constant, or a column the planner marked `bare`. */
const neverNull = (s: Scalar | undefined): boolean => (s?.k === 'param' ? s.value !== null : s?.k === 'col' && s.bare === true);
/**
 * Kusto's strings are never null; ours can be, so text is read through coalesce, except where it
 * cannot be NULL: a coalesce costs DuckDB its test-each-dictionary-value-once path (5.8x slower
 * `contains` on a 2M-row dictionary column, bench/RESULTS.md, KQL sample searches).
 */
const text = (sql: string, s?: Scalar): string => (neverNull(s) ? sql : `coalesce(${sql}, '')`);
const hasBackslash = (s: Scalar | undefined): boolean => s?.k !== 'param' || String(s.value).includes('\\');
const isText = (s: Scalar | undefined): boolean => s?.type === 'string' || s?.type === 'guid';

// datetime_part names → DuckDB functions; the part is checked against this table, never spliced.
const PARTS: Record<string, (x: string) => string> = {
  year: (x) => `year(${x})`, quarter: (x) => `quarter(${x})`, month: (x) => `month(${x})`, week_of_year: (x) => `weekofyear(${x})`,
  day: (x) => `day(${x})`, dayofyear: (x) => `dayofyear(${x})`, hour: (x) => `hour(${x})`, minute: (x) => `minute(${x})`,
  second: (x) => `second(${x})`, millisecond: (x) => `(millisecond(${x}) % 1000)`, microsecond: (x) => `(microsecond(${x}) % 1000000)`,
  nanosecond: (x) => `((microsecond(${x}) % 1000000) * 1000)`,
};

function convert(value: string, from: Scalar | undefined, to: string): string {
  if (from?.type === 'dynamic') return `TRY_CAST((${value} ->> '$') AS ${to})`;
  if ((from?.type === 'real' || from?.type === 'decimal') && (to === 'INTEGER' || to === 'BIGINT')) return `TRY_CAST(trunc(${value}) AS ${to})`;
  if (from?.type === 'datetime' && (to === 'INTEGER' || to === 'BIGINT')) return `(epoch_us(${value}) * 10)`;
  return `TRY_CAST(${value} AS ${to})`;
}

function toText(value: string, from: Scalar | undefined): string {
  switch (from?.type) {
    case 'datetime':
      return duckdbWire(value, 'datetime');
    case 'timespan':
      return duckdbWire(value, 'timespan');
    case 'dynamic':
      return `(${value} ->> '$')`;
    case 'real':
    case 'decimal':
      // Kusto prints whole reals without a fraction: tostring(2.0) is "2".
      return `CASE WHEN ${value} = trunc(${value}) AND abs(${value}) < 1e15 THEN CAST(CAST(${value} AS BIGINT) AS VARCHAR) ELSE CAST(${value} AS VARCHAR) END`;
    case 'bool': case 'guid': case 'int': case 'long': case 'string': case undefined:
      return `CAST(${value} AS VARCHAR)`;
  }
}

function binNumber(value: string, size: string, type: KustoType): string {
  const floored = `(floor(${value} / ${size}) * ${size})`;
  return type === 'real' || type === 'decimal' ? floored : `CAST(${floored} AS BIGINT)`;
}

const CALENDAR = new Set(['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond', 'microsecond']);
const INTERVALS: Record<string, string> = {
  year: 'to_years', quarter: '3 * to_months', month: 'to_months', week: 'to_weeks', day: 'to_days', hour: 'to_hours',
  minute: 'to_minutes', second: 'to_seconds', millisecond: 'to_milliseconds', microsecond: 'to_microseconds',
};

const OPS: Record<ScalarOp, (a: readonly string[], s: readonly Scalar[]) => string> = {
  add: (a) => `(${a0(a)} + ${a1(a)})`, sub: (a) => `(${a0(a)} - ${a1(a)})`, mul: (a) => `(${a0(a)} * ${a1(a)})`,
  div: (a) => `(CAST(${a0(a)} AS DOUBLE) / ${a1(a)})`, idiv: (a) => `(${a0(a)} // ${a1(a)})`, mod: (a) => `(${a0(a)} % ${a1(a)})`,
  neg: (a) => `(-${a0(a)})`,
  ts_add: (a) => `(${a0(a)} + to_microseconds(CAST(${a1(a)} AS BIGINT)))`,
  ts_sub: (a) => `(${a0(a)} - to_microseconds(CAST(${a1(a)} AS BIGINT)))`,
  ts_diff: (a) => `(epoch_us(${a0(a)}) - epoch_us(${a1(a)}))`,
  // Kusto strings are never null: an empty string equals "" and differs from "x".
  eq: (a, s) => (isText(s[0]) ? `(${text(a0(a), s[0])} = ${text(a1(a), s[1])})` : `(${a0(a)} = ${a1(a)})`),
  ne: (a, s) => (isText(s[0]) ? `(${text(a0(a), s[0])} <> ${text(a1(a), s[1])})` : `(${a0(a)} <> ${a1(a)})`),
  lt: (a) => `(${a0(a)} < ${a1(a)})`, le: (a) => `(${a0(a)} <= ${a1(a)})`, gt: (a) => `(${a0(a)} > ${a1(a)})`, ge: (a) => `(${a0(a)} >= ${a1(a)})`,
  eq_ci: (a, s) => `(lower(${text(a0(a), s[0])}) = lower(${text(a1(a), s[1])}))`, ne_ci: (a, s) => `(lower(${text(a0(a), s[0])}) <> lower(${text(a1(a), s[1])}))`,
  and: (a) => `(${a0(a)} AND ${a1(a)})`, or: (a) => `(${a0(a)} OR ${a1(a)})`, not: (a) => `(NOT coalesce(${a0(a)}, false))`,
  contains: (a, s) => `contains(lower(${text(a0(a), s[0])}), lower(${text(a1(a), s[1])}))`, contains_cs: (a, s) => `contains(${text(a0(a), s[0])}, ${text(a1(a), s[1])})`,
  startswith: (a, s) => `starts_with(lower(${text(a0(a), s[0])}), lower(${text(a1(a), s[1])}))`, startswith_cs: (a, s) => `starts_with(${text(a0(a), s[0])}, ${text(a1(a), s[1])})`,
  endswith: (a, s) => `ends_with(lower(${text(a0(a), s[0])}), lower(${text(a1(a), s[1])}))`, endswith_cs: (a, s) => `ends_with(${text(a0(a), s[0])}, ${text(a1(a), s[1])})`,
  has_regex: (a, s) => `regexp_matches(${text(a0(a), s[0])}, ${a1(a)})`, regex_match: (a, s) => `regexp_matches(${text(a0(a), s[0])}, ${a1(a)})`,
  like: (a, s) => `(${text(a0(a), s[0])} LIKE ${a1(a)})`,
  // A null never matches, and callers negate through `not`, which reads null as false: no coalesce.
  // ESCAPE only when the compiled pattern has one, since it costs DuckDB its fast path.
  ilike: (a, s) => `(${a0(a)} ILIKE ${a1(a)}${hasBackslash(s[1]) ? " ESCAPE '\\'" : ''})`,
  in: (a) => `(${a0(a)} IN (${a.slice(1).join(', ')}))`,
  in_ci: (a) => `(lower(${a0(a)}) IN (${a.slice(1).map((x) => `lower(${x})`).join(', ')}))`,
  isnull: (a) => `(${a0(a)} IS NULL)`, isnotnull: (a) => `(${a0(a)} IS NOT NULL)`,
  isempty: (a, s) => (isText(s[0]) ? `(${text(a0(a), s[0])} = '')` : `(${a0(a)} IS NULL)`),
  isnotempty: (a, s) => (isText(s[0]) ? `(${text(a0(a), s[0])} <> '')` : `(${a0(a)} IS NOT NULL)`),
  strcat: (a) => `concat(${a.join(', ')})`, tolower: (a) => `lower(${a0(a)})`, toupper: (a) => `upper(${a0(a)})`,
  substring: (a) => (a.length > 2 ? `substring(${a0(a)}, ${a1(a)} + 1, ${a2(a)})` : `substring(${a0(a)}, ${a1(a)} + 1)`),
  split: (a) => `to_json(string_split(${a0(a)}, ${a1(a)}))`, strlen: (a) => `CAST(length(${a0(a)}) AS BIGINT)`,
  replace_string: (a) => `replace(${a0(a)}, ${a1(a)}, ${a2(a)})`,
  extract: (a) => `nullif(regexp_extract(${a0(a)}, ${a1(a)}, CAST(${a2(a)} AS INTEGER)), '')`,
  trim: (a) => `regexp_replace(regexp_replace(${a1(a)}, '^(?:' || ${a0(a)} || ')+', ''), '(?:' || ${a0(a)} || ')+$', '')`,
  trim_start: (a) => `regexp_replace(${a1(a)}, '^(?:' || ${a0(a)} || ')+', '')`,
  trim_end: (a) => `regexp_replace(${a1(a)}, '(?:' || ${a0(a)} || ')+$', '')`,
  reverse: (a) => `reverse(${a0(a)})`, indexof: (a) => `CAST(strpos(${a0(a)}, ${a1(a)}) - 1 AS BIGINT)`,
  iff: (a) => `CASE WHEN ${a0(a)} THEN ${a1(a)} ELSE ${a2(a)} END`,
  case: (a) => `CASE ${a.slice(0, -1).map((x, i) => (i % 2 === 0 ? `WHEN ${x}` : `THEN ${x}`)).join(' ')} ELSE ${a[a.length - 1] ?? 'NULL'} END`,
  // Kusto's coalesce skips empty strings as well as nulls.
  coalesce: (a, s) => (isText(s[0]) ? `coalesce(${a.map((x) => `nullif(${x}, '')`).join(', ')}, '')` : `coalesce(${a.join(', ')})`),
  to_string: (a, s) => toText(a0(a), s[0]), dyn_to_string: (a) => `(${a0(a)} ->> '$')`,
  to_int: (a, s) => convert(a0(a), s[0], 'INTEGER'), to_long: (a, s) => convert(a0(a), s[0], 'BIGINT'),
  to_real: (a, s) => convert(a0(a), s[0], 'DOUBLE'),
  to_bool: (a, s) => (s[0]?.type === 'int' || s[0]?.type === 'long' || s[0]?.type === 'real' ? `(${a0(a)} <> 0)` : convert(a0(a), s[0], 'BOOLEAN')),
  to_datetime: (a, s) => (s[0]?.type === 'dynamic' || isText(s[0])
    ? `TRY_CAST(regexp_replace(${s[0]?.type === 'dynamic' ? `(${a0(a)} ->> '$')` : a0(a)}, '(Z|[+-]00:?00)$', '') AS TIMESTAMP)`
    : `TRY_CAST(${a0(a)} AS TIMESTAMP)`),
  to_timespan: (a, s) => (isText(s[0]) ? `CAST(epoch(TRY_CAST(${a0(a)} AS INTERVAL)) * 1000000 AS BIGINT)` : `CAST(round(${a0(a)}) AS BIGINT)`),
  format_datetime: (a) => `strftime(${a0(a)}, ${a1(a)})`,
  startofday: (a) => `date_trunc('day', ${a0(a)})`, startofmonth: (a) => `date_trunc('month', ${a0(a)})`, startofyear: (a) => `date_trunc('year', ${a0(a)})`,
  startofweek: (a) => `(CAST(date_trunc('day', ${a0(a)}) AS TIMESTAMP) - to_days(CAST(dayofweek(${a0(a)}) AS INTEGER)))`,
  datetime_part: (a, s) => {
    const part = s[0]?.k === 'param' ? String(s[0].value) : '';
    const render = PARTS[part];
    if (!render) throw new Error(`unchecked datetime part ${part}`);
    return `CAST(${render(a1(a))} AS INTEGER)`;
  },
  // The period is checked against a fixed set; each maps to one of DuckDB's own interval makers.
  datetime_add: (a, s) => `(${a2(a)} + ${INTERVALS[String(s[0]?.k === 'param' ? s[0].value : '')] ?? 'to_days'}(CAST(${a1(a)} AS ${s[0]?.k === 'param' && s[0].value === 'second' ? 'DOUBLE' : 'INTEGER'})))`,
  datetime_diff: (a, s) => `CAST(date_diff('${s[0]?.k === 'param' && CALENDAR.has(String(s[0].value)) ? String(s[0].value) : 'day'}', ${a2(a)}, ${a1(a)}) AS BIGINT)`,
  dayofweek: (a) => `(CAST(dayofweek(${a0(a)}) AS BIGINT) * ${DAY_US})`,
  isnan: (a) => `isnan(CAST(${a0(a)} AS DOUBLE))`, sign: (a) => `CAST(sign(${a0(a)}) AS DOUBLE)`,
  strcat_delim: (a, s) => `concat_ws(${a0(a)}, ${a.slice(1).map((x, i) => text(x, s[i + 1])).join(', ')})`,
  countof: (a) => `CAST((length(${a0(a)}) - length(replace(${a0(a)}, ${a1(a)}, ''))) // length(${a1(a)}) AS BIGINT)`,
  bin: (a, s) => binNumber(a0(a), a1(a), s[0]?.type ?? 'real'),
  floor: (a, s) => binNumber(a0(a), a1(a), s[0]?.type ?? 'real'),
  bin_ts: (a) => `make_timestamp(CAST(floor(epoch_us(${a0(a)}) / ${a1(a)}) * ${a1(a)} AS BIGINT))`,
  ceiling: (a) => `ceil(${a0(a)})`, abs: (a) => `abs(${a0(a)})`,
  round: (a) => (a.length > 1 ? `round(${a0(a)}, CAST(${a1(a)} AS INTEGER))` : `round(${a0(a)})`),
  sqrt: (a) => `sqrt(${a0(a)})`, log: (a) => `ln(${a0(a)})`, log10: (a) => `log10(${a0(a)})`, exp: (a) => `exp(${a0(a)})`,
  pow: (a) => `pow(${a0(a)}, ${a1(a)})`,
  parse_json: (a) => `CASE WHEN ${a0(a)} = '' THEN NULL WHEN json_valid(${a0(a)}) THEN CAST(${a0(a)} AS JSON) ELSE to_json(${a0(a)}) END`,
  dyn_member: (a) => `json_extract(${a0(a)}, ${a1(a)})`,
  dyn_index: (a) => `json_extract(${a0(a)}, ${a1(a)})`,
  array_length: (a) => `CASE WHEN json_type(${a0(a)}) = 'ARRAY' THEN CAST(json_array_length(${a0(a)}) AS BIGINT) END`,
  bag_pack: (a) => `json_object(${a.join(', ')})`, pack_array: (a) => `json_array(${a.join(', ')})`,
  make_datetime: (a) => `make_timestamp(${a.join(', ')})`, dyn_literal: (a) => `CAST(${a0(a)} AS JSON)`,
  unixtime_seconds_todatetime: (a) => `make_timestamp(CAST(${a0(a)} * 1000000 AS BIGINT))`,
  ...duckdbFunctionOps,
};

/** DuckDB's wire conversion, also used by `tostring`. */
function duckdbWire(sql: string, type: KustoType): string {
  switch (type) {
    case 'datetime':
      // Shortest exact form, as Log Analytics prints: 10:00:00Z, 10:00:00.5Z.
      return `(regexp_replace(strftime(${sql}, '%Y-%m-%dT%H:%M:%S.%f'), '\\.?0+$', '') || 'Z')`;
    case 'timespan': {
      const x = `abs(${sql})`;
      return `CASE WHEN ${sql} IS NULL THEN NULL ELSE (CASE WHEN ${sql} < 0 THEN '-' ELSE '' END)
        || (CASE WHEN ${x} >= ${DAY_US} THEN CAST(${x} // ${DAY_US} AS VARCHAR) || '.' ELSE '' END)
        || printf('%02d:%02d:%02d', (${x} // 3600000000) % 24, (${x} // 60000000) % 60, (${x} // 1000000) % 60)
        || (CASE WHEN ${x} % 1000000 <> 0 THEN printf('.%07d', (${x} % 1000000) * 10) ELSE '' END) END`;
    }
    case 'dynamic':
      // Log Analytics sends a dynamic string as the string itself; arrays, bags and numbers as JSON text.
      return `CASE WHEN json_type(${sql}) = 'VARCHAR' THEN (${sql} ->> '$') ELSE CAST(${sql} AS VARCHAR) END`;
    case 'long':
      return `CAST(${sql} AS BIGINT)`;
    case 'bool': case 'int': case 'real': case 'string': case 'guid': case 'decimal':
      return sql;
  }
}

function aggregate(agg: Aggregate, a: readonly string[]): string {
  const where = (p: string | undefined): string => `FILTER (WHERE ${p ?? 'true'})`;
  switch (agg.fn) {
    case 'count': return 'count(*)';
    case 'countif': return `count(*) ${where(a[0])}`;
    case 'dcount': return `count(DISTINCT ${a0(a)})`;
    case 'dcountif': return `count(DISTINCT ${a0(a)}) ${where(a[1])}`;
    case 'sum': return `CAST(sum(${a0(a)}) AS ${STORAGE[agg.type]})`;
    case 'sumif': return `CAST(sum(${a0(a)}) ${where(a[1])} AS ${STORAGE[agg.type]})`;
    case 'avg': return `avg(${a0(a)})`;
    case 'avgif': return `avg(${a0(a)}) ${where(a[1])}`;
    case 'min': return `min(${a0(a)})`;
    case 'max': return `max(${a0(a)})`;
    case 'any': return `any_value(${a0(a)})`;
    case 'make_set': return `coalesce(to_json(list(DISTINCT ${a0(a)}) FILTER (WHERE ${a0(a)} IS NOT NULL${a[1] ? ` AND ${a[1]}` : ''})), '[]'::JSON)`;
    case 'make_list': return `coalesce(to_json(list(${a0(a)}) FILTER (WHERE ${a0(a)} IS NOT NULL${a[1] ? ` AND ${a[1]}` : ''})), '[]'::JSON)`;
    // The rank is a checked number from 0 to 100, rendered by the compiler itself.
    case 'percentile': return `quantile_disc(${a0(a)}, ${(agg.extra ?? 50) / 100})`;
    case 'stdev': return `stddev_samp(${a0(a)})`;
    case 'variance': return `var_samp(${a0(a)})`;
    case 'arg_max': return `arg_max(${a0(a)}, ${a1(a)})`;
    case 'arg_min': return `arg_min(${a0(a)}, ${a1(a)})`;
  }
}

const RUNNING = 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';

function window(fn: WindowFn, a: readonly string[], over: string, type: KustoType): string {
  switch (fn) {
    case 'row_number': return `(${a0(a)} + row_number() OVER (${over}) - 1)`;
    case 'lag': case 'lead': return `${fn}(${a.join(', ')}) OVER (${over})`;
    case 'cumsum': return `CAST(sum(${a0(a)}) OVER (${over} ${RUNNING}) AS ${STORAGE[type]})`;
  }
}

const JOINS: Record<JoinKind, string> = {
  inner: 'INNER JOIN', innerunique: 'INNER JOIN', leftouter: 'LEFT JOIN', rightouter: 'RIGHT JOIN', fullouter: 'FULL JOIN',
  leftsemi: 'SEMI JOIN', leftanti: 'ANTI JOIN', rightsemi: 'SEMI JOIN', rightanti: 'ANTI JOIN',
};

/** DuckDB: `$n` parameters, TIMESTAMP for datetimes, BIGINT microseconds for timespans, JSON for dynamic. */
export const duckdbDialect: Dialect = {
  name: 'duckdb',
  quote: (name) => `"${name.replace(/"/g, '""')}"`,
  param: (index, type) => (type === 'datetime' ? `make_timestamp(CAST($${index} AS BIGINT))` : `CAST($${index} AS ${STORAGE[type]})`),
  nullOf: (type) => `CAST(NULL AS ${STORAGE[type]})`,
  op: (name, args, scalars) => OPS[name](args, scalars),
  aggregate,
  wire: duckdbWire,
  expandArray: (sql) => `unnest(CASE WHEN json_type(${sql}) = 'ARRAY' THEN CAST(${sql} AS JSON[]) ELSE [${sql}] END)`,
  join: (kind) => JOINS[kind],
  storageType: (type) => STORAGE[type],
  window,
  indexSeries: (last) => `unnest(generate_series(0, CAST(${last} AS BIGINT)))`,
  orderedArray: (value, order) => `to_json(list(${value} ORDER BY ${order}))`,
  inlineArgs: { datetime_part: [0], datetime_add: [0], datetime_diff: [0], timespan_part: [0] },
};
