import type { NamedExpr, Operator, QueryAst, SortKey, Source, Tabular } from './ast.js';
import { bareTextTests } from './bare-text-tests.js';
import type { CompileOptions, KustoType, RenderInfo } from './compiled-query.js';
import { closestNames } from './closest-names.js';
import { KqlCompileError } from './kql-error.js';
import { PlanContext, inferredName } from './plan-context.js';
import type { Column, Plan, PlanSortKey, Scalar, ScalarOp } from './plan.js';
import { asBool, checkScalar } from './scalar-checker.js';
import { asString, kustoTypeName, op, param, requireType } from './scalar-types.js';
import { planJoin, planSearch, planUnion, searchFilter } from './set-planner.js';
import { planDistinct, planSummarize } from './summarize-planner.js';
import { tableCatalogue } from './table-catalogue.js';
import { planParse, planValues } from './values-planner.js';
import { planMakeSeries } from './make-series-planner.js';
import { planRange } from './range-planner.js';
import { liftWindows, serializedAfter } from './window-planner.js';
import { callScalarUserFunction, declareLet, invokeTabularFunction } from './user-functions.js';
import { planMvApply } from './mv-apply-planner.js';
import { planTopNested } from './top-nested-planner.js';

/** Turns a parse tree into a checked plan: every name resolved, every expression typed. */
export class Planner {
  readonly context: PlanContext;
  render: RenderInfo | undefined;

  constructor(options: CompileOptions) {
    this.context = new PlanContext(options, (query) => this.planTabular(query));
    this.context.userCall = (expr, scope) => callScalarUserFunction(this.context, expr, scope);
  }

  planQuery(ast: QueryAst): Plan {
    for (const statement of ast.lets) declareLet(this.context, statement);
    return this.planTabular(ast.body, true);
  }

  planTabular(query: Tabular, outermost = false): Plan {
    return this.planPipeline(query, outermost).plan;
  }

  /** The plan and whether its rows are serialized (window functions may read their order). */
  private planPipeline(query: Tabular, outermost: boolean): { plan: Plan; serialized: boolean } {
    let { plan, serialized } = query.source.kind === 'nested' ? this.planPipeline(query.source.query, false)
      : { plan: this.planSource(query.source), serialized: query.source.kind === 'range' };
    query.operators.forEach((operator, i) => {
      if (operator.op === 'render' && (!outermost || i !== query.operators.length - 1)) {
        throw new KqlCompileError('SemanticError', 'render must be the last operator of the query', operator.pos);
      }
      plan = this.applyOperator(plan, operator, serialized ? plan.order ?? null : null);
      serialized = serializedAfter(operator.op, serialized, plan);
      // `T | search` adds `$table` first, as Kusto does; it names T when the pipeline reads one table.
      if (operator.op === 'search') plan = withSourceColumn(this.context, plan, query.source.kind === 'table' ? query.source.name : '');
    });
    return { plan, serialized };
  }

  private planSource(source: Source): Plan {
    switch (source.kind) {
      case 'table':
        return this.planTable(source.name, source.pos);
      case 'nested':
        return this.planTabular(source.query);
      case 'range':
        return planRange(this.context, source);
      case 'union': {
        const tables = source.tables.flatMap((t) => (t.source.kind === 'table' && t.operators.length === 0
          ? this.expandTableNames([t.source]).map((n): Tabular => ({ source: { kind: 'table', ...n }, operators: [] }))
          : [t]));
        return planUnion(this.context, tables.map((t) => this.planTabular(t)), source.withSource, tableNamesOf(tables), source.inner);
      }
      case 'search':
        return planSearch(this.context, source.tables && this.expandTableNames(source.tables), source.predicate, source.pos, (name, pos) => this.planTable(name, pos));
      case 'print':
      case 'datatable':
        return planValues(this.context, source);
      case 'invoke':
        return invokeTabularFunction(this.context, source.name, source.args, source.pos);
    }
  }

  /** `VM*` → every catalogue table it matches, in catalogue order. */
  private expandTableNames(names: readonly { name: string; pos: number }[]): { name: string; pos: number }[] {
    return names.flatMap(({ name, pos }) => {
      if (!name.includes('*')) return [{ name, pos }];
      const found = [...tableCatalogue.keys()].filter((t) => matches(name, t)).map((t) => ({ name: t, pos }));
      if (found.length === 0) throw new KqlCompileError('UnknownTable', `No table matches '${name}'`, pos, closestNames(name.replace(/\*/g, ''), tableCatalogue.keys()));
      return found;
    });
  }

