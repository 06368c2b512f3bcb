import { IPV4_PATTERN } from './ipv4-functions.js';
import type { Scalar } from './plan.js';

/**
 * DuckDB renderings of the IPv4, dynamic-array and format_timespan operations (kept out of
 * duckdb-dialect.ts, which spreads them into its table). A value needed several times is bound
 * once with a lambda (`list_transform([v], lambda x: …)[1]`): DuckDB does not share repeated
 * subexpressions in a filter, and a per-row regular expression repeated eight times costs 7x.
 * Lambda parameters start with `__`, which no catalogue column does.
 */

type Render = (a: readonly string[], s: readonly Scalar[]) => string;
export type FunctionOp = 'timespan_part'
  | 'ipv4_parse' | 'ipv4_masked' | 'ipv4_compare' | 'ipv4_in_range' | 'ipv4_in_any' | 'ipv4_is_private' | 'ipv4_suffix' | 'format_ipv4' | 'format_ipv4_mask'
  | 'strcat_array' | 'array_concat' | 'array_slice' | 'array_index_of' | 'array_sum' | 'array_reverse' | 'array_sort_asc' | 'array_sort_desc'
  | 'set_union' | 'set_intersect' | 'set_difference' | 'bag_keys' | 'gettype';

const a0 = (a: readonly string[]): string => a[0] ?? 'NULL';
const a1 = (a: readonly string[]): string => a[1] ?? 'NULL';

/** Binds values of one type to `__v[1]`, `__v[2]` … for the body. */
const bind = (values: readonly string[], body: (v: string[]) => string, name = '__v'): string =>
  `list_transform([[${values.join(', ')}]], lambda ${name}: ${body(values.map((_, i) => `${name}[${i + 1}]`))})[1]`;

// --- IPv4: a packed long is ip * 64 + prefix (prefix 0..32), NULL when the text is no IPv4 address.
const octet = (f: string): string => `TRY_CAST(__m.${f} AS BIGINT)`;
const parseText = (text: string): string =>
  `list_transform([regexp_extract(${text}, '${IPV4_PATTERN}', ['a', 'b', 'c', 'd', 'p'])], lambda __m: CASE WHEN ${['a', 'b', 'c', 'd'].map((f) => `${octet(f)} <= 255`).join(' AND ')}`
  + ` AND coalesce(TRY_CAST(nullif(__m.p, '') AS BIGINT), 32) <= 32`
  + ` THEN ((${octet('a')} << 24) + (${octet('b')} << 16) + (${octet('c')} << 8) + ${octet('d')}) * 64 + coalesce(TRY_CAST(nullif(__m.p, '') AS BIGINT), 32) END)[1]`;
const parseNumber = (n: string): string => `CASE WHEN ${n} >= 0 AND ${n} < 4294967296 THEN CAST(trunc(${n}) AS BIGINT) * 64 + 32 END`;
const NUMBER_JSON = "('UBIGINT', 'BIGINT', 'DOUBLE')";

function ipv4Parse(a: readonly string[], s: readonly Scalar[]): string {
  const x = a0(a);
  switch (s[0]?.type) {
    case 'dynamic':
      return `CASE WHEN json_type(${x}) = 'VARCHAR' THEN ${parseText(`(${x} ->> '$')`)} WHEN json_type(${x}) IN ${NUMBER_JSON} THEN ${parseNumber(`TRY_CAST(${x} AS DOUBLE)`)} END`;
    case 'string': case 'guid': case undefined:
      return parseText(x);
    case 'int': case 'long': case 'real': case 'decimal': case 'bool': case 'datetime': case 'timespan':
      return parseNumber(x);
  }
}

