import type { Expr, FunctionArg, FunctionParam, FunctionStatement, Statement, Tabular } from './ast.js';
import type { KustoType } from './compiled-query.js';
import { KqlCompileError } from './kql-error.js';
import type { PlanContext } from './plan-context.js';
import type { Column, Plan, Scalar, ScalarOp } from './plan.js';
import { checkScalar, type ScalarScope } from './scalar-checker.js';
import { isNumeric, kustoTypeName, op, param } from './scalar-types.js';

/**
 * User functions (`let f = (x:long) { x * 2 }`) are inlined into the plan, never SQL functions:
 * a call binds its arguments to the parameters and checks or plans the body in the environment
 * the function was defined in (the `let`s before it, lexical as in Kusto), so a body cannot see
 * the caller's columns and later `let`s cannot change what it means.
 */
export interface UserFunction {
  readonly statement: FunctionStatement;
  readonly env: Environment;
}

interface Environment {
  readonly scalarLets: Map<string, Scalar>;
  readonly tabularLets: Map<string, Tabular>;
  readonly functions: Map<string, UserFunction>;
  readonly boundTables: Map<string, Plan>;
}

/** One `let` statement into the current environment. */
export function declareLet(ctx: PlanContext, statement: Statement): void {
  if (statement.kind === 'function') {
    const env = snapshot(ctx);
    const fn: UserFunction = { statement, env };
    // The function sees itself so that a call of itself is reported as recursion, not as unknown.
    env.functions.set(statement.name, fn);
    ctx.functions.set(statement.name, fn);
    return;
  }
  ctx.functions.delete(statement.name);
  if (statement.tabular) {
    ctx.tabularLets.set(statement.name, statement.value as Tabular);
    ctx.boundTables.delete(statement.name);
  } else ctx.scalarLets.set(statement.name, checkScalar(statement.value as Expr, ctx.scope([])));
}

const snapshot = (ctx: PlanContext): Environment => ({
  scalarLets: new Map(ctx.scalarLets), tabularLets: new Map(ctx.tabularLets), functions: new Map(ctx.functions), boundTables: new Map(ctx.boundTables),
});

function restore(ctx: PlanContext, env: Environment): void {
  ctx.scalarLets = env.scalarLets;
  ctx.tabularLets = env.tabularLets;
  ctx.functions = env.functions;
  ctx.boundTables = env.boundTables;
}

type BoundArg = { kind: 'scalar'; value: Scalar; pos: number } | { kind: 'tabular'; plan: Plan; pos: number };

/** A call of a scalar user function inside an expression; undefined when no user function has that name. */
export function callScalarUserFunction(ctx: PlanContext, expr: Extract<Expr, { kind: 'call' }>, scope: ScalarScope): Scalar | undefined {
  const fn = ctx.functions.get(expr.name);
  if (!fn) return undefined;
  if (fn.statement.tabular) throw new KqlCompileError('SemanticError', `'${expr.name}' is a tabular function; call it where a table is expected`, expr.pos);
  const args = expr.args.map((a): BoundArg => ({ kind: 'scalar', value: checkScalar(a, scope), pos: a.pos }));
  return expand(ctx, fn, args, expr.pos, (body) => checkScalar(body as Expr, ctx.scope([])));
}

/** `g(5)` or `h(VMConnection)` as a source. */
export function invokeTabularFunction(ctx: PlanContext, name: string, args: readonly FunctionArg[], pos: number): Plan {
  const fn = ctx.functions.get(name);
  if (!fn?.statement.tabular) throw new KqlCompileError('UnknownFunction', `Unknown tabular function '${name}'`, pos);
  const bound = args.map((a): BoundArg => (a.kind === 'scalar'
    ? { kind: 'scalar', value: checkScalar(a.expr, ctx.scope([])), pos: a.expr.pos }
    : { kind: 'tabular', plan: ctx.planTabular(a.query), pos: a.pos }));
  return expand(ctx, fn, bound, pos, (body) => ctx.planTabular(body as Tabular));
}

