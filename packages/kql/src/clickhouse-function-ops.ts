import type { FunctionOp } from './duckdb-function-ops.js';
import { IPV4_PATTERN } from './ipv4-functions.js';
import type { Scalar } from './plan.js';

/**
 * ClickHouse renderings of the IPv4, dynamic-array and format_timespan operations, the same
 * shapes as duckdb-function-ops.ts (golden files only until the ClickHouse adapter exists).
 * Dynamic values are JSON text; arrays are read with JSONExtractArrayRaw (raw element texts).
 */

type Render = (a: readonly string[], s: readonly Scalar[]) => string;

const a0 = (a: readonly string[]): string => a[0] ?? 'NULL';
const a1 = (a: readonly string[]): string => a[1] ?? 'NULL';
/** Binds a tuple of values to `__v.1`, `__v.2` … for the body. */
const bind = (values: readonly string[], body: (v: string[]) => string): string =>
  `arrayMap(__v -> ${body(values.map((_, i) => `tupleElement(__v, ${i + 1})`))}, [tuple(${values.join(', ')})])[1]`;

const octet = (i: number): string => `toInt64OrNull(__m[${i}])`;
const suffix = "if(__m[5] = '', 32, toInt64OrNull(__m[5]))";
const parseText = (text: string): string =>
  `arrayMap(__m -> if(length(__m) = 5 AND ${[1, 2, 3, 4].map((i) => `${octet(i)} <= 255`).join(' AND ')} AND ${suffix} <= 32, `
  + `(bitShiftLeft(${octet(1)}, 24) + bitShiftLeft(${octet(2)}, 16) + bitShiftLeft(${octet(3)}, 8) + ${octet(4)}) * 64 + ${suffix}, NULL), [extractGroups(ifNull(${text}, ''), '${IPV4_PATTERN}')])[1]`;
const parseNumber = (n: string): string => `if(${n} >= 0 AND ${n} < 4294967296, toInt64(trunc(${n})) * 64 + 32, NULL)`;

function ipv4Parse(a: readonly string[], s: readonly Scalar[]): string {
  const x = a0(a);
  switch (s[0]?.type) {
    case 'dynamic':
      return `multiIf(JSONType(${x}) = 'String', ${parseText(`JSONExtractString(${x})`)}, JSONType(${x}) IN ('Int64', 'UInt64', 'Double'), ${parseNumber(`JSONExtractFloat(${x})`)}, NULL)`;
    case 'string': case 'guid': case undefined:
      return parseText(x);
    case 'int': case 'long': case 'real': case 'decimal': case 'bool': case 'datetime': case 'timespan':
      return parseNumber(x);
  }
}

const ip = (v: string): string => `bitShiftRight(${v}, 6)`;
const pfx = (v: string): string => `bitAnd(${v}, 63)`;
const mask = (p: string): string => `(4294967295 - (bitShiftLeft(toInt64(1), 32 - ${p}) - 1))`;
const under = (v: string, p: string): string => `bitAnd(${ip(v)}, ${mask(p)})`;
const prefixArg = (a: readonly string[], i: number): string => (a[i] ? `toInt64(${a[i]})` : '32');
const validPrefix = (p: string): string => `${p} BETWEEN 0 AND 32`;
const inRange = (v: string, r: string): string => `(bitAnd(${under(v, pfx(v))}, ${mask(pfx(r))}) = ${under(r, pfx(r))})`;

function formatIpv4(a: readonly string[], withMask: boolean): string {
  return `ifNull(${bind([a0(a), prefixArg(a, 1)], ([v = '', p = '']) => {
    const bits = `least(${pfx(v)}, ${p})`;
    const text = `IPv4NumToString(toUInt32(${under(v, bits)}))`;
    return `if(${v} IS NOT NULL AND ${validPrefix(p)}, ${withMask ? `concat(${text}, '/', toString(${bits}))` : text}, NULL)`;
  })}, '')`;
}

const NUMBER = "('Int64', 'UInt64', 'Double')";
const isArray = (x: string): string => `JSONType(${x}) = 'Array'`;
const list = (x: string): string => `JSONExtractArrayRaw(${x})`;
const toJson = (l: string): string => `concat('[', arrayStringConcat(${l}, ','), ']')`;
const arrays = (a: readonly string[]): string => a.map(isArray).join(' AND ');

