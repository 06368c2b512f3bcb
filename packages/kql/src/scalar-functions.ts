import type { Expr } from './ast.js';
import type { CompileOptions, KustoType } from './compiled-query.js';
import { CALENDAR_FUNCTIONS } from './calendar-functions.js';
import { closestNames } from './closest-names.js';
import { DYNAMIC_FUNCTIONS } from './dynamic-functions.js';
import { IPV4_FUNCTIONS } from './ipv4-functions.js';
import { KqlCompileError } from './kql-error.js';
import type { Scalar, ScalarOp } from './plan.js';
import { asString, comparable, isNumeric, op, param, requireType } from './scalar-types.js';
import { invalidRegex } from './term-match.js';

type Fn = (args: Scalar[], pos: number, options: CompileOptions) => Scalar;

const arity = (name: string, args: Scalar[], min: number, max: number, pos: number): void => {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw new KqlCompileError('SemanticError', `${name}() takes ${expected} arguments, got ${args.length}`, pos);
  }
};

const arg = (args: Scalar[], i: number): Scalar => args[i] ?? param(null, 'string');

type Allowed = readonly (KustoType | 'numeric')[];
const NUMBER: Allowed = ['numeric'];
const DATETIME: Allowed = ['datetime'];

/** A function of fixed arity whose result type is fixed or follows its first argument. */
const simple = (name: string, operation: ScalarOp, min: number, max: number, type: KustoType | 'first', prepare?: (s: Scalar, i: number) => Scalar, allowed?: Allowed): Fn =>
  (args, pos) => {
    arity(name, args, min, max, pos);
    if (allowed) for (const a of args) requireType(a, allowed, `${name}()`, pos);
    const prepared = prepare ? args.map(prepare) : args;
    return op(operation, type === 'first' ? arg(args, 0).type : type, ...prepared);
  };

const stringArgs = (s: Scalar): Scalar => asString(s);
const constantString = (s: Scalar, what: string, pos: number): string => {
  if (s.k !== 'param' || typeof s.value !== 'string') throw new KqlCompileError('SemanticError', `${what} must be a constant string`, pos);
  return s.value;
};

/** A constant pattern must be a regular expression RE2 accepts (checked here, with a position). */
function checkRegex(pattern: Scalar, pos: number): void {
  if (pattern.k !== 'param' || typeof pattern.value !== 'string') return;
  const problem = invalidRegex(pattern.value);
  if (problem) throw new KqlCompileError('SemanticError', `Invalid regular expression: ${problem}`, pos);
}

const regexFirst = (fn: Fn): Fn => (args, pos, options) => {
  checkRegex(arg(args, 0), pos);
  return fn(args, pos, options);
};

const now = (options: CompileOptions): Scalar => param(options.now.getTime() * 1000, 'datetime');

// .NET-style format_datetime tokens → strftime, longest first.
const FORMAT_TOKENS: [string, string][] = [
  ['yyyy', '%Y'], ['yy', '%y'], ['MM', '%m'], ['dd', '%d'], ['HH', '%H'], ['hh', '%I'], ['mm', '%M'], ['ss', '%S'],
  ['fffffff', '%n'], ['ffffff', '%f'], ['fff', '%g'], ['tt', '%p'], ['M', '%-m'], ['d', '%-d'], ['H', '%-H'], ['h', '%-I'], ['m', '%-M'], ['s', '%-S'],
];

function strftimePattern(format: string): string {
  let out = '';
  for (let i = 0; i < format.length;) {
    const token = FORMAT_TOKENS.find(([k]) => format.startsWith(k, i));
    if (token) {
      out += token[1];
      i += token[0].length;
    } else {
      const c = format[i] ?? '';
      out += c === '%' ? '%%' : c;
      i++;
    }
  }
  return out;
}

const DATETIME_PARTS = new Set(['year', 'quarter', 'month', 'week_of_year', 'day', 'dayofyear', 'hour', 'minute', 'second', 'millisecond', 'microsecond', 'nanosecond']);

