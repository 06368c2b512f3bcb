import type { KustoType } from './compiled-query.js';
import type { Aggregate, JoinKind, Scalar, ScalarOp, WindowFn } from './plan.js';
import { clickhouseFunctionOps } from './clickhouse-function-ops.js';
import type { Dialect } from './sql-dialect.js';

/**
 * ClickHouse, rendered from the same plan as DuckDB. Storage assumption for its adapter: datetimes
 * are DateTime64(6, 'UTC'), timespans Int64 microseconds, dynamic values JSON text in a String.
 * Checked by golden files only until the ClickHouse storage adapter exists.
 */

const STORAGE: Record<KustoType, string> = {
  bool: 'Bool', datetime: "DateTime64(6, 'UTC')", dynamic: 'String', int: 'Int32', long: 'Int64', real: 'Float64',
  string: 'String', guid: 'String', decimal: 'Float64', timespan: 'Int64',
};
const PARAM_TYPES: Record<KustoType, string> = { ...STORAGE, datetime: 'Int64' };

const a0 = (a: readonly string[]): string => a[0] ?? 'NULL';
const a1 = (a: readonly string[]): string => a[1] ?? 'NULL';
const a2 = (a: readonly string[]): string => a[2] ?? 'NULL';
const text = (s: string): string => `ifNull(${s}, '')`;
const isText = (s: Scalar | undefined): boolean => s?.type === 'string' || s?.type === 'guid';
const micros = (s: string): string => `toUnixTimestamp64Micro(${s})`;
const fromMicros = (s: string): string => `fromUnixTimestamp64Micro(toInt64(${s}), 'UTC')`;
const dyn = (s: string): string => `if(JSONType(${s}) = 'String', JSONExtractString(${s}), ${s})`;

const PARTS: Record<string, (x: string) => string> = {
  year: (x) => `toYear(${x})`, quarter: (x) => `toQuarter(${x})`, month: (x) => `toMonth(${x})`, week_of_year: (x) => `toISOWeek(${x})`,
  day: (x) => `toDayOfMonth(${x})`, dayofyear: (x) => `toDayOfYear(${x})`, hour: (x) => `toHour(${x})`, minute: (x) => `toMinute(${x})`,
  second: (x) => `toSecond(${x})`, millisecond: (x) => `intDiv(${micros(x)} % 1000000, 1000)`, microsecond: (x) => `(${micros(x)} % 1000000)`,
  nanosecond: (x) => `((${micros(x)} % 1000000) * 1000)`,
};

function convert(value: string, from: Scalar | undefined, to: 'Int32' | 'Int64' | 'Float64' | 'Bool'): string {
  const source = from?.type === 'dynamic' ? dyn(value) : value;
  if (from?.type === 'real' && to !== 'Float64') return `to${to}OrNull(toString(trunc(${value})))`;
  return `to${to}OrNull(toString(${source}))`;
}

const binNumber = (value: string, size: string, type: KustoType): string =>
  (type === 'real' || type === 'decimal' ? `(floor(${value} / ${size}) * ${size})` : `toInt64(floor(${value} / ${size}) * ${size})`);

const CALENDAR = new Set(['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond', 'microsecond']);

