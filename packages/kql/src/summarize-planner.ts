import type { Expr, NamedExpr } from './ast.js';
import type { KustoType } from './compiled-query.js';
import { closestNames } from './closest-names.js';
import { KqlCompileError } from './kql-error.js';
import { inferredName, type PlanContext } from './plan-context.js';
import type { Aggregate, AggregateFn, Column, Plan, Scalar } from './plan.js';
import { checkScalar, type ScalarScope } from './scalar-checker.js';
import { isNumeric, param, requireType } from './scalar-types.js';

interface AggregateOutput {
  readonly name: string;
  readonly agg: Aggregate;
  /** Expanded from `*`: dropped when the name is already an output, never suffixed. */
  readonly fromStar?: boolean;
}

// Kusto's argument limits (optional accuracy and size arguments included).
const MAX_ARGUMENTS: Record<string, number> = {
  countif: 1, dcount: 2, dcountif: 3, sum: 1, sumif: 2, avg: 1, avgif: 2, min: 1, max: 1, stdev: 1, variance: 1,
  make_set: 2, make_list: 2, make_set_if: 3, make_list_if: 3,
};
const AGGREGATES = ['count', 'countif', 'dcount', 'dcountif', 'sum', 'sumif', 'avg', 'avgif', 'min', 'max', 'any', 'take_any', 'make_set', 'make_list', 'make_set_if', 'make_list_if', 'percentile', 'percentiles', 'stdev', 'variance', 'arg_max', 'arg_min'];

// Kusto's default column name prefix per aggregate: `make_set(x)` is `set_x`.
const PREFIX: Partial<Record<string, string>> = { make_set: 'set', make_list: 'list', make_set_if: 'set', make_list_if: 'list', take_any: 'any' };

/** Keys then aggregates, as Kusto orders a summarize's columns. */
export function planSummarize(ctx: PlanContext, input: Plan, aggregates: NamedExpr[], by: NamedExpr[], pos: number): Plan {
  const scope = ctx.scope(input.columns);
  const keyNames: string[] = [];
  const keys = by.map((item) => {
    const name = item.name ?? inferredName(item.expr) ?? `Column${keyNames.length + 1}`;
    if (keyNames.includes(name)) throw new KqlCompileError('SemanticError', `The by column '${name}' is given twice`, item.pos);
    keyNames.push(name);
    return checkScalar(item.expr, scope);
  });
  const [only] = aggregates;
  const onlyCall = only?.expr.kind === 'call' ? only.expr : undefined;
  if (aggregates.length === 1 && onlyCall && (onlyCall.name === 'arg_max' || onlyCall.name === 'arg_min')) {
    return planArgExtremum(ctx, input, keys, keyNames, onlyCall, scope);
  }
  const outputs = withoutRepeatedStarColumns(keyNames, aggregates.flatMap((item) => checkAggregate(item, scope, input)));
  if (outputs.length === 0 && keys.length === 0) throw new KqlCompileError('SyntaxError', 'summarize needs an aggregate or a by clause', pos);
  const names = unique([...keyNames, ...outputs.map((o) => o.name)]);
  const columns: Column[] = [
    ...keys.map((k, i) => ctx.column(names[i] ?? '', k.type)),
    ...outputs.map((o, i) => ctx.column(names[keys.length + i] ?? '', o.agg.type)),
  ];
  return { node: 'aggregate', input, keys, aggs: outputs.map((o) => o.agg), columns };
}

/** `distinct a, b` (or `*`): a summarize by those columns with no aggregates. */
export function planDistinct(ctx: PlanContext, input: Plan, items: NamedExpr[]): Plan {
  if (items.length === 1 && items[0]?.expr.kind === 'star') {
    return { node: 'aggregate', input, keys: input.columns.map((c) => ({ k: 'col', sql: c.sql, type: c.type })), aggs: [], columns: input.columns.map((c) => ctx.column(c.name, c.type)) };
  }
  return planSummarize(ctx, input, [], items, 0);
}

/** Kusto's rule, checked against its analyzer: a `*` column whose name is taken is left out. */
function withoutRepeatedStarColumns(keyNames: readonly string[], outputs: AggregateOutput[]): AggregateOutput[] {
  const taken = new Set(keyNames);
  return outputs.filter((o) => {
    if (o.fromStar && taken.has(o.name)) return false;
    taken.add(o.name);
    return true;
  });
}

