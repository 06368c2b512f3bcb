import type { Operator, Source } from './ast.js';
import { KqlCompileError } from './kql-error.js';
import { inferredName, type PlanContext } from './plan-context.js';
import type { Column, Plan, Scalar } from './plan.js';
import { checkScalar } from './scalar-checker.js';
import { asString, kustoTypeName, op, param } from './scalar-types.js';

/** `print` and `datatable`: rows written in the query itself. */
export function planValues(ctx: PlanContext, source: Extract<Source, { kind: 'print' | 'datatable' }>): Plan {
  const scope = ctx.scope([]);
  if (source.kind === 'print') {
    const exprs = source.items.map((item) => checkScalar(item.expr, scope));
    const columns = source.items.map((item, i) => ctx.column(item.name ?? inferredName(item.expr) ?? `print_${i}`, exprs[i]?.type ?? 'string'));
    return { node: 'values', rows: [exprs], columns };
  }
  const columns = source.columns.map((c) => {
    const type = kustoTypeName(c.type);
    if (!type) throw new KqlCompileError('SemanticError', `Unknown type '${c.type}'`, source.pos);
    return ctx.column(c.name, type);
  });
  if (source.values.length % columns.length !== 0) throw new KqlCompileError('SemanticError', 'datatable values do not fill whole rows', source.pos);
  const rows: Scalar[][] = [];
  for (let i = 0; i < source.values.length; i += columns.length) {
    rows.push(columns.map((c, j) => {
      const value = checkScalar(source.values[i + j] ?? { kind: 'literal', type: 'null', value: null, pos: source.pos }, scope);
      if (value.k === 'param' && value.value === null) return param(null, c.type);
      return value.type === c.type ? value : convert(value, c);
    }));
  }
  return { node: 'values', rows, columns };
}

function convert(value: Scalar, column: Column): Scalar {
  switch (column.type) {
    case 'string':
    case 'guid':
      return asString(value);
    case 'int':
      return op('to_int', 'int', value);
    case 'long':
      return op('to_long', 'long', value);
    case 'real':
    case 'decimal':
      return op('to_real', 'real', value);
    case 'bool':
      return op('to_bool', 'bool', value);
    case 'datetime':
      return op('to_datetime', 'datetime', value);
    case 'timespan':
      return op('to_timespan', 'timespan', value);
    case 'dynamic':
      return op('parse_json', 'dynamic', asString(value));
  }
}

const escapeRegex = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/**
 * `parse x with "a" Col:type "b" *`: one anchored regular expression; each column is a lazy group
 * (the last one takes the rest), so a row that does not match gets empty columns, as in Kusto.
 */
export function planParse(ctx: PlanContext, input: Plan, operator: Extract<Operator, { op: 'parse' }>): Plan {
  const source = asString(checkScalar(operator.source, ctx.scope(input.columns)));
  let regex = '(?s)^';
  const captures: { name: string; type: string; group: number }[] = [];
  operator.pattern.forEach((part, i) => {
    const last = i === operator.pattern.length - 1;
    if (part.kind === 'text') regex += escapeRegex(part.text);
    else if (part.name === '') regex += last ? '.*' : '.*?';
    else {
      regex += last ? '(.*)' : '(.*?)';
      captures.push({ name: part.name, type: part.type, group: captures.length + 1 });
    }
  });
  if (captures.length === 0) throw new KqlCompileError('SemanticError', 'parse needs at least one column to extract', operator.pos);
  let columns = [...input.columns];
  const exprs: Scalar[] = columns.map((c) => ({ k: 'col', sql: c.sql, type: c.type }));
  for (const capture of captures) {
    const type = kustoTypeName(capture.type);
    if (!type) throw new KqlCompileError('SemanticError', `Unknown type '${capture.type}'`, operator.pos);
    const text = op('extract', 'string', source, param(regex, 'string'), param(capture.group, 'long'));
    const column = ctx.column(capture.name, type);
    const expr = type === 'string' ? text : convert(text, column);
    const existing = columns.findIndex((c) => c.name === capture.name);
    if (existing >= 0) {
      columns = columns.map((c, i) => (i === existing ? column : c));
      exprs[existing] = expr;
    } else {
      columns.push(column);
      exprs.push(expr);
    }
  }
  return { node: 'select', input, exprs, columns, ...(input.order ? { order: input.order } : {}) };
}