const OPS: Record<ScalarOp, (a: readonly string[], s: readonly Scalar[]) => string> = {
  add: (a) => `(${a0(a)} + ${a1(a)})`, sub: (a) => `(${a0(a)} - ${a1(a)})`, mul: (a) => `(${a0(a)} * ${a1(a)})`,
  div: (a) => `(toFloat64(${a0(a)}) / ${a1(a)})`, idiv: (a) => `intDiv(${a0(a)}, ${a1(a)})`, mod: (a) => `(${a0(a)} % ${a1(a)})`,
  neg: (a) => `(-${a0(a)})`,
  ts_add: (a) => fromMicros(`${micros(a0(a))} + ${a1(a)}`), ts_sub: (a) => fromMicros(`${micros(a0(a))} - ${a1(a)}`),
  ts_diff: (a) => `(${micros(a0(a))} - ${micros(a1(a))})`,
  eq: (a, s) => (isText(s[0]) ? `(${text(a0(a))} = ${text(a1(a))})` : `(${a0(a)} = ${a1(a)})`),
  ne: (a, s) => (isText(s[0]) ? `(${text(a0(a))} != ${text(a1(a))})` : `(${a0(a)} != ${a1(a)})`),
  lt: (a) => `(${a0(a)} < ${a1(a)})`, le: (a) => `(${a0(a)} <= ${a1(a)})`, gt: (a) => `(${a0(a)} > ${a1(a)})`, ge: (a) => `(${a0(a)} >= ${a1(a)})`,
  eq_ci: (a) => `(lowerUTF8(${text(a0(a))}) = lowerUTF8(${text(a1(a))}))`, ne_ci: (a) => `(lowerUTF8(${text(a0(a))}) != lowerUTF8(${text(a1(a))}))`,
  and: (a) => `(${a0(a)} AND ${a1(a)})`, or: (a) => `(${a0(a)} OR ${a1(a)})`, not: (a) => `(NOT ifNull(${a0(a)}, false))`,
  contains: (a) => `(positionCaseInsensitiveUTF8(${text(a0(a))}, ${text(a1(a))}) > 0)`, contains_cs: (a) => `(position(${text(a0(a))}, ${text(a1(a))}) > 0)`,
  startswith: (a) => `startsWith(lowerUTF8(${text(a0(a))}), lowerUTF8(${text(a1(a))}))`, startswith_cs: (a) => `startsWith(${text(a0(a))}, ${text(a1(a))})`,
  endswith: (a) => `endsWith(lowerUTF8(${text(a0(a))}), lowerUTF8(${text(a1(a))}))`, endswith_cs: (a) => `endsWith(${text(a0(a))}, ${text(a1(a))})`,
  has_regex: (a) => `match(${text(a0(a))}, ${a1(a)})`, regex_match: (a) => `match(${text(a0(a))}, ${a1(a)})`,
  like: (a) => `(${text(a0(a))} LIKE ${a1(a)})`,
  ilike: (a) => `ilike(${a0(a)}, ${a1(a)})`,
  in: (a) => `(${a0(a)} IN (${a.slice(1).join(', ')}))`,
  in_ci: (a) => `(lowerUTF8(${a0(a)}) IN (${a.slice(1).map((x) => `lowerUTF8(${x})`).join(', ')}))`,
  isnull: (a) => `(${a0(a)} IS NULL)`, isnotnull: (a) => `(${a0(a)} IS NOT NULL)`,
  isempty: (a, s) => (isText(s[0]) ? `(${text(a0(a))} = '')` : `(${a0(a)} IS NULL)`),
  isnotempty: (a, s) => (isText(s[0]) ? `(${text(a0(a))} != '')` : `(${a0(a)} IS NOT NULL)`),
  strcat: (a) => `concat(${a.map(text).join(', ')})`, tolower: (a) => `lowerUTF8(${a0(a)})`, toupper: (a) => `upperUTF8(${a0(a)})`,
  substring: (a) => (a.length > 2 ? `substringUTF8(${a0(a)}, ${a1(a)} + 1, ${a2(a)})` : `substringUTF8(${a0(a)}, ${a1(a)} + 1)`),
  split: (a) => `toJSONString(splitByString(${a1(a)}, ${a0(a)}))`, strlen: (a) => `toInt64(lengthUTF8(${a0(a)}))`,
  replace_string: (a) => `replaceAll(${a0(a)}, ${a1(a)}, ${a2(a)})`,
  extract: (a) => `nullIf(regexpExtract(${a0(a)}, ${a1(a)}, toInt32(${a2(a)})), '')`,
  trim: (a) => `replaceRegexpAll(${a1(a)}, concat('^(?:', ${a0(a)}, ')+|(?:', ${a0(a)}, ')+$'), '')`,
  trim_start: (a) => `replaceRegexpOne(${a1(a)}, concat('^(?:', ${a0(a)}, ')+'), '')`,
  trim_end: (a) => `replaceRegexpOne(${a1(a)}, concat('(?:', ${a0(a)}, ')+$'), '')`,
  reverse: (a) => `reverseUTF8(${a0(a)})`, indexof: (a) => `(toInt64(positionUTF8(${a0(a)}, ${a1(a)})) - 1)`,
  iff: (a) => `if(${a0(a)}, ${a1(a)}, ${a2(a)})`,
  case: (a) => `multiIf(${a.join(', ')})`,
  coalesce: (a, s) => (isText(s[0]) ? `coalesce(${a.map((x) => `nullIf(${x}, '')`).join(', ')}, '')` : `coalesce(${a.join(', ')})`),
  to_string: (a, s) => (s[0]?.type === 'datetime' ? clickhouseWire(a0(a), 'datetime') : s[0]?.type === 'timespan' ? clickhouseWire(a0(a), 'timespan') : s[0]?.type === 'dynamic' ? dyn(a0(a)) : `toString(${a0(a)})`),
  dyn_to_string: (a) => dyn(a0(a)),
  to_int: (a, s) => convert(a0(a), s[0], 'Int32'), to_long: (a, s) => convert(a0(a), s[0], 'Int64'),
  to_real: (a, s) => convert(a0(a), s[0], 'Float64'), to_bool: (a, s) => convert(a0(a), s[0], 'Bool'),
  to_datetime: (a, s) => `parseDateTime64BestEffortOrNull(${s[0]?.type === 'dynamic' ? dyn(a0(a)) : `toString(${a0(a)})`}, 6, 'UTC')`,
  to_timespan: (a) => `toInt64(round(${a0(a)}))`,
  // The compiler's strftime patterns use %M for minutes, ClickHouse's formatDateTime %i.
  format_datetime: (a) => `formatDateTime(${a0(a)}, replaceAll(${a1(a)}, '%M', '%i'), 'UTC')`,
  startofday: (a) => `toDateTime64(toStartOfDay(${a0(a)}), 6, 'UTC')`, startofmonth: (a) => `toDateTime64(toStartOfMonth(${a0(a)}), 6, 'UTC')`,
  startofyear: (a) => `toDateTime64(toStartOfYear(${a0(a)}), 6, 'UTC')`, startofweek: (a) => `toDateTime64(toStartOfWeek(${a0(a)}, 0), 6, 'UTC')`,
  datetime_part: (a, s) => {
    const render = PARTS[s[0]?.k === 'param' ? String(s[0].value) : ''];
    if (!render) throw new Error('unchecked datetime part');
    return `toInt32(${render(a1(a))})`;
  },
  datetime_add: (a, s) => `date_add(${CALENDAR.has(String(s[0]?.k === 'param' ? s[0].value : '')) ? String(s[0]?.k === 'param' ? s[0].value : '') : 'day'}, ${a1(a)}, ${a2(a)})`,
  datetime_diff: (a, s) => `toInt64(dateDiff('${CALENDAR.has(String(s[0]?.k === 'param' ? s[0].value : '')) ? String(s[0]?.k === 'param' ? s[0].value : '') : 'day'}', ${a2(a)}, ${a1(a)}))`,
  dayofweek: (a) => `(toInt64(toDayOfWeek(${a0(a)}, 3)) * 86400000000)`,
  isnan: (a) => `isNaN(${a0(a)})`, sign: (a) => `toFloat64(sign(${a0(a)}))`,
  strcat_delim: (a) => `arrayStringConcat([${a.slice(1).map(text).join(', ')}], ${a0(a)})`,
  countof: (a) => `toInt64(countSubstrings(${a0(a)}, ${a1(a)}))`,
  bin: (a, s) => binNumber(a0(a), a1(a), s[0]?.type ?? 'real'), floor: (a, s) => binNumber(a0(a), a1(a), s[0]?.type ?? 'real'),
  bin_ts: (a) => fromMicros(`intDiv(${micros(a0(a))}, ${a1(a)}) * ${a1(a)}`),
  ceiling: (a) => `ceil(${a0(a)})`, abs: (a) => `abs(${a0(a)})`,
  round: (a) => (a.length > 1 ? `round(${a0(a)}, toInt32(${a1(a)}))` : `round(${a0(a)})`),
  sqrt: (a) => `sqrt(${a0(a)})`, log: (a) => `log(${a0(a)})`, log10: (a) => `log10(${a0(a)})`, exp: (a) => `exp(${a0(a)})`, pow: (a) => `pow(${a0(a)}, ${a1(a)})`,
  parse_json: (a) => `if(${a0(a)} = '', NULL, if(isValidJSON(${a0(a)}), ${a0(a)}, toJSONString(${a0(a)})))`,
  dyn_member: (a) => `nullIf(JSON_QUERY(${a0(a)}, ${a1(a)}), '')`, dyn_index: (a) => `nullIf(JSON_QUERY(${a0(a)}, ${a1(a)}), '')`,
  array_length: (a) => `if(JSONType(${a0(a)}) = 'Array', toInt64(JSONLength(${a0(a)})), NULL)`,
  bag_pack: (a) => `toJSONString(map(${a.join(', ')}))`, pack_array: (a) => `toJSONString([${a.join(', ')}])`,
  make_datetime: (a) => `makeDateTime64(${a.join(', ')})`, dyn_literal: (a) => a0(a),
  unixtime_seconds_todatetime: (a) => fromMicros(`${a0(a)} * 1000000`),
  ...clickhouseFunctionOps,
};

