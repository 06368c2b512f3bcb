import type { Expr, Tabular } from './ast.js';
import type { CompileOptions, KustoType } from './compiled-query.js';
import { closestNames } from './closest-names.js';
import { KqlCompileError } from './kql-error.js';
import { parseDatetimeMicros, parseDynamicText, parseTimespanMicros } from './kusto-literals.js';
import type { Column, Plan, Scalar, ScalarOp } from './plan.js';
import { callScalarFunction } from './scalar-functions.js';
import { WINDOW_FUNCTIONS, checkWindowCall } from './window-functions.js';
import { ilike, invalidRegex, termMatch } from './term-match.js';
import { alignForComparison, asString, comparable, isNumeric, numericResult, op, param, requireType } from './scalar-types.js';

/** What a scalar expression can see: the input's columns, scalar `let`s, and the options. */
export interface ScalarScope {
  readonly columns: readonly Column[];
  readonly options: CompileOptions;
  readonly scalarLets: ReadonlyMap<string, Scalar>;
  readonly planTabular: (query: Tabular) => Plan;
  /**
   * Where window functions (row_number, prev …) may appear: the serialized input's order column,
   * null when the input is not serialized, absent in operators that do not take them.
   */
  readonly rowOrder?: string | null;
  /** Inlines a call of a user function (`let f = (x:long) {…}`); undefined when `name` is none. */
  readonly userCall?: (expr: Extract<Expr, { kind: 'call' }>, scope: ScalarScope) => Scalar | undefined;
}

const COMPARISONS: Record<string, ScalarOp> = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '=~': 'eq_ci', '!~': 'ne_ci' };

// String operator → [operation, negated]. `has` and friends are term matches (term-match.ts).
const STRING_OPS: Record<string, [ScalarOp, boolean]> = {
  contains: ['contains', false], '!contains': ['contains', true], contains_cs: ['contains_cs', false], '!contains_cs': ['contains_cs', true],
  startswith: ['startswith', false], '!startswith': ['startswith', true], startswith_cs: ['startswith_cs', false], '!startswith_cs': ['startswith_cs', true],
  endswith: ['endswith', false], '!endswith': ['endswith', true], endswith_cs: ['endswith_cs', false], '!endswith_cs': ['endswith_cs', true],
  has: ['has_regex', false], '!has': ['has_regex', true], has_cs: ['has_regex', false], '!has_cs': ['has_regex', true],
  hasprefix: ['has_regex', false], '!hasprefix': ['has_regex', true], hasprefix_cs: ['has_regex', false], '!hasprefix_cs': ['has_regex', true],
  hassuffix: ['has_regex', false], '!hassuffix': ['has_regex', true], hassuffix_cs: ['has_regex', false], '!hassuffix_cs': ['has_regex', true],
  'matches regex': ['regex_match', false], like: ['like', false], notlike: ['like', true],
};

