import { KqlCompileError } from './kql-error.js';
import type { Token } from './lexer.js';

/** A position in the token list with the few moves a recursive-descent parser needs. */
export class TokenCursor {
  protected index = 0;

  constructor(protected readonly tokens: readonly Token[]) {}

  protected peek(ahead = 0): Token {
    const last = this.tokens[this.tokens.length - 1];
    if (!last) throw new KqlCompileError('SyntaxError', 'Empty query', 0);
    return this.tokens[this.index + ahead] ?? last;
  }

  protected advance(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  /** True when the next token is this punctuation or (case-sensitive, as Kusto) this keyword. */
  protected at(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return (token.kind === 'punct' || token.kind === 'ident') && token.text === text;
  }

  protected accept(text: string): boolean {
    if (!this.at(text)) return false;
    this.advance();
    return true;
  }

  protected expect(text: string): Token {
    if (!this.at(text)) throw this.unexpected(`'${text}'`);
    return this.advance();
  }

  protected expectIdent(what = 'a name'): Token {
    const token = this.peek();
    if (token.kind === 'ident' && !token.text.startsWith('!')) return this.advance();
    // `['name with spaces']` is Kusto's quoted identifier.
    if (this.at('[') && this.peek(1).kind === 'string' && this.at(']', 2)) {
      this.advance();
      const name = this.advance();
      this.advance();
      return { ...name, kind: 'ident', text: name.value };
    }
    throw this.unexpected(what);
  }

  protected unexpected(expected: string): KqlCompileError {
    const token = this.peek();
    const found = token.kind === 'eof' ? 'end of query' : `'${token.text}'`;
    return new KqlCompileError('SyntaxError', `Expected ${expected} but found ${found}`, token.pos);
  }
}