function clickhouseWire(sql: string, type: KustoType): string {
  switch (type) {
    case 'datetime':
      return `concat(replaceRegexpOne(formatDateTime(${sql}, '%Y-%m-%dT%H:%i:%S.%f', 'UTC'), '\\\\.?0+$', ''), 'Z')`;
    case 'timespan': {
      const x = `abs(${sql})`;
      return `if(${sql} IS NULL, NULL, concat(if(${sql} < 0, '-', ''), if(${x} >= 86400000000, concat(toString(intDiv(${x}, 86400000000)), '.'), ''),
        leftPad(toString(intDiv(${x}, 3600000000) % 24), 2, '0'), ':', leftPad(toString(intDiv(${x}, 60000000) % 60), 2, '0'), ':',
        leftPad(toString(intDiv(${x}, 1000000) % 60), 2, '0'), if(${x} % 1000000 != 0, concat('.', leftPad(toString((${x} % 1000000) * 10), 7, '0')), '')))`;
    }
    case 'long':
      return `toInt64(${sql})`;
    case 'dynamic':
      // Log Analytics sends a dynamic string as the string itself; arrays, bags and numbers as JSON text.
      return `if(JSONType(${sql}) = 'String', JSONExtractString(${sql}), ${sql})`;
    case 'bool': case 'int': case 'real': case 'string': case 'guid': case 'decimal':
      return sql;
  }
}