function sameValue(e: string, v: string, s: Scalar | undefined): string {
  switch (s?.type) {
    case 'string': case 'guid': return `(JSONType(${e}) = 'String' AND JSONExtractString(${e}) = ${v})`;
    case 'bool': return `(JSONType(${e}) = 'Bool' AND JSONExtractBool(${e}) = ${v})`;
    case 'datetime': return `(JSONType(${e}) = 'String' AND parseDateTime64BestEffortOrNull(JSONExtractString(${e}), 6, 'UTC') = ${v})`;
    case 'int': case 'long': case 'real': case 'decimal': case 'timespan': case 'dynamic': case undefined: return `(JSONType(${e}) IN ${NUMBER} AND JSONExtractFloat(${e}) = ${v})`;
  }
}

function arrayIndexOf(a: readonly string[], s: readonly Scalar[]): string {
  const [arr = 'NULL', value = 'NULL', start = '0', length = '-1', occurrence = '1'] = a;
  return bind([`if(${isArray(arr)}, ${list(arr)}, NULL)`, value, `toInt64(${start})`, `toInt64(${length})`, `toInt64(${occurrence})`], ([l = '', v = '', st = '', ln = '', oc = '']) => {
    const from = `if(${st} < 0, greatest(length(${l}) + ${st}, 0), ${st})`;
    const hits = `arrayFilter(__i -> __i >= ${from} AND (${ln} = -1 OR __i < ${from} + ${ln}) AND ${sameValue(`${l}[__i + 1]`, v, s[1])}, range(length(${l})))`;
    return `if(${l} IS NULL OR ${oc} < 0 OR ${ln} < -1, NULL, toInt64(if(${oc} BETWEEN 1 AND length(${hits}), ${hits}[${oc}], -1)))`;
  });
}

function sortArray(a: readonly string[], desc: boolean): string {
  const group = `multiIf(__e = 'null', if(${a1(a)}, 9, -1), JSONType(__e) IN ${NUMBER}, 0, JSONType(__e) = 'String', 1, 2)`;
  const key = `tuple(${desc ? `-${group}` : group}, if(JSONType(__e) IN ${NUMBER}, JSONExtractFloat(__e), 0), if(JSONType(__e) = 'String', JSONExtractString(__e), __e))`;
  return `if(${isArray(a0(a))}, ${toJson(`${desc ? 'arrayReverseSort' : 'arraySort'}(__e -> ${key}, ${list(a0(a))})`)}, NULL)`;
}

const setFilter = (a: readonly string[], keep: string): string =>
  `if(${arrays(a)}, ${toJson(`arrayFilter(__x -> ${keep}, arrayDistinct(${list(a0(a))}))`)}, NULL)`;

function timespanPart(a: readonly string[], s: readonly Scalar[]): string {
  const spec = s[0]?.k === 'param' ? String(s[0].value) : '';
  if (!/^[dfFhms][1-8]$/.test(spec)) throw new Error(`unchecked timespan part ${spec}`);
  const width = Number(spec.slice(1));
  const x = `abs(${a1(a)})`;
  const padded = (v: string): string => `leftPad(toString(${v}), greatest(${width}, length(toString(${v}))), '0')`;
  const fraction = `substring(leftPad(toString((${x} % 1000000) * 10), 7, '0'), 1, ${width})`;
  switch (spec.charAt(0)) {
    case 'd': return padded(`intDiv(${x}, 86400000000)`);
    case 'h': return padded(`intDiv(${x}, 3600000000) % 24`);
    case 'm': return padded(`intDiv(${x}, 60000000) % 60`);
    case 's': return padded(`intDiv(${x}, 1000000) % 60`);
    case 'f': return fraction;
    default: return `trimRight(${fraction}, '0')`;
  }
}

