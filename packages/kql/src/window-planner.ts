import type { Operator } from './ast.js';
import type { PlanContext } from './plan-context.js';
import type { Plan, Scalar } from './plan.js';
import { op, param } from './scalar-types.js';

/**
 * Window functions become hidden columns, each computed in a select of its own before the operator
 * that uses them: SQL allows a window neither in WHERE nor inside another window, and a restart
 * (`row_number(1, Machine != prev(Machine))`) needs its running count of restarts first, which
 * becomes the partition of the window it restarts. The hidden columns are never in the operator's
 * own output.
 */
export function liftWindows(ctx: PlanContext, input: Plan, scalars: readonly Scalar[]): { input: Plan; scalars: Scalar[] } {
  let plan = input;
  // The same window written twice (`prev(Machine)` in two restarts) is computed once.
  const computed = new Map<string, string>();
  const addColumn = (expr: Scalar): string => {
    const key = JSON.stringify(expr);
    const known = computed.get(key);
    if (known) return known;
    const column = ctx.column('', expr.type);
    const exprs: Scalar[] = [...plan.columns.map((c): Scalar => ({ k: 'col', sql: c.sql, type: c.type })), expr];
    plan = { node: 'select', input: plan, exprs, columns: [...plan.columns, column], ...(plan.order ? { order: plan.order } : {}) };
    computed.set(key, column.sql);
    return column.sql;
  };
  const lift = (s: Scalar): Scalar => {
    switch (s.k) {
      case 'window': {
        const args = s.args.map(lift);
        let partition: string | undefined;
        if (s.restart) {
          // Rows up to and including each restart share a count; the restart row starts a new one.
          const restarts = op('iff', 'long', lift(s.restart), param(1, 'long'), param(0, 'long'));
          partition = addColumn({ k: 'window', fn: 'cumsum', args: [restarts], order: s.order, type: 'long' });
        }
        const sql = addColumn({ k: 'window', fn: s.fn, args, order: s.order, ...(partition ? { partition } : {}), type: s.type });
        return { k: 'col', sql, type: s.type };
      }
      case 'op':
        return { ...s, args: s.args.map(lift) };
      case 'in_plan':
        return { ...s, left: lift(s.left) };
      case 'col': case 'param': case 'subquery':
        return s;
    }
  };
  const lifted = scalars.map(lift);
  return { input: plan, scalars: lifted };
}

// Kusto's serialization rules (serialize operator docs): these mark their output serialized, these
// unmark it, every other operator keeps what its input had.
const SERIALIZING = new Set<Operator['op']>(['sort', 'top', 'serialize']);
const UNSERIALIZING = new Set<Operator['op']>(['summarize', 'distinct', 'count', 'join', 'mv-expand', 'make-series', 'union', 'getschema', 'mv-apply', 'top-nested']);

/**
 * Whether window functions may read `plan`'s order after `operator`. Our plan keeps a sort's order
 * through more operators than Kusto calls serialized (mv-expand), and loses it where Kusto's union
 * and lookup would need a defined order across inputs, which we do not promise.
 */
export function serializedAfter(operator: Operator['op'], before: boolean, plan: Plan): boolean {
  if (plan.order === undefined || UNSERIALIZING.has(operator)) return false;
  return SERIALIZING.has(operator) || before;
}
