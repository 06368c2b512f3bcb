import type { NamedExpr, TopNestedLevel } from './ast.js';
import { KqlCompileError } from './kql-error.js';
import { inferredName, type PlanContext } from './plan-context.js';
import type { Column, Plan, Scalar } from './plan.js';
import { checkScalar } from './scalar-checker.js';
import { planSummarize } from './summarize-planner.js';

const col = (c: Column): Scalar => ({ k: 'col', sql: c.sql, type: c.type });

/**
 * `top-nested`: level i groups the input by the first i values, keeps the groups whose parent
 * survived level i−1, and of those the N best per parent by its aggregate. Two columns per
 * level, Kusto's names: the value (`Name =`, the column's name, or '') and `aggregated_<value>`
 * (or the aggregate's `Name =`). Rows come out in no promised order, as in Kusto.
 */
export function planTopNested(ctx: PlanContext, input: Plan, levels: readonly TopNestedLevel[]): Plan {
  const names = levels.map((l) => l.of.name ?? inferredName(l.of.expr) ?? '');
  // The level values are computed once, as hidden key columns, so every level groups by the same values.
  const scope = ctx.scope(input.columns);
  const keyColumns = levels.map((l, i) => ctx.column(`\u0001key${i}`, checkScalar(l.of.expr, scope).type));
  const keyed: Plan = {
    node: 'select', input, exprs: [...input.columns.map(col), ...levels.map((l) => checkScalar(l.of.expr, scope))],
    columns: [...input.columns, ...keyColumns],
  };
  let result: Plan | undefined;
  levels.forEach((level, i) => {
    if (level.others) throw new KqlCompileError('Unsupported', 'top-nested with others is not supported yet', level.pos);
    const by: NamedExpr[] = keyColumns.slice(0, i + 1).map((k, j) => ({ name: names[j] ?? '', expr: { kind: 'name', name: k.name, pos: level.pos }, pos: level.pos }));
    const aggName = level.by.name ?? `aggregated_${names[i] ?? ''}`;
    const grouped = planSummarize(ctx, keyed, [{ ...level.by, name: aggName }], by, level.pos);
    const value = grouped.columns[i];
    const aggregated = grouped.columns[i + 1];
    if (!value || !aggregated) throw new Error('top-nested: summarize lost a column');
    const parents = result;
    const joined: Plan = parents
      ? {
        node: 'join', left: parents, right: grouped, kind: 'inner',
        on: levels.slice(0, i).map((_, j) => [parents.columns[2 * j] as Column, grouped.columns[j] as Column] as const),
        columns: [...parents.columns, value, aggregated],
      }
      : grouped;
    const parentKeys = parents ? levels.slice(0, i).map((_, j) => col(parents.columns[2 * j] as Column)) : [];
    const count = level.count ? checkScalar(level.count, ctx.scope([])) : undefined;
    if (count && (count.k !== 'param' || typeof count.value !== 'number')) throw new KqlCompileError('SemanticError', 'top-nested needs a constant number of values', level.pos);
    result = count
      ? { node: 'top_per_group', input: joined, keys: parentKeys, by: col(aggregated), desc: level.desc, exprs: joined.columns.map(col), columns: joined.columns, limit: count }
      : joined;
  });
  if (!result) throw new KqlCompileError('SyntaxError', 'top-nested needs a level', 0);
  return result;
}
