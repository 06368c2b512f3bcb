import type { CompileOptions } from './compiled-query.js';
import { KqlCompileError } from './kql-error.js';
import type { Scalar } from './plan.js';
import { param, requireType } from './scalar-types.js';

/**
 * Argument checks for the function tables kept in their own files (IPv4, dynamic arrays,
 * calendar), so those tables do not import scalar-functions.ts, which spreads them in.
 */

export type Fn = (args: Scalar[], pos: number, options: CompileOptions) => Scalar;

export function arity(name: string, args: readonly Scalar[], min: number, max: number, pos: number): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw new KqlCompileError('SemanticError', `${name}() takes ${expected} arguments, got ${args.length}`, pos);
  }
}

export const arg = (args: readonly Scalar[], i: number): Scalar => args[i] ?? param(null, 'string');

export function constantString(s: Scalar, what: string, pos: number): string {
  if (s.k !== 'param' || typeof s.value !== 'string') throw new KqlCompileError('SemanticError', `${what} must be a constant string`, pos);
  return s.value;
}

/** The JSON text of a `dynamic(...)` literal, when the value is one. */
function literalJson(s: Scalar): string | undefined {
  const text = s.k === 'op' && s.op === 'dyn_literal' ? s.args[0] : undefined;
  return text?.k === 'param' && typeof text.value === 'string' ? text.value : undefined;
}

/**
 * A dynamic argument Kusto's analyzer requires to be an array (or a bag): a literal of another
 * shape is refused here as it is there; a column's value is checked when the query runs (null).
 */
export function dynamicOf(shape: 'array' | 'bag', s: Scalar, what: string, pos: number): Scalar {
  requireType(s, ['dynamic'], what, pos);
  const json = literalJson(s);
  if (json !== undefined && !json.startsWith(shape === 'array' ? '[' : '{')) {
    throw new KqlCompileError('SemanticError', `${what} needs a dynamic ${shape}`, pos);
  }
  return s;
}