  planTable(name: string, pos: number): Plan {
    const bound = this.context.boundTables.get(name);
    if (bound) return bound;
    const letQuery = this.context.tabularLets.get(name);
    if (letQuery) return this.planTabular(letQuery);
    const table = tableCatalogue.get(name);
    if (!table) {
      const known = [...tableCatalogue.keys(), ...this.context.tabularLets.keys()];
      throw new KqlCompileError('UnknownTable', `Unknown table '${name}'`, pos, closestNames(name, known));
    }
    const { workspaceId, timespan } = this.context.options;
    const columns = table.columns.map((c) => this.context.column(c.name, c.type));
    return { node: 'scan', table, workspaceId, ...(timespan ? { timespan } : {}), columns };
  }

  /** `rowOrder`: the input's order column when it is serialized, else null (see window-functions.ts). */
  private applyOperator(input: Plan, operator: Operator, rowOrder: string | null): Plan {
    const ctx = this.context;
    switch (operator.op) {
      case 'where': {
        const checked = checkScalar(operator.predicate, ctx.scope(input.columns, rowOrder));
        requireType(checked, ['bool', 'dynamic'], 'where', operator.pos);
        const { input: lifted, scalars: [predicate = checked] } = liftWindows(ctx, input, [checked]);
        return { node: 'filter', input: lifted, predicate: bareTextTests(asBool(predicate)), columns: input.columns, ...keepOrder(input) };
      }
      case 'project':
        return this.project(input, operator.items, rowOrder);
      case 'extend':
        return this.extend(input, operator.items, rowOrder);
      case 'serialize': {
        // Rows not yet in a defined order are numbered as they come (a sort with no keys).
        const ordered: Plan = input.order ? input : { node: 'sort', input, keys: [], columns: input.columns, order: ctx.alias() };
        return operator.items.length > 0 ? this.extend(ordered, operator.items, ordered.order ?? null) : ordered;
      }
      case 'make-series':
        return planMakeSeries(ctx, input, operator.series, operator.pos);
      case 'project-away':
      case 'project-keep':
      case 'project-reorder':
        return selectColumns(input, pickColumns(input.columns, operator.patterns, operator.op));
      case 'project-rename':
        return this.rename(input, operator.renames);
      case 'summarize':
        return planSummarize(ctx, input, operator.aggregates, operator.by, operator.pos);
      case 'distinct':
        return planDistinct(ctx, input, operator.items);
      case 'take':
        return { node: 'limit', input, count: this.count(input, operator.count, operator.pos), columns: input.columns, ...keepOrder(input) };
      case 'top': {
        const sorted = this.sort(input, [operator.key]);
        return { node: 'limit', input: sorted, count: this.count(input, operator.count, operator.pos), columns: sorted.columns, ...keepOrder(sorted) };
      }
      case 'sort':
        return this.sort(input, operator.keys);
      case 'count':
        return { node: 'aggregate', input, keys: [], aggs: [{ fn: 'count', args: [], type: 'long' }], columns: [ctx.column('Count', 'long')] };
      case 'join': {
        const joined = planJoin(ctx, input, this.planTabular(operator.right), operator.kind, operator.on);
        if (!operator.lookup || joined.node !== 'join') return joined;
        // lookup: the right side's key columns are not repeated.
        const rightKeys = new Set(joined.on.map(([, r]) => r.sql));
        return { ...joined, columns: joined.columns.filter((c) => !rightKeys.has(c.sql) || input.columns.includes(c)) };
      }
      case 'union':
        return planUnion(ctx, [input, ...operator.tables.map((t) => this.planTabular(t))], operator.withSource, undefined, operator.inner);
      case 'search':
        return searchFilter(ctx, input, operator.predicate);
      case 'mv-expand':
        return this.mvExpand(input, operator);
      case 'parse':
        return planParse(ctx, input, operator);
      case 'render':
        this.render = renderInfo(operator.visualization, operator.properties, input.order !== undefined);
        return input;
      case 'as':
        return input;
      case 'mv-apply':
        return planMvApply(ctx, input, operator, (plan, inner) => this.applyOperator(plan, inner, null));
      case 'top-nested':
        return planTopNested(ctx, input, operator.levels);
      case 'getschema':
        throw new KqlCompileError('Unsupported', 'getschema is not supported', operator.pos);
    }
  }

