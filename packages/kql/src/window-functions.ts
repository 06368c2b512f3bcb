import { KqlCompileError } from './kql-error.js';
import type { Scalar, WindowFn } from './plan.js';
import { comparable, isNumeric, op, param, requireType } from './scalar-types.js';

/** Kusto's window functions: they read neighbouring rows, so the row set must be serialized. */
export const WINDOW_FUNCTIONS: ReadonlySet<string> = new Set(['row_number', 'prev', 'next', 'row_cumsum']);

const ARITY: Record<string, [number, number]> = { row_number: [0, 2], prev: [1, 3], next: [1, 3], row_cumsum: [1, 2] };

/**
 * Checks a window function call and returns it over the input's order column. `rowOrder` is the
 * serialized input's order, null when the input is not serialized (Kusto's engine refuses that),
 * undefined in an operator that does not take window functions here (sort keys, aggregates …).
 */
export function checkWindowCall(name: string, args: readonly Scalar[], pos: number, rowOrder: string | null | undefined): Scalar {
  if (rowOrder === undefined) throw new KqlCompileError('Unsupported', `${name}() is supported in extend, project, serialize and where only`, pos);
  if (rowOrder === null) {
    throw new KqlCompileError('SemanticError', `${name}() needs a serialized row set: use serialize, sort, top or range before it`, pos);
  }
  const [min, max] = ARITY[name] ?? [0, 0];
  if (args.length < min || args.length > max) {
    throw new KqlCompileError('SemanticError', `${name}() takes ${min === max ? min : `${min} to ${max}`} arguments, got ${args.length}`, pos);
  }
  const window = (fn: WindowFn, windowArgs: Scalar[], type: Scalar['type'], restart?: Scalar): Scalar => {
    if (restart) requireType(restart, ['bool'], `${name}()'s restart`, pos);
    return { k: 'window', fn, args: windowArgs, order: rowOrder, ...(restart ? { restart } : {}), type };
  };
  const [first, second, third] = args;
  switch (name) {
    case 'row_number':
      return window('row_number', [first ? constantLong(first, name, 'start', pos) : param(1, 'long')], 'long', second);
    case 'row_cumsum': {
      if (!first || !isNumeric(first.type)) throw new KqlCompileError('SemanticError', `row_cumsum() expects int, long or real, not ${first?.type ?? 'nothing'}`, pos);
      return window('cumsum', [first], first.type, second);
    }
    default: {
      // prev(col [, offset [, default]]) and next(…): the value `offset` rows before or after.
      if (!first) throw new KqlCompileError('SemanticError', `${name}() needs a value`, pos);
      const offset = second ? constantLong(second, name, 'offset', pos) : param(1, 'long');
      if (offset.k === 'param' && typeof offset.value === 'number' && offset.value < 0) {
        throw new KqlCompileError('SemanticError', `${name}()'s offset must not be negative`, pos);
      }
      const windowArgs = [first, offset];
      if (third && !(third.k === 'param' && third.value === null)) windowArgs.push(fallback(first, third, name, pos));
      return window(name === 'prev' ? 'lag' : 'lead', windowArgs, first.type);
    }
  }
}

/** The start or offset: a constant whole number (a column here has no meaning SQL can give it). */
function constantLong(value: Scalar, name: string, what: string, pos: number): Scalar {
  if (value.k !== 'param' || value.value === null) throw new KqlCompileError('Unsupported', `${name}() with a ${what} that is not a constant is not supported`, pos);
  if ((value.type !== 'long' && value.type !== 'int') || typeof value.value !== 'number') {
    throw new KqlCompileError('SemanticError', `${name}()'s ${what} must be a whole number`, pos);
  }
  return value;
}

/** prev/next's default, of the value's type (a number is converted between int, long and real). */
function fallback(value: Scalar, given: Scalar, name: string, pos: number): Scalar {
  if (given.type === value.type) return given;
  if (isNumeric(value.type) && isNumeric(given.type)) return op(value.type === 'real' || value.type === 'decimal' ? 'to_real' : value.type === 'int' ? 'to_int' : 'to_long', value.type, given);
  if (!comparable(value, given) || value.type === 'dynamic') throw new KqlCompileError('SemanticError', `${name}()'s default must be a ${value.type}, not ${given.type}`, pos);
  return given;
}
