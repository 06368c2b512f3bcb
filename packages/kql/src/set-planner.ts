import type { Expr, SearchPredicate } from './ast.js';
import { closestNames } from './closest-names.js';
import { KqlCompileError } from './kql-error.js';
import type { PlanContext } from './plan-context.js';
import type { Column, JoinKind, Plan, Scalar } from './plan.js';
import { asBool, checkScalar } from './scalar-checker.js';
import { asString, op, param, requireType } from './scalar-types.js';
import { SEARCH_TEXT_SEPARATOR, tableCatalogue } from './table-catalogue.js';
import { searchTerm, searchTextTerm, termFitsAlphabet } from './term-match.js';

const KIND_ALIASES: Record<string, JoinKind> = { anti: 'leftanti', leftantisemi: 'leftanti', rightantisemi: 'rightanti' };

/** Kusto's join: equality on key pairs; the right side's clashing names get a `1` suffix. */
export function planJoin(ctx: PlanContext, left: Plan, right: Plan, kindText: string, on: { left: string; right: string; pos: number }[]): Plan {
  const kind = KIND_ALIASES[kindText] ?? (kindText as JoinKind);
  const find = (plan: Plan, name: string, pos: number, side: string): Column => {
    const column = plan.columns.find((c) => c.name === name);
    if (!column) throw new KqlCompileError('UnknownColumn', `Unknown column '${name}' on the ${side} side of join`, pos, closestNames(name, plan.columns.map((c) => c.name)));
    return column;
  };
  const keys = on.map((k) => {
    const pair = [find(left, k.left, k.pos, 'left'), find(right, k.right, k.pos, 'right')] as const;
    if (pair[0].type !== pair[1].type) throw new KqlCompileError('SemanticError', `Join keys '${k.left}' (${pair[0].type}) and '${k.right}' (${pair[1].type}) have different types`, k.pos);
    return pair;
  });
  let columns: Column[];
  if (kind === 'leftsemi' || kind === 'leftanti') columns = [...left.columns];
  else if (kind === 'rightsemi' || kind === 'rightanti') columns = [...right.columns];
  else {
    const taken = new Set(left.columns.map((c) => c.name));
    const renamed = right.columns.map((c) => {
      let name = c.name;
      for (let n = 1; taken.has(name); n++) name = `${c.name}${n}`;
      taken.add(name);
      return { ...c, name };
    });
    columns = [...left.columns, ...renamed];
  }
  return { node: 'join', left, right, kind, on: keys, columns };
}

/**
 * `union`: columns by name in order of first appearance; a name with two types becomes
 * `name_type` on both, as Kusto does. Each input is first aligned to that column list.
 */
export function planUnion(ctx: PlanContext, inputs: Plan[], withSource: string | undefined, sourceNames: string[] | undefined, inner = false): Plan {
  const typesByName = new Map<string, Set<string>>();
  for (const input of inputs) for (const c of input.columns) typesByName.set(c.name, (typesByName.get(c.name) ?? new Set()).add(c.type));
  const outName = (c: Column): string => ((typesByName.get(c.name)?.size ?? 1) > 1 ? `${c.name}_${c.type}` : c.name);
  let shape: Column[] = [];
  for (const input of inputs) {
    for (const c of input.columns) if (!shape.some((s) => s.name === outName(c))) shape.push({ name: outName(c), type: c.type, sql: '' });
  }
  // kind=inner keeps only the columns every input has.
  if (inner) shape = shape.filter((s) => inputs.every((input) => input.columns.some((c) => outName(c) === s.name)));
  const aligned = inputs.map((input, i): Plan => {
    const exprs: Scalar[] = shape.map((s) => {
      const match = input.columns.find((c) => outName(c) === s.name);
      return match ? { k: 'col', sql: match.sql, type: match.type } : param(null, s.type);
    });
    const source = sourceNames?.[i] ?? `union_arg${i}`;
    const withTable = withSource ? [param(source, 'string'), ...exprs] : exprs;
    const columns = [...(withSource ? [ctx.column(withSource, 'string')] : []), ...shape.map((s) => ctx.column(s.name, s.type))];
    return { node: 'select', input, exprs: withTable, columns };
  });
  const first = aligned[0];
  if (!first) throw new KqlCompileError('SyntaxError', 'union needs at least one table', 0);
  if (aligned.length === 1) return first;
  return { node: 'union', inputs: aligned, columns: first.columns.map((c) => ctx.column(c.name, c.type)) };
}

/** The term's longest run without wildcards: every match has it as a substring, lower-cased. */
function searchCore(term: string): string {
  return term.replace(/\\\*/g, '*').split('*').reduce((a, b) => (b.length > a.length ? b : a), '');
}

/**
 * One search term against every text and dynamic column; `*` alone matches every row. Columns
 * whose values cannot hold one of the term's characters (ids, by the catalogue's `alphabet`) are
 * not tested: `search "sql"` has nothing to find in `m-…` or `p-…` names.
 */