const CONVERTIBLE: Partial<Record<KustoType, Allowed>> = {
  datetime: ['string', 'guid', 'dynamic', 'datetime'],
  timespan: ['string', 'numeric', 'timespan'],
  bool: ['string', 'numeric', 'bool', 'dynamic'],
};

const toType = (operation: ScalarOp, type: KustoType): Fn => (args, pos) => {
  arity(operation, args, 1, 1, pos);
  const value = arg(args, 0);
  requireType(value, CONVERTIBLE[type] ?? ['string', 'guid', 'numeric', 'bool', 'dynamic', 'datetime', 'timespan'], `to${type}()`, pos);
  return value.type === type ? value : op(operation, type, value);
};

const FUNCTIONS: Record<string, Fn> = {
  strcat: (args, pos) => {
    arity('strcat', args, 1, 64, pos);
    return op('strcat', 'string', ...args.map(stringArgs));
  },
  tolower: simple('tolower', 'tolower', 1, 1, 'string', stringArgs),
  toupper: simple('toupper', 'toupper', 1, 1, 'string', stringArgs),
  strlen: simple('strlen', 'strlen', 1, 1, 'long', stringArgs),
  substring: (args, pos) => {
    arity('substring', args, 2, 3, pos);
    args.slice(1).forEach((a) => {
      requireType(a, NUMBER, 'substring()', pos);
    });
    return op('substring', 'string', asString(arg(args, 0)), ...args.slice(1));
  },
  split: (args, pos) => {
    arity('split', args, 2, 3, pos);
    const parts = op('split', 'dynamic', asString(arg(args, 0)), asString(arg(args, 1)));
    return args.length === 3 ? op('dyn_member', 'dynamic', parts, indexPath(arg(args, 2), pos)) : parts;
  },
  replace_string: simple('replace_string', 'replace_string', 3, 3, 'string', stringArgs),
  extract: (args, pos) => {
    arity('extract', args, 3, 3, pos);
    checkRegex(arg(args, 0), pos);
    requireType(arg(args, 1), NUMBER, 'extract()', pos);
    return op('extract', 'string', asString(arg(args, 2)), asString(arg(args, 0)), arg(args, 1));
  },
  trim: regexFirst(simple('trim', 'trim', 2, 2, 'string', stringArgs)),
  trim_start: regexFirst(simple('trim_start', 'trim_start', 2, 2, 'string', stringArgs)),
  trim_end: regexFirst(simple('trim_end', 'trim_end', 2, 2, 'string', stringArgs)),
  reverse: simple('reverse', 'reverse', 1, 1, 'string', stringArgs),
  indexof: simple('indexof', 'indexof', 2, 2, 'long', stringArgs),
  iff: (args, pos) => {
    arity('iff', args, 3, 3, pos);
    requireType(arg(args, 0), ['bool', 'dynamic'], 'iff()', pos);
    sameKind(args.slice(1), 'iff()', pos);
    return op('iff', resultType(args.slice(1)), ...args);
  },
  case: (args, pos) => {
    if (args.length < 3 || args.length % 2 === 0) throw new KqlCompileError('SemanticError', 'case() takes pairs of predicate and value and a final else value', pos);
    args.forEach((a, i) => {
      if (i % 2 === 0 && i < args.length - 1) requireType(a, ['bool', 'dynamic'], 'case()', pos);
    });
    const values = args.filter((_, i) => i % 2 === 1 || i === args.length - 1);
    sameKind(values, 'case()', pos);
    return op('case', resultType(values), ...args);
  },
  coalesce: (args, pos) => {
    arity('coalesce', args, 1, 64, pos);
    sameKind(args, 'coalesce()', pos);
    return op('coalesce', resultType(args), ...args);
  },
  isnull: simple('isnull', 'isnull', 1, 1, 'bool'),
  isnotnull: simple('isnotnull', 'isnotnull', 1, 1, 'bool'),
  isempty: simple('isempty', 'isempty', 1, 1, 'bool'),
  isnotempty: simple('isnotempty', 'isnotempty', 1, 1, 'bool'),
  not: simple('not', 'not', 1, 1, 'bool', undefined, ['bool', 'dynamic']),
  tostring: (args, pos) => {
    arity('tostring', args, 1, 1, pos);
    return asString(arg(args, 0));
  },
  toint: toType('to_int', 'int'),
  tolong: toType('to_long', 'long'),
  toreal: toType('to_real', 'real'),
  todouble: toType('to_real', 'real'),
  tobool: toType('to_bool', 'bool'),
  toboolean: toType('to_bool', 'bool'),
  todatetime: toType('to_datetime', 'datetime'),
  totimespan: toType('to_timespan', 'timespan'),
  toguid: toType('to_string', 'guid'),
  todecimal: toType('to_real', 'real'),
  int: toType('to_int', 'int'),
  long: toType('to_long', 'long'),
  real: toType('to_real', 'real'),
  double: toType('to_real', 'real'),
  bool: toType('to_bool', 'bool'),
  now: (args, pos, options) => {
    arity('now', args, 0, 1, pos);
    if (args.length > 0) requireType(arg(args, 0), ['timespan'], 'now()', pos);
    return args.length === 0 ? now(options) : op('ts_add', 'datetime', now(options), arg(args, 0));
  },
  ago: (args, pos, options) => {
    arity('ago', args, 1, 1, pos);
    requireType(arg(args, 0), ['timespan'], 'ago()', pos);
    return op('ts_sub', 'datetime', now(options), arg(args, 0));
  },
  bin: binFunction('bin'),
  floor: binFunction('floor'),
  ceiling: simple('ceiling', 'ceiling', 1, 1, 'first', undefined, NUMBER),
  abs: simple('abs', 'abs', 1, 1, 'first', undefined, NUMBER),
  round: simple('round', 'round', 1, 2, 'real', undefined, NUMBER),
  sqrt: simple('sqrt', 'sqrt', 1, 1, 'real', undefined, NUMBER),
  log: simple('log', 'log', 1, 1, 'real', undefined, NUMBER),
  log10: simple('log10', 'log10', 1, 1, 'real', undefined, NUMBER),
  exp: simple('exp', 'exp', 1, 1, 'real', undefined, NUMBER),
  pow: simple('pow', 'pow', 2, 2, 'real', undefined, NUMBER),
  format_datetime: (args, pos) => {
    arity('format_datetime', args, 2, 2, pos);
    requireType(arg(args, 0), DATETIME, 'format_datetime()', pos);
    return op('format_datetime', 'string', arg(args, 0), param(strftimePattern(constantString(arg(args, 1), 'The format', pos)), 'string'));
  },
  datetime_part: (args, pos) => {
    arity('datetime_part', args, 2, 2, pos);
    requireType(arg(args, 1), DATETIME, 'datetime_part()', pos);
    const part = constantString(arg(args, 0), 'The part', pos).toLowerCase();
    if (!DATETIME_PARTS.has(part)) throw new KqlCompileError('SemanticError', `Unknown datetime part '${part}'`, pos, closestNames(part, DATETIME_PARTS));
    return op('datetime_part', 'int', param(part, 'string'), arg(args, 1));
  },
  datetime_add: (args, pos) => {
    arity('datetime_add', args, 3, 3, pos);
    requireType(arg(args, 1), ['int', 'long'], 'datetime_add()', pos);
    requireType(arg(args, 2), DATETIME, 'datetime_add()', pos);
    return op('datetime_add', 'datetime', calendarPart(arg(args, 0), pos), arg(args, 1), arg(args, 2));
  },
  datetime_diff: (args, pos) => {
    arity('datetime_diff', args, 3, 3, pos);
    requireType(arg(args, 1), DATETIME, 'datetime_diff()', pos);
    requireType(arg(args, 2), DATETIME, 'datetime_diff()', pos);
    return op('datetime_diff', 'long', calendarPart(arg(args, 0), pos), arg(args, 1), arg(args, 2));
  },
  dayofweek: simple('dayofweek', 'dayofweek', 1, 1, 'timespan', undefined, DATETIME),
  dayofmonth: (args, pos) => partOf('day', args, pos),
  dayofyear: (args, pos) => partOf('dayofyear', args, pos),
  hourofday: (args, pos) => partOf('hour', args, pos),
  getmonth: (args, pos) => partOf('month', args, pos),
  monthofyear: (args, pos) => partOf('month', args, pos),
  getyear: (args, pos) => partOf('year', args, pos),
  week_of_year: (args, pos) => partOf('week_of_year', args, pos),
  bin_at: (args, pos) => {
    arity('bin_at', args, 3, 3, pos);
    const [value, size, at] = [arg(args, 0), arg(args, 1), arg(args, 2)];
    if (value.type === 'datetime') {
      requireType(size, ['timespan'], 'bin_at()', pos);
      requireType(at, DATETIME, 'bin_at()', pos);
      return op('ts_add', 'datetime', at, op('bin', 'timespan', op('ts_diff', 'timespan', value, at), size));
    }
    for (const a of args) requireType(a, NUMBER, 'bin_at()', pos);
    return op('add', value.type, at, op('bin', value.type, op('sub', value.type, value, at), size));
  },
  isnan: simple('isnan', 'isnan', 1, 1, 'bool', undefined, NUMBER),
  sign: simple('sign', 'sign', 1, 1, 'real', undefined, NUMBER),
  strcat_delim: (args, pos) => {
    arity('strcat_delim', args, 3, 64, pos);
    return op('strcat_delim', 'string', ...args.map(stringArgs));
  },
  countof: (args, pos) => {
    arity('countof', args, 2, 2, pos);
    if (constantString(arg(args, 1), 'The searched text', pos) === '') throw new KqlCompileError('SemanticError', 'countof() needs a non-empty text to count', pos);
    return op('countof', 'long', asString(arg(args, 0)), arg(args, 1));
  },
  unixtime_milliseconds_todatetime: (args, pos) => {
    arity('unixtime_milliseconds_todatetime', args, 1, 1, pos);
    requireType(arg(args, 0), NUMBER, 'unixtime_milliseconds_todatetime()', pos);
    return op('unixtime_seconds_todatetime', 'datetime', op('div', 'real', arg(args, 0), param(1000, 'long')));
  },
  unixtime_seconds_todatetime: simple('unixtime_seconds_todatetime', 'unixtime_seconds_todatetime', 1, 1, 'datetime', undefined, NUMBER),
  parse_json: simple('parse_json', 'parse_json', 1, 1, 'dynamic', stringArgs),
  todynamic: simple('todynamic', 'parse_json', 1, 1, 'dynamic', stringArgs),
  array_length: (args, pos, options) => {
    const value = arg(args, 0);
    // Kusto refuses a literal that is not an array; a column's value is checked when it runs (null).
    const literal = value.k === 'op' && value.op === 'dyn_literal' ? value.args[0] : undefined;
    if (literal?.k === 'param' && typeof literal.value === 'string' && !literal.value.startsWith('[')) {
      throw new KqlCompileError('SemanticError', 'array_length() needs a dynamic array', pos);
    }
    return simple('array_length', 'array_length', 1, 1, 'long', undefined, ['dynamic'])(args, pos, options);
  },
  bag_pack: bagPack,
  pack: bagPack,
  pack_array: (args) => op('pack_array', 'dynamic', ...args),
  ...CALENDAR_FUNCTIONS,
  ...IPV4_FUNCTIONS,
  ...DYNAMIC_FUNCTIONS,
};