const ip = (v: string): string => `(${v} >> 6)`;
const pfx = (v: string): string => `(${v} & 63)`;
const mask = (p: string): string => `(4294967295 - ((1::BIGINT << (32 - ${p})) - 1))`;
const under = (v: string, p: string): string => `(${ip(v)} & ${mask(p)})`;
/** A prefix argument: 0 to 32, else the result is null (or '' when formatting). */
const prefixArg = (a: readonly string[], i: number): string => (a[i] ? `CAST(${a[i]} AS BIGINT)` : '32');
const validPrefix = (p: string): string => `${p} BETWEEN 0 AND 32`;
// least() skips NULLs, so an unparsed address is tested before it is formatted.
const dotted = (x: string): string => `concat_ws('.', ${x} >> 24, (${x} >> 16) & 255, (${x} >> 8) & 255, ${x} & 255)`;
const inRange = (v: string, r: string): string => `((${under(v, pfx(v))} & ${mask(pfx(r))}) = ${under(r, pfx(r))})`;

function formatIpv4(a: readonly string[], withMask: boolean): string {
  return `coalesce(${bind([a0(a), prefixArg(a, 1)], ([v = '', p = '']) => {
    const bits = `least(${pfx(v)}, ${p})`;
    return `CASE WHEN ${v} IS NOT NULL AND ${validPrefix(p)} THEN ${dotted(under(v, bits))}${withMask ? ` || '/' || ${bits}` : ''} END`;
  })}, '')`;
}

const IPV4_OPS: Record<Extract<FunctionOp, `${string}ipv4${string}`>, Render> = {
  ipv4_parse: ipv4Parse,
  ipv4_masked: (a) => bind([a0(a), prefixArg(a, 1)], ([v = '', p = '']) => `CASE WHEN ${validPrefix(p)} THEN ${under(v, `least(${pfx(v)}, ${p})`)} END`),
  ipv4_compare: (a) => bind([a0(a), a1(a), prefixArg(a, 2)], ([x = '', y = '', p = '']) => {
    const bits = `least(${pfx(x)}, ${pfx(y)}, ${p})`;
    return `CASE WHEN ${validPrefix(p)} THEN CAST(sign(${under(x, bits)} - ${under(y, bits)}) AS BIGINT) END`;
  }),
  ipv4_in_range: (a) => bind([a0(a), a1(a)], ([v = '', r = '']) => inRange(v, r)),
  // Three-valued like a chain of OR: true if any range holds the address, else null if one did not parse.
  ipv4_in_any: (a) => `list_transform([{'ip': ${a0(a)}, 'r': list_transform(CASE WHEN json_type(${a1(a)}) = 'ARRAY' THEN CAST(${a1(a)} AS JSON[]) ELSE [${a1(a)}] END, lambda __e: ${parseText("(__e ->> '$')")})}], `
    + `lambda __a: CASE WHEN __a.ip IS NULL THEN NULL WHEN list_bool_or(list_transform(__a.r, lambda __r: ${inRange('__a.ip', '__r')})) THEN true `
    + 'WHEN list_count(__a.r) < len(__a.r) THEN NULL ELSE false END)[1]',
  ipv4_is_private: (a) => bind([a0(a)], ([v = '']) => {
    const x = under(v, pfx(v));
    return `((${x} >> 24) = 10 OR (${x} >> 20) = 2753 OR (${x} >> 16) = 49320)`;
  }),
  ipv4_suffix: (a) => `CAST(${pfx(a0(a))} AS BIGINT)`,
  format_ipv4: (a) => formatIpv4(a, false),
  format_ipv4_mask: (a) => formatIpv4(a, true),
};

// --- dynamic arrays: JSON values, cast to JSON[] to use DuckDB's list functions.
const isArray = (x: string): string => `json_type(${x}) = 'ARRAY'`;
const list = (x: string): string => `CAST(${x} AS JSON[])`;
const arrays = (a: readonly string[]): string => a.map(isArray).join(' AND ');
/** First occurrences only, in order (list_distinct does not keep the order). */
const distinct = (l: string): string => `list_transform([${l}], lambda __l: list_filter(__l, lambda __x, __i: list_position(__l, __x) = __i))[1]`;