/** Type-checks one parse-tree expression against a scope and returns its typed plan form. */
export function checkScalar(expr: Expr, scope: ScalarScope): Scalar {
  switch (expr.kind) {
    case 'literal':
      return expr.type === 'null' ? param(null, 'string') : param(expr.value, expr.type);
    case 'typedLiteral':
      return typedLiteral(expr.type, expr.text, expr.pos);
    case 'name':
      return resolveName(expr.name, expr.pos, scope);
    case 'star':
      throw new KqlCompileError('SemanticError', "'*' is only allowed inside an aggregate such as arg_max(x, *)", expr.pos);
    case 'call': {
      const user = scope.userCall?.(expr, scope);
      if (user) return user;
      if (WINDOW_FUNCTIONS.has(expr.name)) return checkWindowCall(expr.name, expr.args.map((a) => checkScalar(a, scope)), expr.pos, scope.rowOrder);
      return callScalarFunction(expr.name, expr.args.map((a) => checkScalar(a, scope)), expr.pos, scope.options, expr.args);
    }
    case 'unary': {
      const operand = checkScalar(expr.operand, scope);
      if (!isNumeric(operand.type) && operand.type !== 'timespan') throw typeError(`Cannot negate a ${operand.type}`, expr.pos);
      return expr.op === '-' ? op('neg', operand.type, operand) : operand;
    }
    case 'binary':
      if (expr.left.kind === 'star') return anyColumn(expr, scope);
      return checkBinary(expr.op, checkScalar(expr.left, scope), expr.right, expr.pos, scope);
    case 'member': {
      const target = checkScalar(expr.target, scope);
      // Kusto reads `x.y` as a member only of a dynamic value; on anything else `y` is a name.
      if (target.type !== 'dynamic') throw typeError(`'.${expr.member}' needs a dynamic value, not ${target.type}`, expr.pos);
      return dynamicAccess(target, param(`$.${JSON.stringify(expr.member)}`, 'string'));
    }
    case 'index': {
      const target = checkScalar(expr.target, scope);
      const index = checkScalar(expr.index, scope);
      if (index.k !== 'param') throw typeError('Only constant indexes are supported in x[...]', expr.pos);
      const path = typeof index.value === 'number'
        ? (index.value < 0 ? `$[#${index.value}]` : `$[${index.value}]`)
        : `$.${JSON.stringify(String(index.value))}`;
      return dynamicAccess(target, param(path, 'string'));
    }
    case 'in':
      return checkIn(expr, scope);
    case 'toscalar': {
      const plan = scope.planTabular(expr.query);
      const column = plan.columns[0];
      if (!column) throw typeError('toscalar() needs a query that returns a column', expr.pos);
      return { k: 'subquery', plan, column, type: column.type };
    }
    case 'between': {
      const left = checkScalar(expr.left, scope);
      const low = checkScalar(expr.low, scope);
      const high = checkScalar(expr.high, scope);
      const inside = op('and', 'bool', comparison('ge', left, low, expr.pos), comparison('le', left, high, expr.pos));
      return expr.negated ? op('not', 'bool', inside) : inside;
    }
  }
}

/** Kusto's predicates are bool; a dynamic value used as one is converted. */
export function asBool(s: Scalar): Scalar {
  return s.type === 'dynamic' ? op('to_bool', 'bool', s) : s;
}

function typeError(message: string, pos: number): KqlCompileError {
  return new KqlCompileError('SemanticError', message, pos);
}

function typedLiteral(type: 'datetime' | 'timespan' | 'dynamic' | 'guid', text: string, pos: number): Scalar {
  switch (type) {
    case 'datetime': {
      const micros = parseDatetimeMicros(text);
      if (micros === undefined) throw new KqlCompileError('SyntaxError', `Malformed datetime literal '${text}'`, pos);
      return param(micros, 'datetime');
    }
    case 'timespan': {
      const micros = parseTimespanMicros(text);
      if (micros === undefined) throw new KqlCompileError('SyntaxError', `Malformed timespan literal '${text}'`, pos);
      return param(micros, 'timespan');
    }
    case 'dynamic':
      try {
        return op('dyn_literal', 'dynamic', param(JSON.stringify(parseDynamicText(text)), 'string'));
      } catch {
        throw new KqlCompileError('SyntaxError', `Malformed dynamic literal '${text}'`, pos);
      }
    case 'guid':
      return param(text, 'guid');
  }
}

function resolveName(name: string, pos: number, scope: ScalarScope): Scalar {
  const column = scope.columns.find((c) => c.name === name);
  if (column) return { k: 'col', sql: column.sql, type: column.type };
  const value = scope.scalarLets.get(name);
  if (value) return value;
  const known = [...scope.columns.map((c) => c.name), ...scope.scalarLets.keys()];
  throw new KqlCompileError('UnknownColumn', `Unknown column or variable '${name}'`, pos, closestNames(name, known));
}

function dynamicAccess(target: Scalar, path: Scalar): Scalar {
  const json = target.type === 'dynamic' ? target : op('parse_json', 'dynamic', asString(target));
  return op('dyn_member', 'dynamic', json, path);
}

function comparison(name: ScalarOp, a: Scalar, b: Scalar, pos: number): Scalar {
  if (!comparable(a, b)) throw typeError(`Cannot compare ${a.type} with ${b.type}`, pos);
  const [left, right] = alignForComparison(a, b);
  return op(name, 'bool', left, right);
}