function aggregate(agg: Aggregate, a: readonly string[]): string {
  switch (agg.fn) {
    case 'count': return 'count()';
    case 'countif': return `countIf(${a0(a)})`;
    case 'dcount': return `uniqExact(${a0(a)})`;
    case 'dcountif': return `uniqExactIf(${a0(a)}, ${a1(a)})`;
    case 'sum': return `sum(${a0(a)})`;
    case 'sumif': return `sumIf(${a0(a)}, ${a1(a)})`;
    case 'avg': return `avg(${a0(a)})`;
    case 'avgif': return `avgIf(${a0(a)}, ${a1(a)})`;
    case 'min': return `min(${a0(a)})`;
    case 'max': return `max(${a0(a)})`;
    case 'any': return `any(${a0(a)})`;
    case 'make_set': return a[1] ? `toJSONString(groupUniqArrayIf(${a0(a)}, ${a[1]}))` : `toJSONString(groupUniqArray(${a0(a)}))`;
    case 'make_list': return a[1] ? `toJSONString(groupArrayIf(${a0(a)}, ${a[1]}))` : `toJSONString(groupArray(${a0(a)}))`;
    case 'percentile': return `quantileExact(${(agg.extra ?? 50) / 100})(${a0(a)})`;
    case 'stdev': return `stddevSamp(${a0(a)})`;
    case 'variance': return `varSamp(${a0(a)})`;
    case 'arg_max': return `argMax(${a0(a)}, ${a1(a)})`;
    case 'arg_min': return `argMin(${a0(a)}, ${a1(a)})`;
  }
}

const WHOLE = 'ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING';

function window(fn: WindowFn, a: readonly string[], over: string): string {
  switch (fn) {
    case 'row_number': return `(${a0(a)} + row_number() OVER (${over}) - 1)`;
    // lagInFrame reads within the frame, hence the whole partition; toNullable so a missing row is NULL, not 0 or ''.
    case 'lag': case 'lead': return `${fn}InFrame(toNullable(${a0(a)}), ${a.slice(1).join(', ')}) OVER (${over} ${WHOLE})`;
    case 'cumsum': return `sum(${a0(a)}) OVER (${over} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
  }
}

const JOINS: Record<JoinKind, string> = {
  inner: 'INNER JOIN', innerunique: 'INNER JOIN', leftouter: 'LEFT JOIN', rightouter: 'RIGHT JOIN', fullouter: 'FULL JOIN',
  leftsemi: 'LEFT SEMI JOIN', leftanti: 'LEFT ANTI JOIN', rightsemi: 'LEFT SEMI JOIN', rightanti: 'LEFT ANTI JOIN',
};

/** ClickHouse: `{pN:Type}` parameters; datetimes travel as Int64 microseconds. */
export const clickhouseDialect: Dialect = {
  name: 'clickhouse',
  quote: (name) => `"${name.replace(/"/g, '""')}"`,
  param: (index, type) => (type === 'datetime' ? fromMicros(`{p${index}:Int64}`) : `{p${index}:${PARAM_TYPES[type]}}`),
  nullOf: (type) => `CAST(NULL AS Nullable(${STORAGE[type]}))`,
  op: (name, args, scalars) => OPS[name](args, scalars),
  aggregate,
  wire: clickhouseWire,
  expandArray: (sql) => `arrayJoin(if(JSONType(${sql}) = 'Array', JSONExtractArrayRaw(${sql}), [${sql}]))`,
  join: (kind) => JOINS[kind],
  storageType: (type) => STORAGE[type],
  window,
  indexSeries: (last) => `arrayJoin(range(toUInt64(greatest(ifNull(${last}, -1) + 1, 0))))`,
  // groupArray drops NULLs; pairs keep them and give the order.
  orderedArray: (value, order) => `toJSONString(arrayMap(t -> t.2, arraySort(groupArray((${order}, ${value})))))`,
  inlineArgs: { datetime_part: [0], datetime_add: [0], datetime_diff: [0], timespan_part: [0] },
};