  private project(input: Plan, items: NamedExpr[], rowOrder: string | null): Plan {
    const scope = this.context.scope(input.columns, rowOrder);
    const columns: Column[] = [];
    const checked: Scalar[] = [];
    items.forEach((item) => {
      const name = item.name ?? inferredName(item.expr) ?? `Column${columns.length + 1}`;
      if (columns.some((c) => c.name === name)) throw new KqlCompileError('SemanticError', `Column '${name}' appears twice in project`, item.pos);
      const expr = checkScalar(item.expr, scope);
      checked.push(expr);
      columns.push(expr.k === 'col' ? { name, type: expr.type, sql: expr.sql } : this.context.column(name, expr.type));
    });
    const { input: lifted, scalars: exprs } = liftWindows(this.context, input, checked);
    return { node: 'select', input: lifted, exprs, columns, ...keepOrder(input) };
  }

  private extendOne(input: Plan, item: NamedExpr): Plan {
    return this.extend(input, [item]);
  }

  /** All expressions of one `extend` see the input's columns only, as in Kusto, not each other. */
  private extend(input: Plan, items: readonly NamedExpr[], rowOrder?: string | null): Plan {
    const scope = this.context.scope(input.columns, rowOrder);
    let columns: Column[] = [...input.columns];
    const added = new Map<Column, Scalar>();
    for (const item of items) {
      const expr = checkScalar(item.expr, scope);
      const name = item.name ?? inferredName(item.expr) ?? `Column${columns.filter((c) => /^Column\d+$/.test(c.name)).length + 1}`;
      const column = this.context.column(name, expr.type);
      added.set(column, expr);
      const existing = columns.findIndex((c) => c.name === name);
      columns = existing >= 0 ? columns.map((c, i) => (i === existing ? column : c)) : [...columns, column];
    }
    const { input: lifted, scalars: exprs } = liftWindows(this.context, input, columns.map((c): Scalar => added.get(c) ?? { k: 'col', sql: c.sql, type: c.type }));
    return { node: 'select', input: lifted, exprs, columns, ...keepOrder(input) };
  }

  private rename(input: Plan, renames: { name: string; from: string; pos: number }[]): Plan {
    let columns = [...input.columns];
    for (const { name, from, pos } of renames) {
      const index = columns.findIndex((c) => c.name === from);
      const column = columns[index];
      if (!column) throw new KqlCompileError('UnknownColumn', `Unknown column '${from}'`, pos, closestNames(from, columns.map((c) => c.name)));
      columns = columns.filter((c, i) => i === index || c.name !== name);
      columns[columns.indexOf(column)] = { ...column, name };
    }
    return { node: 'filter', input, predicate: param(true, 'bool'), columns, ...keepOrder(input) };
  }

  private count(input: Plan, expr: Parameters<typeof checkScalar>[0], pos: number): Scalar {
    const count = checkScalar(expr, this.context.scope(input.columns));
    if (count.k !== 'param' || typeof count.value !== 'number') throw new KqlCompileError('SemanticError', 'The row count must be a constant number', pos);
    return count;
  }

  private sort(input: Plan, keys: SortKey[]): Plan {
    const scope = this.context.scope(input.columns);
    const planKeys: PlanSortKey[] = keys.map((k) => ({ expr: checkScalar(k.expr, scope), desc: k.desc, nullsFirst: k.nullsFirst ?? !k.desc }));
    return { node: 'sort', input, keys: planKeys, columns: input.columns, order: this.context.alias() };
  }