const CALENDAR_PARTS = new Set(['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond', 'microsecond']);

/** `datetime_add`/`datetime_diff`'s first argument: a constant from a fixed set. */
function calendarPart(part: Scalar, pos: number): Scalar {
  const name = constantString(part, 'The period', pos).toLowerCase();
  if (!CALENDAR_PARTS.has(name)) throw new KqlCompileError('SemanticError', `Unknown period '${name}'`, pos, closestNames(name, CALENDAR_PARTS));
  return param(name, 'string');
}

function partOf(part: string, args: Scalar[], pos: number): Scalar {
  arity(part, args, 1, 1, pos);
  requireType(arg(args, 0), DATETIME, `${part}()`, pos);
  return op('datetime_part', 'int', param(part, 'string'), arg(args, 0));
}

function bagPack(args: Scalar[], pos: number): Scalar {
  if (args.length % 2 !== 0) throw new KqlCompileError('SemanticError', 'bag_pack() takes key and value pairs', pos);
  args.forEach((a, i) => {
    if (i % 2 === 0) constantString(a, 'A bag_pack key', pos);
  });
  return op('bag_pack', 'dynamic', ...args);
}

function indexPath(index: Scalar, pos: number): Scalar {
  if (index.k !== 'param' || typeof index.value !== 'number') throw new KqlCompileError('SemanticError', 'The index must be a constant number', pos);
  return param(`$[${index.value}]`, 'string');
}

