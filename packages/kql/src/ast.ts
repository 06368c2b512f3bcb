/** The parse tree: what the text says, before names and types are checked. */

export type Expr =
  | { kind: 'literal'; type: 'string' | 'long' | 'real' | 'bool' | 'null'; value: string | number | boolean | null; pos: number }
  | { kind: 'typedLiteral'; type: 'datetime' | 'timespan' | 'dynamic' | 'guid'; text: string; pos: number }
  | { kind: 'name'; name: string; pos: number }
  | { kind: 'star'; pos: number }
  | { kind: 'call'; name: string; args: Expr[]; pos: number }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; pos: number }
  | { kind: 'unary'; op: '-' | '+'; operand: Expr; pos: number }
  | { kind: 'member'; target: Expr; member: string; pos: number }
  | { kind: 'index'; target: Expr; index: Expr; pos: number }
  | { kind: 'in'; op: string; left: Expr; list: Expr[]; tabular?: Tabular; pos: number }
  | { kind: 'between'; negated: boolean; left: Expr; low: Expr; high: Expr; pos: number }
  | { kind: 'toscalar'; query: Tabular; pos: number };

/** `Name = expr` or a bare `expr` in project, extend, summarize and by lists. */
export interface NamedExpr {
  readonly name?: string;
  readonly expr: Expr;
  readonly pos: number;
}

export interface SortKey {
  readonly expr: Expr;
  readonly desc: boolean;
  readonly nullsFirst?: boolean;
}

export type Operator =
  | { op: 'where'; predicate: Expr; pos: number }
  | { op: 'project'; items: NamedExpr[]; pos: number }
  | { op: 'extend'; items: NamedExpr[]; pos: number }
  | { op: 'project-away'; patterns: { name: string; pos: number }[]; pos: number }
  | { op: 'project-keep'; patterns: { name: string; pos: number }[]; pos: number }
  | { op: 'project-rename'; renames: { name: string; from: string; pos: number }[]; pos: number }
  | { op: 'project-reorder'; patterns: { name: string; pos: number }[]; pos: number }
  | { op: 'summarize'; aggregates: NamedExpr[]; by: NamedExpr[]; pos: number }
  | { op: 'distinct'; items: NamedExpr[]; pos: number }
  | { op: 'take'; count: Expr; pos: number }
  | { op: 'top'; count: Expr; key: SortKey; pos: number }
  | { op: 'sort'; keys: SortKey[]; pos: number }
  | { op: 'count'; pos: number }
  | { op: 'join'; kind: string; right: Tabular; on: { left: string; right: string; pos: number }[]; lookup: boolean; pos: number }
  | { op: 'union'; tables: Tabular[]; withSource?: string; inner: boolean; pos: number }
  | { op: 'mv-expand'; item: NamedExpr; toType?: string; pos: number }
  | { op: 'parse'; source: Expr; pattern: ParsePart[]; pos: number }
  | { op: 'render'; visualization: string; properties: Record<string, string>; pos: number }
  | { op: 'search'; kind: 'search'; predicate: SearchPredicate; pos: number }
  | { op: 'as'; name: string; pos: number }
  | { op: 'serialize'; items: NamedExpr[]; pos: number }
  | { op: 'make-series'; series: MakeSeries; pos: number }
  | { op: 'getschema'; pos: number }
  | { op: 'mv-apply'; items: MvApplyItem[]; itemIndex?: string; body: Operator[]; pos: number }
  | { op: 'top-nested'; levels: TopNestedLevel[]; pos: number };

/** One `[Name =] ArrayExpression [to typeof(T)]` of `mv-apply`. */
export interface MvApplyItem {
  readonly item: NamedExpr;
  readonly toType?: string;
}

/** One `top-nested [N] of [Name =] Expr [with others = C] by [Name =] Aggregate [asc|desc]` clause. */
export interface TopNestedLevel {
  readonly count?: Expr;
  readonly of: NamedExpr;
  readonly others?: Expr;
  readonly by: NamedExpr;
  readonly desc: boolean;
  readonly pos: number;
}

/** `make-series Agg [default = d], … on Axis [from A] [to B] step S [by …]`. */
export interface MakeSeries {
  readonly aggregates: readonly { readonly item: NamedExpr; readonly fallback?: Expr }[];
  readonly axis: Expr;
  readonly from?: Expr;
  readonly to?: Expr;
  readonly step: Expr;
  readonly by: NamedExpr[];
  readonly nonempty: boolean;
  /** `on Axis in range(A, B, S)`: bins by `bin()`, B inclusive. */
  readonly inRange: boolean;
}

/** One piece of a `parse` pattern: a literal to match or a column to capture. */
export type ParsePart = { kind: 'text'; text: string } | { kind: 'column'; name: string; type: string };

/** What `search` looks for: a term (with `*` wildcards) in any column, or a full predicate. */
export type SearchPredicate = { kind: 'term'; term: string; pos: number } | { kind: 'expr'; expr: Expr };

export type Source =
  | { kind: 'table'; name: string; pos: number }
  | { kind: 'union'; tables: Tabular[]; withSource?: string; inner: boolean; pos: number }
  | { kind: 'search'; tables: { name: string; pos: number }[] | null; predicate: SearchPredicate; pos: number }
  | { kind: 'print'; items: NamedExpr[]; pos: number }
  | { kind: 'datatable'; columns: { name: string; type: string }[]; values: Expr[]; pos: number }
  | { kind: 'nested'; query: Tabular; pos: number }
  | { kind: 'range'; name: string; from: Expr; to: Expr; step: Expr; pos: number }
  /** A call of a tabular user function, `g(5)`, as a source. */
  | { kind: 'invoke'; name: string; args: FunctionArg[]; pos: number };

/** An argument of a user function call in a tabular position: a scalar or a tabular expression. */
export type FunctionArg = { kind: 'scalar'; expr: Expr } | { kind: 'tabular'; query: Tabular; pos: number };

export interface Tabular {
  readonly source: Source;
  readonly operators: Operator[];
}

export type Statement =
  | { kind: 'let'; name: string; value: Expr | Tabular; tabular: boolean; pos: number }
  | FunctionStatement;

/** `let f = (x:long, T:(Computer:string), y:string = "d") { [let …;] body }`. */
export interface FunctionStatement {
  readonly kind: 'function';
  readonly name: string;
  readonly params: readonly FunctionParam[];
  readonly lets: readonly Statement[];
  readonly body: Expr | Tabular;
  readonly tabular: boolean;
  readonly pos: number;
}

/** A scalar parameter has a `type`; a tabular one a `schema` (`'*'`: any columns). */
export interface FunctionParam {
  readonly name: string;
  readonly type?: string;
  readonly schema?: readonly { readonly name: string; readonly type: string }[] | '*';
  readonly fallback?: Expr;
  readonly pos: number;
}

export interface QueryAst {
  readonly lets: Statement[];
  readonly body: Tabular;
}