  private mvExpand(original: Plan, operator: Extract<Operator, { op: 'mv-expand' }>): Plan {
    const { item } = operator;
    // `mv-expand Col` expands in place; `Name = expr` (or an expression) adds a column first.
    const inPlace = item.expr.kind === 'name' && item.name === undefined ? item.expr.name : undefined;
    const columnName = inPlace ?? item.name ?? inferredName(item.expr) ?? 'Column1';
    const input = inPlace === undefined ? this.extendOne(original, { ...item, name: columnName }) : original;
    const source = input.columns.find((c) => c.name === columnName);
    if (!source) throw new KqlCompileError('UnknownColumn', `Unknown column '${columnName}'`, item.pos, closestNames(columnName, input.columns.map((c) => c.name)));
    if (source.type !== 'dynamic') throw new KqlCompileError('SemanticError', `mv-expand needs a dynamic column, '${source.name}' is ${source.type}`, operator.pos);
    const toType = operator.toType ? kustoTypeName(operator.toType) : 'dynamic';
    if (!toType) throw new KqlCompileError('SemanticError', `Unknown type '${operator.toType ?? ''}'`, operator.pos);
    const expand = this.context.column(columnName, 'dynamic');
    const columns = input.columns.map((c) => (c === source ? expand : c));
    const expanded: Plan = { node: 'mv_expand', input, source, expand, toType: 'dynamic', columns, ...keepOrder(input) };
    if (toType === 'dynamic') return expanded;
    // `to typeof(T)`: a second step converts the expanded elements.
    const typed = this.context.column(expand.name, toType);
    const value: Scalar = { k: 'col', sql: expand.sql, type: 'dynamic' };
    const converted = toType === 'string' ? asString(value) : op(CONVERSIONS[toType], toType, value);
    const exprs = columns.map((c): Scalar => (c === expand ? converted : { k: 'col', sql: c.sql, type: c.type }));
    return { node: 'select', input: expanded, exprs, columns: columns.map((c) => (c === expand ? typed : c)), ...keepOrder(input) };
  }
}

const CONVERSIONS: Record<KustoType, ScalarOp> = {
  bool: 'to_bool', datetime: 'to_datetime', dynamic: 'parse_json', int: 'to_int', long: 'to_long', real: 'to_real', decimal: 'to_real',
  string: 'dyn_to_string', guid: 'dyn_to_string', timespan: 'to_timespan',
};

const keepOrder = (input: Plan): { order?: string } => (input.order ? { order: input.order } : {});

function selectColumns(input: Plan, columns: Column[]): Plan {
  return { node: 'filter', input, predicate: param(true, 'bool'), columns, ...keepOrder(input) };
}

function matches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[\\^$.+?()[\]{}|]/g, '\\$&')).join('.*')}$`);
  return regex.test(name);
}

function pickColumns(columns: readonly Column[], patterns: { name: string; pos: number }[], mode: 'project-away' | 'project-keep' | 'project-reorder'): Column[] {
  for (const { name, pos } of patterns) {
    if (!name.includes('*') && !columns.some((c) => c.name === name)) {
      throw new KqlCompileError('UnknownColumn', `Unknown column '${name}'`, pos, closestNames(name, columns.map((c) => c.name)));
    }
  }
  const hit = (c: Column): boolean => patterns.some((p) => matches(p.name, c.name));
  if (mode === 'project-away') return columns.filter((c) => !hit(c));
  if (mode === 'project-keep') return columns.filter(hit);
  const front = patterns.flatMap((p) => columns.filter((c) => matches(p.name, c.name)));
  const unique = [...new Set(front)];
  return [...unique, ...columns.filter((c) => !unique.includes(c))];
}

function tableNamesOf(tables: Tabular[]): string[] | undefined {
  const names: string[] = [];
  for (const t of tables) {
    if (t.source.kind !== 'table' || t.operators.length > 0) return undefined;
    names.push(t.source.name);
  }
  return names;
}

function withSourceColumn(ctx: PlanContext, input: Plan, table: string): Plan {
  const kept = input.columns.filter((c) => c.name !== '$table');
  const exprs: Scalar[] = [param(table, 'string'), ...kept.map((c): Scalar => ({ k: 'col', sql: c.sql, type: c.type }))];
  return { node: 'select', input, exprs, columns: [ctx.column('$table', 'string'), ...kept], ...keepOrder(input) };
}

function renderInfo(visualization: string, properties: Record<string, string>, isQuerySorted: boolean): RenderInfo {
  return { visualization, title: properties.title ?? '', accumulate: properties.accumulate === 'true', isQuerySorted, kind: properties.kind ?? 'default', annotation: '', by: null, ...properties, ...('accumulate' in properties ? { accumulate: properties.accumulate === 'true' } : {}) };
}