function checkBinary(operator: string, left: Scalar, rightExpr: Expr, pos: number, scope: ScalarScope): Scalar {
  const right = checkScalar(rightExpr, scope);
  if (operator === 'and' || operator === 'or') {
    requireType(left, ['bool', 'dynamic'], `'${operator}'`, pos);
    requireType(right, ['bool', 'dynamic'], `'${operator}'`, pos);
    return op(operator, 'bool', asBool(left), asBool(right));
  }
  const compare = COMPARISONS[operator];
  if (compare) {
    if (compare === 'eq_ci' || compare === 'ne_ci') {
      requireTextOperands(operator, left, right, pos);
      return op(compare, 'bool', asString(left), asString(right));
    }
    if (compare !== 'eq' && compare !== 'ne' && (isText(left.type) || isText(right.type))) {
      throw typeError(`Operator '${operator}' is not defined for ${left.type} and ${right.type}`, pos);
    }
    return comparison(compare, left, right, pos);
  }
  const stringOp = STRING_OPS[operator];
  if (stringOp) {
    requireTextOperands(operator, left, right, pos);
    return stringOperator(operator, stringOp, asString(left), right, pos);
  }
  return arithmetic(operator, left, right, pos);
}

const isText = (t: string): boolean => t === 'string' || t === 'guid';
const isNullLiteral = (s: Scalar): boolean => s.k === 'param' && s.value === null;

/** Kusto defines its string operators (and `=~`) only on string and dynamic operands, not guid. */
function requireTextOperands(operator: string, left: Scalar, right: Scalar, pos: number): void {
  const ok = (s: Scalar): boolean => s.type === 'string' || s.type === 'dynamic' || isNullLiteral(s);
  if (!ok(left) || !ok(right)) throw typeError(`Operator '${operator}' is not defined for ${left.type} and ${right.type}`, pos);
}

function stringOperator(operator: string, [name, negated]: [ScalarOp, boolean], left: Scalar, right: Scalar, pos: number): Scalar {
  let result: Scalar;
  const constant = right.k === 'param' && typeof right.value === 'string' ? right.value : undefined;
  if (name === 'has_regex') {
    // A term from a column cannot be escaped at compile time; it falls back to a substring test.
    result = constant === undefined
      ? op(operator.endsWith('_cs') ? 'contains_cs' : 'contains', 'bool', left, asString(right))
      : termMatch(left, constant, operator.replace('!', ''));
  } else if (constant !== undefined && (name === 'contains' || name === 'startswith' || name === 'endswith')) {
    result = ilike(left, name === 'startswith' ? '' : '%', constant, name === 'endswith' ? '' : '%');
  } else if (name === 'like') {
    result = op('like', 'bool', left, asString(right));
  } else {
    if (right.type !== 'string' && right.type !== 'dynamic' && right.type !== 'guid' && name === 'regex_match') throw typeError('matches regex needs a string pattern', pos);
    const problem = name === 'regex_match' && constant !== undefined ? invalidRegex(constant) : undefined;
    if (problem) throw typeError(`Invalid regular expression: ${problem}`, pos);
    result = op(name, 'bool', left, asString(right));
  }
  return negated ? op('not', 'bool', result) : result;
}

function arithmetic(operator: string, left: Scalar, right: Scalar, pos: number): Scalar {
  const l = left.type;
  const r = right.type;
  if (isNumeric(l) && isNumeric(r)) {
    const type = numericResult(l, r);
    const names: Record<string, ScalarOp> = { '+': 'add', '-': 'sub', '*': 'mul', '/': type === 'real' ? 'div' : 'idiv', '%': 'mod' };
    const name = names[operator];
    if (name) return op(name, type, left, right);
  }
  if (l === 'datetime' && r === 'timespan' && (operator === '+' || operator === '-')) return op(operator === '+' ? 'ts_add' : 'ts_sub', 'datetime', left, right);
  if (l === 'timespan' && r === 'datetime' && operator === '+') return op('ts_add', 'datetime', right, left);
  if (l === 'datetime' && r === 'datetime' && operator === '-') return op('ts_diff', 'timespan', left, right);
  if (l === 'timespan' && r === 'timespan' && (operator === '+' || operator === '-')) return op(operator === '+' ? 'add' : 'sub', 'timespan', left, right);
  if (l === 'timespan' && isNumeric(r) && (operator === '*' || operator === '/')) return op('to_timespan', 'timespan', op(operator === '*' ? 'mul' : 'div', 'real', left, right));
  if (isNumeric(l) && r === 'timespan' && operator === '*') return op('to_timespan', 'timespan', op('mul', 'real', right, left));
  if (l === 'timespan' && r === 'timespan' && operator === '/') return op('div', 'real', left, right);
  if (l === 'dynamic' || r === 'dynamic') {
    return arithmetic(operator, l === 'dynamic' ? op('to_real', 'real', left) : left, r === 'dynamic' ? op('to_real', 'real', right) : right, pos);
  }
  throw typeError(`Operator '${operator}' cannot combine ${l} and ${r}`, pos);
}