/** Appends 1, 2 … to repeated names, as Kusto does. */
function unique(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 1; seen.has(candidate); n++) candidate = `${name}${n}`;
    seen.add(candidate);
    return candidate;
  });
}

function planArgExtremum(ctx: PlanContext, input: Plan, keys: Scalar[], keyNames: string[], call: Extract<Expr, { kind: 'call' }>, scope: ScalarScope): Plan {
  const [byExpr, ...rest] = call.args;
  if (!byExpr || rest.length === 0) throw new KqlCompileError('SemanticError', `${call.name}() takes the value to order by and the columns to return`, call.pos);
  const by = checkScalar(byExpr, scope);
  // Kusto's naming, checked against its analyzer: with a `*`, a column whose name is already an
  // output (a key, the ordering value) is left out; otherwise repeated names get 1, 2 … suffixes.
  const star = rest.some((item) => item.kind === 'star');
  const outputs: { name: string; expr: Scalar }[] = keys.map((expr, i) => ({ name: keyNames[i] ?? '', expr }));
  const add = (name: string, expr: Scalar, skipTaken: boolean): void => {
    if (!skipTaken || !outputs.some((o) => o.name === name)) outputs.push({ name, expr });
  };
  add(inferredName(byExpr) ?? `${call.name === 'arg_max' ? 'max' : 'min'}_`, by, false);
  for (const item of rest) {
    if (item.kind === 'star') for (const c of input.columns) add(c.name, { k: 'col', sql: c.sql, type: c.type }, true);
    else add(inferredName(item) ?? `Column${outputs.length}`, checkScalar(item, scope), star);
  }
  const names = unique(outputs.map((o) => o.name));
  return {
    node: 'top_per_group', input, keys, by, desc: call.name === 'arg_max',
    exprs: outputs.map((o) => o.expr), columns: outputs.map((o, i) => ctx.column(names[i] ?? o.name, o.expr.type)),
  };
}

const sumType = (t: KustoType): KustoType => (t === 'int' || t === 'long' ? 'long' : t === 'timespan' ? 'timespan' : 'real');