function expand<T>(ctx: PlanContext, fn: UserFunction, args: readonly BoundArg[], pos: number, run: (body: Expr | Tabular) => T): T {
  const { name, params } = fn.statement;
  if (ctx.expanding.includes(fn)) throw new KqlCompileError('SemanticError', `The function '${name}' calls itself; recursion is not supported`, pos);
  if (args.length > params.length) throw new KqlCompileError('SemanticError', `The function '${name}' expects ${arity(params)}, got ${args.length}`, args[params.length]?.pos ?? pos);
  // Arguments and defaults are checked in the caller's environment, before the switch.
  const values = params.map((p, i) => bindParam(ctx, name, p, args[i], pos));
  const caller: Environment = { scalarLets: ctx.scalarLets, tabularLets: ctx.tabularLets, functions: ctx.functions, boundTables: ctx.boundTables };
  restore(ctx, { scalarLets: new Map(fn.env.scalarLets), tabularLets: new Map(fn.env.tabularLets), functions: new Map(fn.env.functions), boundTables: new Map(fn.env.boundTables) });
  ctx.expanding.push(fn);
  try {
    params.forEach((p, i) => {
      const value = values[i];
      ctx.functions.delete(p.name);
      if (value && 'node' in value) {
        ctx.boundTables.set(p.name, value);
        ctx.tabularLets.delete(p.name);
      } else if (value) ctx.scalarLets.set(p.name, value);
    });
    for (const statement of fn.statement.lets) declareLet(ctx, statement);
    return run(fn.statement.body);
  } finally {
    ctx.expanding.pop();
    restore(ctx, caller);
  }
}

function arity(params: readonly FunctionParam[]): string {
  const required = params.filter((p) => !p.fallback).length;
  const n = required === params.length ? `${required}` : `${required} to ${params.length}`;
  return `${n} argument${params.length === 1 && required === 1 ? '' : 's'}`;
}

const CONVERT: Partial<Record<KustoType, ScalarOp>> = { int: 'to_int', long: 'to_long', real: 'to_real', decimal: 'to_real' };

/** The argument's value as the parameter's type (numbers convert, as Kusto promotes them); a plan for a tabular parameter. */
function bindParam(ctx: PlanContext, fnName: string, p: FunctionParam, arg: BoundArg | undefined, callPos: number): Scalar | Plan {
  if (p.schema) {
    if (!arg) throw new KqlCompileError('SemanticError', `The function '${fnName}' needs a table for its parameter '${p.name}'`, callPos);
    if (arg.kind !== 'tabular') throw new KqlCompileError('SemanticError', `The parameter '${p.name}' of '${fnName}' is a table, not a scalar`, arg.pos);
    if (p.schema !== '*') for (const wanted of p.schema) requireColumn(arg.plan.columns, wanted, fnName, p.name, arg.pos);
    return arg.plan;
  }
  const type = kustoTypeName(p.type ?? '');
  if (!type) throw new KqlCompileError('SemanticError', `Unknown type '${p.type ?? ''}' for the parameter '${p.name}' of '${fnName}'`, p.pos);
  let value: Scalar;
  if (arg) {
    if (arg.kind !== 'scalar') throw new KqlCompileError('SemanticError', `The parameter '${p.name}' of '${fnName}' is a ${type}, not a table`, arg.pos);
    value = arg.value;
  } else if (p.fallback) value = checkScalar(p.fallback, ctx.scope([]));
  else throw new KqlCompileError('SemanticError', `The function '${fnName}' needs a value for its parameter '${p.name}'`, callPos);
  if (value.type === type) return value;
  if (value.k === 'param' && value.value === null) return param(null, type);
  const convert = CONVERT[type];
  // A constant stays a constant (a function's `take n` needs one).
  if (convert && isNumeric(value.type) && value.k === 'param' && typeof value.value === 'number') return param(type === 'real' ? value.value : Math.trunc(value.value), type);
  if (convert && isNumeric(value.type)) return op(convert, type, value);
  throw new KqlCompileError('SemanticError', `The parameter '${p.name}' of '${fnName}' is ${type}; the argument is ${value.type}`, arg?.pos ?? callPos);
}

function requireColumn(columns: readonly Column[], wanted: { name: string; type: string }, fnName: string, paramName: string, pos: number): void {
  const found = columns.find((c) => c.name === wanted.name);
  const type = kustoTypeName(wanted.type);
  if (!found || found.type !== type) {
    const has = found ? `has ${found.name}:${found.type}` : `has no column '${wanted.name}'`;
    throw new KqlCompileError('SemanticError', `The table passed as '${paramName}' to '${fnName}' ${has}; it needs ${wanted.name}:${wanted.type}`, pos);
  }
}
