import type { NamedExpr, Operator } from './ast.js';
import { KqlCompileError } from './kql-error.js';
import type { PlanContext } from './plan-context.js';
import type { Column, Plan, Scalar } from './plan.js';
import { checkScalar } from './scalar-checker.js';
import { planSummarize } from './summarize-planner.js';

type MvApply = Extract<Operator, { op: 'mv-apply' }>;
const col = (c: Column): Scalar => ({ k: 'col', sql: c.sql, type: c.type });

// The input row's number; no KQL name can spell it.
const ROW = '\u0001row';
const rowName = (pos: number): NamedExpr => ({ name: ROW, expr: { kind: 'name', name: ROW, pos }, pos });

/**
 * `mv-apply`: each input row is numbered, its array expanded (mv-expand), and the subquery run on
 * the expanded rows with that number as an extra group key, so each operator acts per input row
 * (summarize and distinct group by it, top and take keep N per row, count counts per row). The
 * result is joined back to the input's other columns by the number: an input row whose subquery
 * gives no rows is gone, as in Kusto. Output: the input's columns (less an array expanded in
 * place) then the subquery's new columns, Kusto's order (checked against its analyzer).
 */
export function planMvApply(ctx: PlanContext, input: Plan, operator: MvApply, apply: (plan: Plan, op: Operator) => Plan): Plan {
  const [first] = operator.items;
  if (!first) throw new KqlCompileError('SyntaxError', 'mv-apply needs an array', operator.pos);
  if (operator.itemIndex) throw new KqlCompileError('Unsupported', 'mv-apply with_itemindex is not supported yet', operator.pos);
  const numbered: Plan = { node: 'sort', input, keys: [], columns: input.columns, order: ctx.alias() };
  const row: Column = { name: ROW, type: 'long', sql: numbered.order ?? '' };
  const keyed: Plan = { node: 'filter', input: numbered, predicate: { k: 'param', value: true, type: 'bool' }, columns: [...input.columns, row] };
  const inPlace = first.item.expr.kind === 'name' && first.item.name === undefined ? first.item.expr.name : undefined;
  const outer = input.columns.filter((c) => c.name !== inPlace);
  const expandOp: Operator = { op: 'mv-expand', item: first.item, ...(first.toType ? { toType: first.toType } : {}), pos: operator.pos };
  let sub = apply(keyed, expandOp);
  for (const inner of operator.body) sub = perRow(ctx, sub, inner, apply);
  const rowOut = sub.columns.find((c) => c.name === ROW);
  if (!rowOut) throw new KqlCompileError('Unsupported', 'This mv-apply subquery drops the row it belongs to; not supported yet', operator.pos);
  const outerNames = new Set(outer.map((c) => c.name));
  // Fresh aliases for the subquery's columns so none is mistaken for an input column in the join.
  const added = sub.columns.filter((c) => c.name !== ROW && !outerNames.has(c.name));
  const renamed = added.map((c) => ctx.column(c.name, c.type));
  const rowCopy = ctx.column(ROW, 'long');
  const right: Plan = { node: 'select', input: sub, exprs: [...added.map(col), col(rowOut)], columns: [...renamed, rowCopy] };
  return { node: 'join', left: keyed, right, kind: 'inner', on: [[row, rowCopy]], columns: [...outer, ...renamed] };
}

/** One operator of the subquery, made to act on each input row's expanded rows separately. */
function perRow(ctx: PlanContext, input: Plan, operator: Operator, apply: (plan: Plan, op: Operator) => Plan): Plan {
  const row = input.columns.find((c) => c.name === ROW);
  if (!row) throw new Error('mv-apply lost its row number');
  switch (operator.op) {
    case 'where': case 'extend': case 'sort': case 'project-rename': case 'project-reorder':
      return apply(input, operator);
    case 'project':
      return apply(input, { ...operator, items: [...operator.items, rowName(operator.pos)] });
    case 'project-away': case 'project-keep': {
      const kept = apply(input, operator);
      return kept.columns.includes(row) ? kept : { ...kept, columns: [...kept.columns, row] };
    }
    case 'summarize':
      return planSummarize(ctx, input, operator.aggregates, [...operator.by, rowName(operator.pos)], operator.pos);
    case 'count':
      return planSummarize(ctx, input, [{ name: 'Count', expr: { kind: 'call', name: 'count', args: [], pos: operator.pos }, pos: operator.pos }], [rowName(operator.pos)], operator.pos);
    case 'distinct':
      if (operator.items.some((i) => i.expr.kind === 'star')) break;
      return planSummarize(ctx, input, [], [...operator.items, rowName(operator.pos)], operator.pos);
    case 'take':
      return firstPerRow(ctx, input, row, col(row), true, operator.count, operator.pos);
    case 'top': {
      const by = checkScalar(operator.key.expr, ctx.scope(input.columns));
      return firstPerRow(ctx, input, row, by, operator.key.desc, operator.count, operator.pos);
    }
    case 'as': case 'getschema': case 'join': case 'make-series': case 'mv-apply': case 'mv-expand': case 'parse': case 'render': case 'search': case 'serialize': case 'top-nested': case 'union':
      break;
  }
  throw new KqlCompileError('Unsupported', `'${operator.op}' inside mv-apply is not supported yet`, operator.pos);
}

function firstPerRow(ctx: PlanContext, input: Plan, row: Column, by: Scalar, desc: boolean, countExpr: Parameters<typeof checkScalar>[0], pos: number): Plan {
  const limit = checkScalar(countExpr, ctx.scope([]));
  if (limit.k !== 'param' || typeof limit.value !== 'number') throw new KqlCompileError('SemanticError', 'The row count must be a constant number', pos);
  return { node: 'top_per_group', input, keys: [col(row)], by, desc, exprs: input.columns.map(col), columns: input.columns, limit };
}
