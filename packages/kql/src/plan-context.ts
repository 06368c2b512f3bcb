import type { Expr, Tabular } from './ast.js';
import type { CompileOptions, KustoType } from './compiled-query.js';
import type { Column, Plan, Scalar } from './plan.js';
import type { ScalarScope } from './scalar-checker.js';
import type { UserFunction } from './user-functions.js';

/** Shared state of one compilation: the alias counter, `let`s and options. */
export class PlanContext {
  private aliases = 0;
  // The `let` environment; a user function call swaps in the function's own (user-functions.ts).
  scalarLets = new Map<string, Scalar>();
  tabularLets = new Map<string, Tabular>();
  functions = new Map<string, UserFunction>();
  /** Tabular parameters of the function being expanded, bound to their argument's plan. */
  boundTables = new Map<string, Plan>();
  /** The user functions being expanded, innermost last: a call of one of them is recursion. */
  readonly expanding: UserFunction[] = [];
  /** Set by the planner: inlines a call of a scalar user function, undefined for other names. */
  userCall?: ScalarScope['userCall'];

  constructor(
    readonly options: CompileOptions,
    readonly planTabular: (query: Tabular) => Plan,
  ) {}

  /** A fresh SQL alias; the only column names SQL ever sees. */
  alias(): string {
    this.aliases++;
    return `c${this.aliases}`;
  }

  column(name: string, type: KustoType): Column {
    return { name, type, sql: this.alias() };
  }

  /** `rowOrder`: window functions may be used (a serialized input's order column, or null when it is not serialized). */
  scope(columns: readonly Column[], rowOrder?: string | null): ScalarScope {
    return { columns, options: this.options, scalarLets: this.scalarLets, planTabular: this.planTabular, ...(this.userCall ? { userCall: this.userCall } : {}), ...(rowOrder !== undefined ? { rowOrder } : {}) };
  }
}

// Functions whose unnamed result keeps the name of the column they wrap, as Kusto names them.
const NAME_KEEPING = new Set(['bin', 'floor', 'bin_at', 'tostring', 'toint', 'tolong', 'toreal', 'todouble', 'todatetime', 'totimespan', 'tobool', 'startofday', 'startofweek', 'startofmonth', 'startofyear']);

/** Kusto's name for an unnamed expression; `Column1`, `Column2` … when it has none. */
export function inferredName(expr: Expr): string | undefined {
  switch (expr.kind) {
    case 'name':
      return expr.name;
    case 'member': {
      const target = inferredName(expr.target);
      return target ? `${target}_${expr.member}` : undefined;
    }
    case 'index': {
      const target = inferredName(expr.target);
      const index = expr.index.kind === 'literal' ? String(expr.index.value) : undefined;
      return target && index !== undefined ? `${target}_${index}` : undefined;
    }
    case 'call': {
      const first = expr.args[0];
      return NAME_KEEPING.has(expr.name) && first ? inferredName(first) : undefined;
    }
    case 'toscalar': case 'between': case 'binary': case 'in': case 'literal': case 'star': case 'typedLiteral': case 'unary':
      return undefined;
  }
}
