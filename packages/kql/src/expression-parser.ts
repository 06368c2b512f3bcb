import type { Expr, NamedExpr, Tabular } from './ast.js';
import { KqlCompileError } from './kql-error.js';
import { TokenCursor } from './token-cursor.js';

const COMPARISON = new Set(['==', '!=', '<>', '<', '<=', '>', '>=', '=~', '!~']);
const STRING_OPERATORS = new Set([
  'contains', '!contains', 'contains_cs', '!contains_cs', 'has', '!has', 'has_cs', '!has_cs',
  'hasprefix', '!hasprefix', 'hasprefix_cs', '!hasprefix_cs', 'hassuffix', '!hassuffix', 'hassuffix_cs', '!hassuffix_cs',
  'startswith', '!startswith', 'startswith_cs', '!startswith_cs', 'endswith', '!endswith', 'endswith_cs', '!endswith_cs',
  'like', 'notlike',
]);
const IN_OPERATORS = new Set(['in', '!in', 'in~', '!in~', 'has_any', 'has_all']);

/** Scalar expressions, by precedence: or, and, comparison, additive, multiplicative, unary, postfix. */
export abstract class ExpressionParser extends TokenCursor {
  /** Parses a tabular expression (for `x in (T | ...)`); the subclass knows the operators. */
  protected abstract parseTabular(): Tabular;
  /** Whether a tabular expression starts here rather than a scalar one. */
  protected abstract startsTabular(): boolean;