function anyColumnHas(input: Plan, term: string, searchText?: Scalar): Scalar {
  if (term.replace(/\\/g, '') === '*') return param(true, 'bool');
  const searchable = input.columns.filter((c) => c.type === 'string' || c.type === 'guid' || c.type === 'dynamic');
  const alphabets = input.node === 'scan' ? new Map(input.table.columns.map((c) => [c.name, c.alphabet])) : new Map<string, string | undefined>();
  const canMatch = (c: Column): boolean => {
    const alphabet = alphabets.get(c.name);
    return alphabet === undefined || termFitsAlphabet(term, alphabet);
  };
  const anyOf = (columns: readonly Column[]): Scalar | undefined => columns
    .filter(canMatch)
    .map((c): Scalar => searchTerm(asString({ k: 'col', sql: c.sql, type: c.type }), term))
    .reduce<Scalar | undefined>((a, b) => (a ? op('or', 'bool', a, b) : b), undefined);
  const anyMatch = anyOf(searchable) ?? param(false, 'bool');
  const core = searchCore(term);
  if (core === '' || core.includes(SEARCH_TEXT_SEPARATOR) || core.includes('\u0001')) return anyMatch;
  if (searchText && input.node === 'scan' && input.table.searchText) {
    const covered = new Set(input.table.searchText.covers);
    const inText = searchTextTerm(searchText, term, core, SEARCH_TEXT_SEPARATOR);
    const uncovered = anyOf(searchable.filter((c) => !covered.has(c.name)));
    return uncovered ? op('or', 'bool', inText, uncovered) : inText;
  }
  const texts = searchable.filter(canMatch).map((c): Scalar => asString({ k: 'col', sql: c.sql, type: c.type }));
  // One lowercase pass over all columns joined by \x01 first: every term needs its letters as a
  // substring of some column, and the engine tests the per-column predicates only on the few rows
  // that pass (exact, since a term never holds \x01). Measured 1.6x faster on 300k process rows.
  if (texts.length < 2) return anyMatch;
  const joined = op('strcat_delim', 'string', param('\u0001', 'string'), ...texts);
  return op('and', 'bool', op('contains', 'bool', joined, param(core.toLowerCase(), 'string')), anyMatch);
}

/**
 * `search "a" and ("b" or * has "c")`: string literals are terms, anything else a predicate.
 * `not("c")` is Kusto's `not()` function, which needs a predicate: Kusto refuses a bare term in it.
 */
function searchCondition(ctx: PlanContext, input: Plan, expr: Expr, searchText?: Scalar): Scalar {
  if (expr.kind === 'literal' && expr.type === 'string' && typeof expr.value === 'string') return anyColumnHas(input, expr.value, searchText);
  if (expr.kind === 'binary' && (expr.op === 'and' || expr.op === 'or')) {
    return op(expr.op, 'bool', searchCondition(ctx, input, expr.left, searchText), searchCondition(ctx, input, expr.right, searchText));
  }
  const condition = checkScalar(expr, ctx.scope(input.columns));
  requireType(condition, ['bool', 'dynamic'], 'search', expr.pos);
  return asBool(condition);
}

export function searchFilter(ctx: PlanContext, input: Plan, predicate: SearchPredicate): Plan {
  // A table with a stored search text: the scan also reads that hidden column, the filter's own
  // column list (the input's) drops it again.
  const stored = input.node === 'scan' ? input.table.searchText : undefined;
  const hidden = stored?.dialects.includes(ctx.options.dialect) ? ctx.column(stored.column, 'string') : undefined;
  const source: Plan = hidden && input.node === 'scan' ? { ...input, columns: [...input.columns, hidden] } : input;
  const searchText: Scalar | undefined = hidden ? { k: 'col', sql: hidden.sql, type: 'string', bare: true } : undefined;
  const condition = predicate.kind === 'expr' ? searchCondition(ctx, input, predicate.expr, searchText) : anyColumnHas(input, predicate.term, searchText);
  return { node: 'filter', input: source, predicate: condition, columns: input.columns, ...(input.order ? { order: input.order } : {}) };
}

/**
 * `search [in (T, ...)] "term"`: each table filtered on any text column, then a union with
 * `$table` first. As an operator inside a pipeline it only filters.
 */
export function planSearch(
  ctx: PlanContext,
  tables: { name: string; pos: number }[] | null,
  predicate: SearchPredicate,
  pos: number,
  planTable: (name: string, pos: number) => Plan,
): Plan {
  const names = tables ?? [...tableCatalogue.keys()].map((name) => ({ name, pos }));
  const filtered = names.map((t) => searchFilter(ctx, planTable(t.name, t.pos), predicate));
  return planUnion(ctx, filtered, '$table', names.map((t) => t.name));
}