/** Branches of iff, case and coalesce must be of one kind, or SQL would have to guess a cast. */
function sameKind(values: Scalar[], what: string, pos: number): void {
  const [first, ...rest] = values;
  if (first && rest.some((v) => !comparable(first, v) || (first.type === 'dynamic') !== (v.type === 'dynamic'))) {
    throw new KqlCompileError('SemanticError', `${what} mixes ${values.map((v) => v.type).join(', ')}`, pos);
  }
}

/** The type of a choice between values: the first non-null-literal one decides, as in Kusto. */
function resultType(values: Scalar[]): KustoType {
  return values.find((v) => !(v.k === 'param' && v.value === null))?.type ?? 'string';
}

function binFunction(name: 'bin' | 'floor'): Fn {
  return (args, pos) => {
    arity(name, args, 2, 2, pos);
    const value = arg(args, 0);
    const size = arg(args, 1);
    if (value.type === 'datetime') {
      if (size.type !== 'timespan') throw new KqlCompileError('SemanticError', `${name}() of a datetime needs a timespan size`, pos);
      return op('bin_ts', 'datetime', value, size);
    }
    if (!isNumeric(value.type) && value.type !== 'timespan') throw new KqlCompileError('SemanticError', `${name}() needs a number, datetime or timespan`, pos);
    requireType(size, value.type === 'timespan' ? ['timespan'] : NUMBER, `${name}()`, pos);
    return op('bin', value.type, value, size);
  };
}