  parseExpr(): Expr {
    let left = this.parseAnd();
    while (this.at('or')) {
      const pos = this.advance().pos;
      left = { kind: 'binary', op: 'or', left, right: this.parseAnd(), pos };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseComparison();
    while (this.at('and')) {
      const pos = this.advance().pos;
      left = { kind: 'binary', op: 'and', left, right: this.parseComparison(), pos };
    }
    return left;
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const token = this.peek();
    if (token.kind === 'punct' && COMPARISON.has(token.text)) {
      this.advance();
      return { kind: 'binary', op: token.text === '<>' ? '!=' : token.text, left, right: this.parseAdditive(), pos: token.pos };
    }
    if (token.kind !== 'ident') return left;
    if (STRING_OPERATORS.has(token.text)) {
      this.advance();
      return { kind: 'binary', op: token.text, left, right: this.parseAdditive(), pos: token.pos };
    }
    if (token.text === 'matches' && this.at('regex', 1)) {
      this.advance();
      this.advance();
      return { kind: 'binary', op: 'matches regex', left, right: this.parseAdditive(), pos: token.pos };
    }
    if (IN_OPERATORS.has(token.text)) {
      this.advance();
      return this.parseInList(token.text, left, token.pos);
    }
    if (token.text === 'between' || token.text === '!between') {
      this.advance();
      this.expect('(');
      const low = this.parseAdditive();
      this.expect('..');
      const high = this.parseAdditive();
      this.expect(')');
      return { kind: 'between', negated: token.text === '!between', left, low, high, pos: token.pos };
    }
    return left;
  }

  private parseInList(op: string, left: Expr, pos: number): Expr {
    this.expect('(');
    if (this.startsTabular()) {
      const tabular = this.parseTabular();
      this.expect(')');
      return { kind: 'in', op, left, list: [], tabular, pos };
    }
    const list = this.parseExprList(')');
    this.expect(')');
    return { kind: 'in', op, left, list, pos };
  }

  protected parseExprList(end: string): Expr[] {
    const list: Expr[] = [];
    if (this.at(end)) return list;
    do list.push(this.parseExpr());
    while (this.accept(','));
    return list;
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.at('+') || this.at('-')) {
      const token = this.advance();
      left = { kind: 'binary', op: token.text, left, right: this.parseMultiplicative(), pos: token.pos };
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.at('*') || this.at('/') || this.at('%')) {
      const token = this.advance();
      left = { kind: 'binary', op: token.text, left, right: this.parseUnary(), pos: token.pos };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (this.at('-') || this.at('+')) {
      const token = this.advance();
      return { kind: 'unary', op: token.text === '-' ? '-' : '+', operand: this.parseUnary(), pos: token.pos };
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Expr {
    let expr = this.parsePrimary();
    for (;;) {
      if (this.at('.') && this.peek(1).kind === 'ident') {
        const pos = this.advance().pos;
        expr = { kind: 'member', target: expr, member: this.advance().text, pos };
      } else if (this.at('[')) {
        const pos = this.advance().pos;
        const index = this.parseExpr();
        this.expect(']');
        expr = { kind: 'index', target: expr, index, pos };
      } else return expr;
    }
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    switch (token.kind) {
      case 'string':
        this.advance();
        return { kind: 'literal', type: 'string', value: this.concatenatedStrings(token.value), pos: token.pos };
      case 'number': {
        this.advance();
        const isReal = /[.eE]/.test(token.value) && !token.value.startsWith('0x');
        return { kind: 'literal', type: isReal ? 'real' : 'long', value: isReal ? Number(token.value) : longValue(token.value, token.pos), pos: token.pos };
      }
      case 'timespan':
        this.advance();
        return { kind: 'typedLiteral', type: 'timespan', text: token.value, pos: token.pos };
      case 'raw':
        this.advance();
        return this.rawLiteral(token.text, token.value, token.pos);
      case 'ident':
        return this.parseNameOrCall();
      case 'punct':
        if (token.text === '(') {
          this.advance();
          const inner = this.parseExpr();
          this.expect(')');
          return inner;
        }
        if (token.text === '*') {
          this.advance();
          return { kind: 'star', pos: token.pos };
        }
        if (token.text === '[' && this.peek(1).kind === 'string') {
          const name = this.expectIdent();
          return { kind: 'name', name: name.text, pos: name.pos };
        }
        throw this.unexpected('an expression');
      case 'eof':
        throw this.unexpected('an expression');
    }
  }

  /** Kusto joins adjacent string literals: `"a" "b"` is `"ab"`. */
  private concatenatedStrings(first: string): string {
    let value = first;
    while (this.peek().kind === 'string') value += this.advance().value;
    return value;
  }

  private rawLiteral(word: string, text: string, pos: number): Expr {
    if (word === 'time') word = 'timespan';
    if (/^null$/i.test(text)) return { kind: 'literal', type: 'null', value: null, pos };
    if (word === 'datetime' || word === 'timespan' || word === 'dynamic' || word === 'guid') {
      return { kind: 'typedLiteral', type: word, text, pos };
    }
    throw new KqlCompileError('SyntaxError', `Unknown literal ${word}(...)`, pos);
  }

  private parseNameOrCall(): Expr {
    const token = this.advance();
    if (token.text.startsWith('!')) throw new KqlCompileError('SyntaxError', `Unexpected '${token.text}'`, token.pos);
    if (token.text === 'null' && !this.at('(')) return { kind: 'literal', type: 'null', value: null, pos: token.pos };
    if (token.text === 'true' || token.text === 'false') return { kind: 'literal', type: 'bool', value: token.text === 'true', pos: token.pos };
    if (token.text === 'toscalar' && this.at('(')) {
      this.advance();
      const query = this.parseTabular();
      this.expect(')');
      return { kind: 'toscalar', query, pos: token.pos };
    }
    if (this.at('(')) {
      this.advance();
      const args = this.parseExprList(')');
      this.expect(')');
      return { kind: 'call', name: token.text, args, pos: token.pos };
    }
    return { kind: 'name', name: token.text, pos: token.pos };
  }

  /** `[Name =] expr`, as in project, extend and summarize. */
  protected parseNamedExpr(): NamedExpr {
    const pos = this.peek().pos;
    if ((this.peek().kind === 'ident' || this.at('[')) && (this.at('=', 1) || (this.at('[') && this.at('=', 3)))) {
      const name = this.expectIdent();
      this.expect('=');
      return { name: name.text, expr: this.parseExpr(), pos };
    }
    return { expr: this.parseExpr(), pos };
  }

  protected parseNamedList(): NamedExpr[] {
    const items = [this.parseNamedExpr()];
    while (this.accept(',')) items.push(this.parseNamedExpr());
    return items;
  }
}

const LONG_MAX = 2n ** 63n - 1n;

/**
 * A long literal: a number while it is exact in JavaScript, else its decimal text, which the
 * dialects cast to a 64-bit integer (so 9223372036854775807 reaches SQL exactly).
 */
function longValue(text: string, pos: number): number | string {
  const value = BigInt(text);
  if (value > LONG_MAX) throw new KqlCompileError('SyntaxError', `The long literal ${text} is out of range (at most ${LONG_MAX})`, pos);
  return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
}
