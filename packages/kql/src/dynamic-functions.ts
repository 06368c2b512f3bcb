import type { KustoType } from './compiled-query.js';
import { arg, arity, dynamicOf, type Fn } from './function-args.js';
import { KqlCompileError } from './kql-error.js';
import type { Scalar, ScalarOp } from './plan.js';
import { asString, op, param, requireType } from './scalar-types.js';

/**
 * Functions over dynamic arrays and bags (stored as JSON). A value that is not an array where one
 * is needed gives null when the query runs, as in Kusto; a literal of the wrong shape is refused.
 */

const INTEGER = ['int', 'long'] as const;
const arrays = (name: string, args: readonly Scalar[], pos: number): Scalar[] => args.map((a) => dynamicOf('array', a, `${name}()`, pos));

/** Value types array_index_of can look up; a dynamic value would need JSON equality we do not have. */
const LOOKUP: readonly KustoType[] = ['int', 'long', 'real', 'decimal', 'string', 'guid', 'bool', 'datetime', 'timespan'];

function indexOf(name: string, args: Scalar[], pos: number): Scalar {
  const value = arg(args, 1);
  if (value.type === 'dynamic' && !(value.k === 'param' && value.value === null)) {
    throw new KqlCompileError('Unsupported', `${name}() of a dynamic value is not supported`, pos);
  }
  if (!LOOKUP.includes(value.type)) throw new KqlCompileError('SemanticError', `${name}() cannot look up a ${value.type}`, pos);
  args.slice(2).forEach((a) => {
    requireType(a, INTEGER, `${name}()`, pos);
  });
  return op('array_index_of', 'long', arg(arrays(name, [arg(args, 0)], pos), 0), value, ...args.slice(2));
}

function sortFn(name: string, operation: ScalarOp): Fn {
  return (args, pos) => {
    arity(name, args, 1, 2, pos);
    const last = arg(args, args.length - 1);
    // Several arrays sort together into several columns (a tuple result): not supported.
    if (args.length === 2 && last.type === 'dynamic') throw new KqlCompileError('Unsupported', `${name}() of several arrays is not supported`, pos);
    if (args.length === 2) requireType(last, ['bool'], `${name}()`, pos);
    const nullsLast = args.length === 2 ? last : param(true, 'bool');
    return op(operation, 'dynamic', arg(arrays(name, [arg(args, 0)], pos), 0), nullsLast);
  };
}

function setFn(name: string, operation: ScalarOp): Fn {
  return (args, pos) => {
    arity(name, args, 2, 64, pos);
    return op(operation, 'dynamic', ...arrays(name, args, pos));
  };
}

export const DYNAMIC_FUNCTIONS: Record<string, Fn> = {
  strcat_array: (args, pos) => {
    arity('strcat_array', args, 2, 2, pos);
    return op('strcat_array', 'string', ...arrays('strcat_array', [arg(args, 0)], pos), asString(arg(args, 1)));
  },
  array_concat: (args, pos) => {
    arity('array_concat', args, 1, 64, pos);
    return op('array_concat', 'dynamic', ...arrays('array_concat', args, pos));
  },
  array_slice: (args, pos) => {
    arity('array_slice', args, 3, 3, pos);
    requireType(arg(args, 1), INTEGER, 'array_slice()', pos);
    requireType(arg(args, 2), INTEGER, 'array_slice()', pos);
    return op('array_slice', 'dynamic', ...arrays('array_slice', [arg(args, 0)], pos), arg(args, 1), arg(args, 2));
  },
  array_index_of: (args, pos) => {
    arity('array_index_of', args, 2, 5, pos);
    return indexOf('array_index_of', args, pos);
  },
  set_has_element: (args, pos) => {
    arity('set_has_element', args, 2, 2, pos);
    return op('ne', 'bool', indexOf('set_has_element', args, pos), param(-1, 'long'));
  },
  array_sum: (args, pos) => {
    arity('array_sum', args, 1, 1, pos);
    return op('array_sum', 'real', ...arrays('array_sum', args, pos));
  },
  array_reverse: (args, pos) => {
    arity('array_reverse', args, 1, 1, pos);
    return op('array_reverse', 'dynamic', ...arrays('array_reverse', args, pos));
  },
  array_sort_asc: sortFn('array_sort_asc', 'array_sort_asc'),
  array_sort_desc: sortFn('array_sort_desc', 'array_sort_desc'),
  set_union: setFn('set_union', 'set_union'),
  set_intersect: setFn('set_intersect', 'set_intersect'),
  set_difference: setFn('set_difference', 'set_difference'),
  bag_keys: (args, pos) => {
    arity('bag_keys', args, 1, 1, pos);
    return op('bag_keys', 'dynamic', dynamicOf('bag', arg(args, 0), 'bag_keys()', pos));
  },
  gettype: (args, pos) => {
    arity('gettype', args, 1, 1, pos);
    const value = arg(args, 0);
    // Only a dynamic value's type is known at run time; every other type is the static one.
    return value.type === 'dynamic' ? op('gettype', 'string', value) : param(value.type, 'string');
  },
};