/** array_index_of's equality between a JSON element and a typed value. */
function sameValue(e: string, v: string, s: Scalar | undefined): string {
  switch (s?.type) {
    case 'string': case 'guid': return `(json_type(${e}) = 'VARCHAR' AND (${e} ->> '$') = ${v})`;
    case 'bool': return `(json_type(${e}) = 'BOOLEAN' AND CAST(${e} AS BOOLEAN) = ${v})`;
    case 'datetime': return `(json_type(${e}) = 'VARCHAR' AND TRY_CAST(regexp_replace(${e} ->> '$', '(Z|[+-]00:?00)$', '') AS TIMESTAMP) = ${v})`;
    case 'int': case 'long': case 'real': case 'decimal': case 'timespan': case 'dynamic': case undefined: return `(json_type(${e}) IN ${NUMBER_JSON} AND CAST(${e} AS DOUBLE) = ${v})`;
  }
}

function arrayIndexOf(a: readonly string[], s: readonly Scalar[]): string {
  const [arr = 'NULL', value = 'NULL', start = '0', length = '-1', occurrence = '1'] = a;
  const from = 'CASE WHEN __s.st < 0 THEN greatest(len(__s.l) + __s.st, 0) ELSE __s.st END';
  const hits = `list_filter(range(0, len(__s.l)), lambda __i: __i >= ${from} AND (__s.ln = -1 OR __i < ${from} + __s.ln) AND ${sameValue('__s.l[__i + 1]', '__s.v', s[1])})`;
  return `list_transform([{'l': CASE WHEN ${isArray(arr)} THEN ${list(arr)} END, 'v': ${value}, 'st': CAST(${start} AS BIGINT), 'ln': CAST(${length} AS BIGINT), 'oc': CAST(${occurrence} AS BIGINT)}], `
    + `lambda __s: CASE WHEN __s.l IS NULL OR __s.oc < 0 OR __s.ln < -1 THEN NULL ELSE CAST(coalesce((${hits})[__s.oc], -1) AS BIGINT) END)[1]`;
}

/**
 * Kusto sorts numbers first, then strings, then everything else; nulls last unless told otherwise.
 * Each element gets a key struct ordered by group; descending negates the group so it keeps that order.
 */
function sortArray(a: readonly string[], desc: boolean): string {
  const nulls = `CASE WHEN ${a1(a)} THEN 9 ELSE -1 END`;
  const group = `CASE WHEN __e IS NULL THEN ${nulls} WHEN json_type(__e) IN ${NUMBER_JSON} THEN 0 WHEN json_type(__e) = 'VARCHAR' THEN 1 ELSE 2 END`;
  const key = `{'g': ${desc ? `-(${group})` : group}, 'n': CASE WHEN json_type(__e) IN ${NUMBER_JSON} THEN CAST(__e AS DOUBLE) END, 's': CASE WHEN json_type(__e) = 'VARCHAR' THEN __e ->> '$' ELSE CAST(__e AS VARCHAR) END, 'v': __e}`;
  return `CASE WHEN ${isArray(a0(a))} THEN to_json(list_transform(list_sort(list_transform(${list(a0(a))}, lambda __e: ${key}), '${desc ? 'DESC' : 'ASC'}'), lambda __k: __k.v)) END`;
}

/** set_intersect / set_difference: the first array's distinct values kept by a test on the others. */
function setFilter(a: readonly string[], keep: string): string {
  return `CASE WHEN ${arrays(a)} THEN to_json(list_transform([{'a': ${list(a0(a))}, 'o': [${a.slice(1).map(list).join(', ')}]}], `
    + `lambda __s: list_filter(${distinct('__s.a')}, lambda __x: ${keep}))[1]) END`;
}

const intOrLong = (x: string): string => `CASE WHEN TRY_CAST(${x} AS BIGINT) BETWEEN -2147483648 AND 2147483647 THEN 'int' ELSE 'long' END`;
const GETTYPE: [string, string][] = [['DOUBLE', 'real'], ['BOOLEAN', 'bool'], ['VARCHAR', 'string'], ['OBJECT', 'dictionary'], ['ARRAY', 'array']];