function checkAggregate(item: NamedExpr, scope: ScalarScope, input: Plan): AggregateOutput[] {
  const call = item.expr.kind === 'call' ? item.expr : undefined;
  if (!call || !AGGREGATES.includes(call.name)) {
    const name = call?.name ?? '';
    throw new KqlCompileError(call ? 'UnknownFunction' : 'SemanticError', call ? `'${name}' is not an aggregate function` : 'summarize needs aggregate functions such as count() or sum(x)', item.pos, call ? closestNames(name, AGGREGATES) : undefined);
  }
  const fn = call.name;
  const args = call.args.map((a) => (a.kind === 'star' ? undefined : checkScalar(a, scope)));
  const first = args[0];
  const column = call.args[0] ? (inferredName(call.args[0]) ?? '') : '';
  const named = (fallback: string): string => item.name ?? fallback;
  const needs = (n: number): Scalar[] => {
    if (args.length < n || args.slice(0, n).some((a) => a === undefined)) throw new KqlCompileError('SemanticError', `${fn}() needs ${n} argument(s)`, call.pos);
    const given = args.slice(0, n) as Scalar[];
    // The last argument of the -if aggregates is their predicate.
    const predicateAt = fn === 'countif' ? 0 : fn.endsWith('if') || fn.endsWith('_if') ? 1 : undefined;
    if (predicateAt !== undefined && n > predicateAt) requireType(given[predicateAt] ?? param(null, 'bool'), ['bool', 'dynamic'], `${fn}()`, call.pos);
    return given;
  };
  const one = (aggFn: AggregateFn, type: KustoType, fnArgs: Scalar[]): AggregateOutput[] => [{ name: named(`${PREFIX[fn] ?? fn}_${fn.startsWith('count') ? '' : column}`), agg: { fn: aggFn, args: fnArgs, type } }];
  const most = MAX_ARGUMENTS[fn];
  if (most !== undefined && args.length > most) throw new KqlCompileError('SemanticError', `${fn}() takes at most ${most} argument(s)`, call.pos);
  switch (fn) {
    case 'count':
      return one('count', 'long', []);
    case 'countif':
      return one('countif', 'long', needs(1));
    case 'dcount':
      return [{ name: named(`dcount_${column}`), agg: { fn: 'dcount', args: needs(1), type: 'long' } }];
    case 'dcountif':
      return [{ name: named(`dcountif_${column}`), agg: { fn: 'dcountif', args: needs(2), type: 'long' } }];
    case 'sum':
    case 'sumif':
      requireType(needs(1)[0] ?? param(null, 'long'), ['numeric', 'timespan'], `${fn}()`, call.pos);
      return one(fn, sumType(needs(1)[0]?.type ?? 'long'), needs(fn === 'sum' ? 1 : 2));
    case 'avg':
    case 'avgif':
    case 'stdev':
    case 'variance':
      requireType(needs(1)[0] ?? param(null, 'long'), ['numeric'], `${fn}()`, call.pos);
      return one(fn, 'real', needs(fn === 'avgif' ? 2 : 1));
    case 'min':
    case 'max':
    case 'any':
    case 'take_any':
      return one(fn === 'take_any' ? 'any' : fn, needs(1)[0]?.type ?? 'string', needs(1));
    case 'make_set':
    case 'make_list':
      return one(fn, 'dynamic', needs(1));
    case 'make_set_if':
    case 'make_list_if':
      return one(fn === 'make_set_if' ? 'make_set' : 'make_list', 'dynamic', needs(2));
    case 'percentile':
    case 'percentiles':
      return percentiles(item, fn, column, needs(1)[0] ?? (first as Scalar), args.slice(1), call.pos);
    case 'arg_max':
    case 'arg_min':
      return argExtremumColumns(fn, args, call, input);
    default:
      throw new KqlCompileError('UnknownFunction', `Unknown aggregate '${fn}'`, call.pos);
  }
}

function percentiles(item: NamedExpr, fn: string, column: string, value: Scalar, ranks: (Scalar | undefined)[], pos: number): AggregateOutput[] {
  if (!isNumeric(value.type) && value.type !== 'datetime' && value.type !== 'timespan') throw new KqlCompileError('SemanticError', `${fn}() needs a number, datetime or timespan`, pos);
  if (ranks.length === 0 || (fn === 'percentile' && ranks.length !== 1)) throw new KqlCompileError('SemanticError', `${fn}() needs percentile ranks`, pos);
  return ranks.map((rank) => {
    if (rank?.k !== 'param' || typeof rank.value !== 'number' || rank.value < 0 || rank.value > 100) {
      throw new KqlCompileError('SemanticError', 'Percentile ranks must be constant numbers from 0 to 100', pos);
    }
    const name = item.name && fn === 'percentile' ? item.name : `percentile_${column}_${String(rank.value).replace('.', '_')}`;
    return { name, agg: { fn: 'percentile', args: [value], extra: rank.value, type: value.type } };
  });
}

/** arg_max next to other aggregates: each column picks from the extreme row on its own. */
function argExtremumColumns(fn: 'arg_max' | 'arg_min', args: (Scalar | undefined)[], call: Extract<Expr, { kind: 'call' }>, input: Plan): AggregateOutput[] {
  const [by, ...rest] = args;
  if (!by) throw new KqlCompileError('SemanticError', `${fn}() needs a value to order by`, call.pos);
  const outputs: AggregateOutput[] = [{ name: inferredName(call.args[0] ?? call) ?? `${fn === 'arg_max' ? 'max' : 'min'}_`, agg: { fn: fn === 'arg_max' ? 'max' : 'min', args: [by], type: by.type } }];
  rest.forEach((value, i) => {
    const source = call.args[i + 1];
    if (value === undefined) {
      for (const c of input.columns) outputs.push({ name: c.name, agg: { fn, args: [{ k: 'col', sql: c.sql, type: c.type }, by], type: c.type }, fromStar: true });
    } else outputs.push({ name: (source && inferredName(source)) ?? `Column${i + 1}`, agg: { fn, args: [value, by], type: value.type } });
  });
  return outputs;
}

