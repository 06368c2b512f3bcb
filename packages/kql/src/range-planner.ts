import type { Source } from './ast.js';
import type { KustoType } from './compiled-query.js';
import { KqlCompileError } from './kql-error.js';
import type { PlanContext } from './plan-context.js';
import type { Plan, Scalar } from './plan.js';
import { checkScalar } from './scalar-checker.js';
import { isNumeric, op, param } from './scalar-types.js';

/**
 * `range x from A to B step S`: one column, the values A, A+S, … up to B inclusive (none when S
 * points away from B), numbered as they come, so the result is serialized as Kusto's is. Numbers
 * give long (real when any of the three is real); datetimes and timespans step by a timespan.
 */
export function planRange(ctx: PlanContext, source: Extract<Source, { kind: 'range' }>): Plan {
  const scope = ctx.scope([]);
  const [from, to, step] = [source.from, source.to, source.step].map((e) => checkScalar(e, scope)) as [Scalar, Scalar, Scalar];
  const type = rangeType(from, to, step, source.step.pos);
  if (step.k === 'param' && (step.value === 0 || step.value === null)) throw new KqlCompileError('SemanticError', 'The step of range must not be 0', source.step.pos);
  const index = ctx.column('', 'long');
  const i: Scalar = { k: 'col', sql: index.sql, type: 'long' };
  const asType = (s: Scalar): Scalar => (s.type === type || !isNumeric(type) ? s : op(type === 'real' ? 'to_real' : 'to_long', type, s));
  const distance = type === 'datetime' ? op('ts_diff', 'timespan', to, from) : op('sub', type, asType(to), asType(from));
  // The last index: floor((B - A) / S), negative (no rows) when the step points away from B.
  const last = op('floor', 'real', op('div', 'real', distance, asType(step)), param(1, 'long'));
  const series: Plan = { node: 'series_index', last, index, columns: [index], order: index.sql };
  const offset = op('mul', isNumeric(type) ? type : 'timespan', i, asType(step));
  const value = type === 'datetime' ? op('ts_add', 'datetime', from, offset) : op('add', type, asType(from), offset);
  return { node: 'select', input: series, exprs: [value], columns: [ctx.column(source.name, type)], order: index.sql };
}

function rangeType(from: Scalar, to: Scalar, step: Scalar, pos: number): KustoType {
  if (isNumeric(from.type) && isNumeric(to.type) && isNumeric(step.type)) return [from, to, step].some((s) => s.type === 'real' || s.type === 'decimal') ? 'real' : 'long';
  if ((from.type === 'datetime' || from.type === 'timespan') && to.type === from.type && step.type === 'timespan') return from.type;
  throw new KqlCompileError('SemanticError', `range needs numbers, or datetimes or timespans with a timespan step, not ${from.type}, ${to.type} and ${step.type}`, pos);
}