const DYNAMIC_OPS: Record<Exclude<FunctionOp, keyof typeof IPV4_OPS | 'timespan_part'>, Render> = {
  strcat_array: (a) => `CASE WHEN ${isArray(a0(a))} THEN array_to_string(list_transform(${list(a0(a))}, lambda __e: coalesce(__e ->> '$', '')), ${a1(a)}) ELSE '' END`,
  array_concat: (a) => `CASE WHEN ${arrays(a)} THEN to_json(${a.length > 1 ? `list_concat(${a.map(list).join(', ')})` : list(a0(a))}) END`,
  // Kusto's indices are 0-based and inclusive, negative from the end; DuckDB's 1-based, negative alike.
  array_slice: (a) => {
    const index = (i: string): string => `CASE WHEN ${i} < 0 THEN ${i} ELSE ${i} + 1 END`;
    return `CASE WHEN ${isArray(a0(a))} THEN to_json(list_slice(${list(a0(a))}, ${index(a1(a))}, ${index(a[2] ?? 'NULL')})) END`;
  },
  array_index_of: arrayIndexOf,
  // Null when an element is not a number (a JSON null included).
  array_sum: (a) => `CASE WHEN ${isArray(a0(a))} THEN list_transform([${list(a0(a))}], lambda __l: CASE WHEN list_count(list_filter(__l, lambda __e: json_type(__e) IN ${NUMBER_JSON})) = len(__l) `
    + 'THEN coalesce(list_sum(list_transform(__l, lambda __e: CAST(__e AS DOUBLE))), 0) END)[1] END',
  array_reverse: (a) => `CASE WHEN ${isArray(a0(a))} THEN to_json(list_reverse(${list(a0(a))})) END`,
  array_sort_asc: (a) => sortArray(a, false),
  array_sort_desc: (a) => sortArray(a, true),
  set_union: (a) => `CASE WHEN ${arrays(a)} THEN to_json(${distinct(`list_concat(${a.map(list).join(', ')})`)}) END`,
  set_intersect: (a) => setFilter(a, 'list_bool_and(list_transform(__s.o, lambda __o: coalesce(list_contains(__o, __x), false)))'),
  set_difference: (a) => setFilter(a, 'NOT list_bool_or(list_transform(__s.o, lambda __o: coalesce(list_contains(__o, __x), false)))'),
  bag_keys: (a) => `CASE WHEN json_type(${a0(a)}) = 'OBJECT' THEN to_json(json_keys(${a0(a)})) END`,
  // Kusto's JSON numbers are int when they fit 32 bits (gettype(parse_json('1')) is "int"), else long.
  gettype: (a) => `CASE json_type(${a0(a)}) WHEN 'UBIGINT' THEN ${intOrLong(a0(a))} WHEN 'BIGINT' THEN ${intOrLong(a0(a))} ${GETTYPE.map(([j, k]) => `WHEN '${j}' THEN '${k}'`).join(' ')} ELSE 'null' END`,
};

// --- format_timespan parts, from a spec the compiler made (`d3`, `h2`, `F7` …), never user text.
const DAY_US = 86_400_000_000;
function timespanPart(a: readonly string[], s: readonly Scalar[]): string {
  const spec = s[0]?.k === 'param' ? String(s[0].value) : '';
  const width = Number(spec.slice(1));
  if (!/^[dfFhms][1-8]$/.test(spec)) throw new Error(`unchecked timespan part ${spec}`);
  const x = `abs(${a1(a)})`;
  const padded = (v: string, w: number): string => `printf('%0${w}d', ${v})`;
  const fraction = `left(printf('%07d', (${x} % 1000000) * 10), ${width})`;
  switch (spec.charAt(0)) {
    case 'd': return padded(`${x} // ${DAY_US}`, width);
    case 'h': return padded(`(${x} // 3600000000) % 24`, width);
    case 'm': return padded(`(${x} // 60000000) % 60`, width);
    case 's': return padded(`(${x} // 1000000) % 60`, width);
    case 'f': return fraction;
    default: return `rtrim(${fraction}, '0')`;
  }
}

export const duckdbFunctionOps: Record<FunctionOp, Render> = { ...IPV4_OPS, ...DYNAMIC_OPS, timespan_part: timespanPart };
