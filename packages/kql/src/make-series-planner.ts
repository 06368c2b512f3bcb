import type { Expr, MakeSeries, NamedExpr } from './ast.js';
import type { KustoType } from './compiled-query.js';
import { KqlCompileError } from './kql-error.js';
import { inferredName, type PlanContext } from './plan-context.js';
import type { Column, Plan, Scalar } from './plan.js';
import { checkScalar } from './scalar-checker.js';
import { asString, isNumeric, op, param } from './scalar-types.js';
import { planSummarize } from './summarize-planner.js';

// The bin number's by-key in the intermediate summarize; a name a query cannot collide with by accident.
const BIN = ' make-series bin';

/**
 * `make-series`: a summarize by the `by` keys and the bin number, then one row per group with each
 * aggregate as an array over every bin (a missing bin takes the aggregate's `default`, 0 unless
 * given) and the axis as the last column, an array of the bins' starts. Bins are `bin_at(axis, step,
 * start)`; rows outside [start, end) are left out. Without `from`, start is the first bin (of
 * `bin(axis, step)`) holding data; without `to`, end closes the last bin holding data: one axis for
 * every group, so all series have the same length, as Kusto's pivot.
 */
export function planMakeSeries(ctx: PlanContext, input: Plan, series: MakeSeries, pos: number): Plan {
  const scope = ctx.scope(input.columns);
  const axis = checkScalar(series.axis, scope);
  const step = checkScalar(series.step, scope);
  const axisType = axis.type === 'int' ? 'long' : axis.type;
  const stepType: KustoType = axisType === 'datetime' || axisType === 'timespan' ? 'timespan' : 'real';
  if (!(axisType === 'datetime' || axisType === 'timespan' || isNumeric(axisType))) throw semantic(`make-series needs a datetime, timespan or number axis, not ${axis.type}`, series.axis.pos);
  if (stepType === 'timespan' ? step.type !== 'timespan' : !isNumeric(step.type)) {
    throw semantic(`The step of a ${axis.type} axis must be a ${stepType === 'timespan' ? 'timespan' : 'number'}, not ${step.type}`, series.step.pos);
  }
  if (step.k === 'param' && (step.value === 0 || step.value === null)) throw semantic('The step of make-series must not be 0', series.step.pos);

  // Positions: numbers as they are, datetimes as microseconds since 1970 (timespans already are).
  const position = (s: Scalar): Scalar => (s.type === 'datetime' ? op('ts_diff', 'timespan', s, param(0, 'datetime')) : s);
  const positionType: KustoType = axisType === 'real' || axisType === 'decimal' || step.type === 'real' ? 'real' : axisType === 'datetime' ? 'timespan' : axisType;
  const axisPosition = position(axis);
  // Rows outside [from, to) are left out, compared on the axis itself so the scan can use it.
  const filters: Scalar[] = [];
  const bound = (expr: Expr | undefined, what: 'from' | 'to'): Scalar | undefined => {
    if (!expr) return undefined;
    const value = checkScalar(expr, ctx.scope([]));
    const ok = axisType === 'datetime' || axisType === 'timespan' ? value.type === axisType : isNumeric(value.type);
    if (!ok) throw semantic(`make-series ${what} must be a ${axisType}, not ${value.type}`, expr.pos);
    if (!series.inRange) {
      filters.push(op(what === 'from' ? 'ge' : 'lt', 'bool', axis, value));
      return position(value);
    }
    // `in range(A, B, S)` bins with bin(), not from A, and B is inclusive.
    const binned = op('add', positionType, op('floor', positionType, position(value), step), what === 'to' ? step : param(0, 'long'));
    filters.push(op(what === 'from' ? 'ge' : 'lt', 'bool', axisPosition, binned));
    return binned;
  };
  const dataBound = (fn: 'min' | 'max'): Scalar => {
    const column = ctx.column('', positionType);
    const plan: Plan = { node: 'aggregate', input, keys: [], aggs: [{ fn, args: [axisPosition], type: positionType }], columns: [column] };
    return { k: 'subquery', plan, column, type: positionType };
  };
  // Bins from start: the number of steps from start, rounded down.
  const steps = (s: Scalar): Scalar => op('floor', 'real', op('div', 'real', op('sub', positionType, s, start), step), param(1, 'long'));
  const start = bound(series.from, 'from') ?? op('floor', positionType, dataBound('min'), step);
  const end = bound(series.to, 'to');

  const inRange = filters.reduce((a, b) => op('and', 'bool', a, b), op('isnotnull', 'bool', axis));
  const filtered: Plan = { node: 'filter', input, predicate: inRange, columns: input.columns };
  const binNumber = op('to_long', 'long', steps(axisPosition));
  const binColumn = ctx.column(BIN, 'long');
  const withBin: Plan = {
    node: 'select', input: filtered, exprs: [...input.columns.map((c): Scalar => ({ k: 'col', sql: c.sql, type: c.type })), binNumber], columns: [...input.columns, binColumn],
  };
  const by: NamedExpr[] = [...series.by, { name: BIN, expr: { kind: 'name', name: BIN, pos }, pos }];
  const aggregated = planSummarize(ctx, withBin, series.aggregates.map((a) => a.item), by, pos);
  const keys = aggregated.columns.slice(0, series.by.length);
  const bin = aggregated.columns[series.by.length];
  const values = aggregated.columns.slice(series.by.length + 1);
  if (!bin || values.length !== series.aggregates.length) throw semantic('make-series takes aggregates of one column each', pos);

  const fallbacks = series.aggregates.map(({ fallback, item }, i) => {
    const column = values[i] as Column;
    if (!isNumeric(column.type)) throw semantic(`make-series needs aggregates with numeric results; '${column.name}' is ${column.type}`, item.pos);
    if (!fallback) return param(0, 'long');
    const value = constant(checkScalar(fallback, ctx.scope([])));
    if (value.k !== 'param') throw semantic('The default of make-series must be a constant', fallback.pos);
    if (value.value !== null && !isNumeric(value.type)) throw semantic(`The default of '${column.name}' must be a number, not ${value.type}`, item.pos);
    return value.value === null ? param(null, column.type) : value;
  });

  // The bins: 0 … the last whole step before `to`, or the bin of the data's last value.
  const binIndex = ctx.column('', 'long');
  const last = end ? op('sub', 'real', op('ceiling', 'real', op('div', 'real', op('sub', positionType, end, start), step)), param(1, 'long')) : steps(dataBound('max'));
  const bins: Plan = { node: 'series_index', last, index: binIndex, columns: [binIndex] };
  const binStart = op('add', positionType, start, op('mul', positionType, { k: 'col', sql: binIndex.sql, type: 'long' }, step));
  const axisValue = axisType === 'datetime'
    // Kusto writes datetimes in a dynamic array with seven fraction digits.
    ? op('format_datetime', 'string', op('ts_add', 'datetime', param(0, 'datetime'), binStart), param('%Y-%m-%dT%H:%M:%S.%f0Z', 'string'))
    : axisType === 'timespan' ? asString(binStart) : binStart;

  const axisName = inferredName(series.axis) ?? 'Column1';
  const taken = [...keys, ...values].find((c) => c.name === axisName);
  if (taken) throw semantic(`A column with the name '${axisName}' is already declared`, series.axis.pos);
  const columns: Column[] = [
    ...keys.map((k) => ctx.column(k.name, k.type)),
    ...values.map((v) => ctx.column(v.name, 'dynamic')),
    ctx.column(axisName, 'dynamic'),
  ];
  return {
    node: 'make_series', input: aggregated, keys, bin, bins, binIndex, columns, axis: axisValue, nonempty: series.nonempty,
    values: values.map((column, i) => ({ column, fallback: fallbacks[i] ?? param(0, 'long') })),
  };
}

/** A constant written as an expression (`-1`, `real(null)`) as the constant itself. */
function constant(s: Scalar): Scalar {
  if (s.k !== 'op' || s.args.length !== 1) return s;
  const [inner] = s.args;
  if (inner?.k !== 'param') return s;
  if (inner.value === null) return param(null, s.type);
  if (s.op === 'neg' && typeof inner.value === 'number') return param(-inner.value, s.type);
  return s;
}

const semantic = (message: string, pos: number): KqlCompileError => new KqlCompileError('SemanticError', message, pos);