export const clickhouseFunctionOps: Record<FunctionOp, Render> = {
  ipv4_parse: ipv4Parse,
  ipv4_masked: (a) => bind([a0(a), prefixArg(a, 1)], ([v = '', p = '']) => `if(${validPrefix(p)}, ${under(v, `least(${pfx(v)}, ${p})`)}, NULL)`),
  ipv4_compare: (a) => bind([a0(a), a1(a), prefixArg(a, 2)], ([x = '', y = '', p = '']) => {
    const bits = `least(${pfx(x)}, ${pfx(y)}, ${p})`;
    return `if(${validPrefix(p)}, toInt64(sign(${under(x, bits)} - ${under(y, bits)})), NULL)`;
  }),
  ipv4_in_range: (a) => bind([a0(a), a1(a)], ([v = '', r = '']) => inRange(v, r)),
  ipv4_in_any: (a) => bind([a0(a), `arrayMap(__e -> ${parseText('JSONExtractString(__e)')}, if(${isArray(a1(a))}, ${list(a1(a))}, [${a1(a)}]))`], ([v = '', r = '']) =>
    `multiIf(${v} IS NULL, NULL, arrayExists(__r -> ifNull(${inRange(v, '__r')}, false), ${r}), true, arrayExists(__r -> __r IS NULL, ${r}), NULL, false)`),
  ipv4_is_private: (a) => bind([a0(a)], ([v = '']) => {
    const x = under(v, pfx(v));
    return `(bitShiftRight(${x}, 24) = 10 OR bitShiftRight(${x}, 20) = 2753 OR bitShiftRight(${x}, 16) = 49320)`;
  }),
  ipv4_suffix: (a) => `toInt64(${pfx(a0(a))})`,
  format_ipv4: (a) => formatIpv4(a, false),
  format_ipv4_mask: (a) => formatIpv4(a, true),
  strcat_array: (a) => `if(${isArray(a0(a))}, arrayStringConcat(arrayMap(__e -> multiIf(JSONType(__e) = 'String', JSONExtractString(__e), __e = 'null', '', __e), ${list(a0(a))}), ${a1(a)}), '')`,
  array_concat: (a) => `if(${arrays(a)}, ${toJson(`arrayConcat(${a.map(list).join(', ')})`)}, NULL)`,
  array_slice: (a) => bind([`if(${isArray(a0(a))}, ${list(a0(a))}, NULL)`, `toInt64(${a1(a)})`, `toInt64(${a[2] ?? 'NULL'})`], ([l = '', b = '', e = '']) => {
    const from = `greatest(if(${b} < 0, length(${l}) + ${b}, ${b}), 0)`;
    const to = `least(if(${e} < 0, length(${l}) + ${e}, ${e}), length(${l}) - 1)`;
    return `if(${l} IS NULL, NULL, ${toJson(`arraySlice(${l}, ${from} + 1, greatest(${to} - ${from} + 1, 0))`)})`;
  }),
  array_index_of: arrayIndexOf,
  array_sum: (a) => `if(${isArray(a0(a))} AND arrayAll(__e -> JSONType(__e) IN ${NUMBER}, ${list(a0(a))}), arraySum(arrayMap(__e -> JSONExtractFloat(__e), ${list(a0(a))})), NULL)`,
  array_reverse: (a) => `if(${isArray(a0(a))}, ${toJson(`arrayReverse(${list(a0(a))})`)}, NULL)`,
  array_sort_asc: (a) => sortArray(a, false),
  array_sort_desc: (a) => sortArray(a, true),
  set_union: (a) => `if(${arrays(a)}, ${toJson(`arrayDistinct(arrayConcat(${a.map(list).join(', ')}))`)}, NULL)`,
  set_intersect: (a) => setFilter(a, a.slice(1).map((o) => `has(${list(o)}, __x)`).join(' AND ')),
  set_difference: (a) => setFilter(a, `NOT (${a.slice(1).map((o) => `has(${list(o)}, __x)`).join(' OR ')})`),
  bag_keys: (a) => `if(JSONType(${a0(a)}) = 'Object', toJSONString(JSONExtractKeys(${a0(a)})), NULL)`,
  gettype: (a) => `multiIf(JSONType(${a0(a)}) IN ('Int64', 'UInt64'), if(JSONExtractInt(${a0(a)}) BETWEEN -2147483648 AND 2147483647, 'int', 'long'), JSONType(${a0(a)}) = 'Double', 'real', JSONType(${a0(a)}) = 'Bool', 'bool', `
    + `JSONType(${a0(a)}) = 'String', 'string', JSONType(${a0(a)}) = 'Object', 'dictionary', JSONType(${a0(a)}) = 'Array', 'array', 'null')`,
  timespan_part: timespanPart,
};