function checkIn(expr: Extract<Expr, { kind: 'in' }>, scope: ScalarScope): Scalar {
  const left = checkScalar(expr.left, scope);
  const ci = expr.op.endsWith('~');
  const negated = expr.op.startsWith('!');
  if (expr.tabular) {
    const plan = scope.planTabular(expr.tabular);
    const column = plan.columns[0];
    if (!column) throw typeError('The subquery of in (...) returns no columns', expr.pos);
    return { k: 'in_plan', negated, ci, left: ci ? asString(left) : left, plan, column, type: 'bool' };
  }
  const items = expr.list.flatMap((item) => expandDynamicArray(checkScalar(item, scope)));
  if (expr.op === 'has_any' || expr.op === 'has_all') return hasAnyOrAll(expr.op, asString(left), items, expr.pos);
  if (items.length === 0) return param(negated, 'bool');
  for (const item of items) if (!ci && !comparable(left, item)) throw typeError(`Cannot compare ${left.type} with ${item.type} in 'in'`, expr.pos);
  const [first] = alignForComparison(left, items[0] ?? left);
  const probe = ci ? asString(first) : first;
  const list = items.map((item) => (ci || probe.type === 'string' ? asString(item) : item));
  const result = op(ci ? 'in_ci' : 'in', 'bool', probe, ...list);
  return negated ? op('not', 'bool', result) : result;
}

/** `in (dynamic(["a", "b"]))` lists the array's elements, as Kusto does. */
function expandDynamicArray(item: Scalar): Scalar[] {
  const json = item.k === 'op' && item.op === 'dyn_literal' ? item.args[0] : undefined;
  if (json?.k !== 'param' || typeof json.value !== 'string') return [item];
  const value: unknown = JSON.parse(json.value);
  if (!Array.isArray(value)) return [item];
  return value.map((v: unknown) => {
    if (typeof v === 'number') return param(v, Number.isInteger(v) ? 'long' : 'real');
    if (typeof v === 'boolean') return param(v, 'bool');
    return param(typeof v === 'string' ? v : JSON.stringify(v), 'string');
  });
}

function hasAnyOrAll(operator: 'has_any' | 'has_all', left: Scalar, terms: Scalar[], pos: number): Scalar {
  const matches = terms.map((term) => {
    if (term.k !== 'param' || term.value === null) throw new KqlCompileError('Unsupported', `${operator} needs constant terms`, pos);
    return termMatch(left, String(term.value), 'has');
  });
  const [first, ...rest] = matches;
  if (!first) return param(operator === 'has_all', 'bool');
  return rest.reduce((a, b) => op(operator === 'has_any' ? 'or' : 'and', 'bool', a, b), first);
}

/** `* has "x"`: the operator applied to every text and dynamic column, any one matching. */
function anyColumn(expr: Extract<Expr, { kind: 'binary' }>, scope: ScalarScope): Scalar {
  if (!(expr.op in STRING_OPS) || expr.op.startsWith('!')) throw new KqlCompileError('Unsupported', `'*' can only be searched with a string operator such as has or contains`, expr.pos);
  const text = scope.columns.filter((c) => c.type === 'string' || c.type === 'guid' || c.type === 'dynamic');
  const tests = text.map((c) => checkBinary(expr.op, asString({ k: 'col', sql: c.sql, type: c.type }), expr.right, expr.pos, scope));
  const [first, ...rest] = tests;
  return first ? rest.reduce((a, b) => op('or', 'bool', a, b), first) : param(false, 'bool');
}

export type { KustoType };