// Kusto functions we know but do not compile yet.
const UNSUPPORTED_FUNCTIONS = new Set(['make_bag',
  'bag_merge', 'hash', 'hash_sha256', 'row_number', 'prev', 'next', 'toscalar', 'materialize', 'parse_url', 'parse_path', 'base64_encode_tostring',
  'base64_decode_tostring', 'url_encode', 'url_decode', 'strrep', 'repeat', 'range', 'series_stats', 'geo_distance_2points',
  'make_timespan', 'make_datetime', 'tohex', 'isinf', 'isfinite', 'rand', 'column_ifexists']);

/** Checks a call to a scalar function and returns its typed form. */
export function callScalarFunction(name: string, args: Scalar[], pos: number, options: CompileOptions, _raw: readonly Expr[]): Scalar {
  const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (name === 'iif') return callScalarFunction('iff', args, pos, options, _raw);
  if (!fn && UNSUPPORTED_FUNCTIONS.has(name)) throw new KqlCompileError('Unsupported', `The function '${name}' is not supported yet`, pos);
  if (!fn) throw new KqlCompileError('UnknownFunction', `Unknown function '${name}'`, pos, closestNames(name, Object.keys(FUNCTIONS)));
  return fn(args, pos, options);
}

/** Names of the scalar functions the compiler knows, for error suggestions and the README. */
export const scalarFunctionNames: readonly string[] = Object.keys(FUNCTIONS);
