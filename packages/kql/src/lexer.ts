import { KqlCompileError } from './kql-error.js';

export type TokenKind = 'ident' | 'string' | 'number' | 'timespan' | 'raw' | 'punct' | 'eof';

/** One token; `raw` carries the unparsed inside of `datetime(...)`, `timespan(...)` and `dynamic(...)`. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Decoded value: the string's content, the number, or the raw literal's inside. */
  readonly value: string;
  readonly pos: number;
}

// Longest first, so `!~` wins over `!` and `==` over `=`.
const PUNCTUATION = ['==', '!=', '<>', '<=', '>=', '=~', '!~', '..', '|', '(', ')', '[', ']', '{', '}', ',', ';', '=', '<', '>', '+', '-', '*', '/', '%', '.', ':', '!', '@'];

// Hyphenated operator names and `!`-prefixed string operators read as one word.
const HYPHENATED = new Set(['mv-expand', 'mv-apply', 'project-away', 'project-rename', 'project-keep', 'project-reorder', 'parse-where', 'make-series', 'top-nested', 'top-hitters']);
const RAW_LITERALS = new Set(['datetime', 'timespan', 'time', 'dynamic', 'guid']);
const TIMESPAN_SUFFIXES = ['microseconds', 'milliseconds', 'seconds', 'minutes', 'hours', 'days', 'microsecond', 'millisecond', 'second', 'minute', 'hour', 'day', 'ticks', 'tick', 'ms', 'micros', 'micro', 'min', 'sec', 'd', 'h', 'm', 's'];

const isIdentStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_$]/.test(c);
const isIdentPart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_$]/.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

class Lexer {
  private pos = 0;
  readonly tokens: Token[] = [];

  constructor(private readonly text: string) {}

  run(): Token[] {
    for (;;) {
      this.skipSpaceAndComments();
      if (this.pos >= this.text.length) break;
      this.tokens.push(this.next());
    }
    this.tokens.push({ kind: 'eof', text: '', value: '', pos: this.text.length });
    return this.tokens;
  }

  private skipSpaceAndComments(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '/' && t[this.pos + 1] === '/') {
        while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
      } else break;
    }
  }

  private next(): Token {
    const t = this.text;
    const start = this.pos;
    const c = t[start];
    if (c === '"' || c === "'") return this.quoted(start, start, false);
    if ((c === '@' || c === 'h' || c === 'H') && (t[start + 1] === '"' || t[start + 1] === "'")) {
      return this.quoted(start, start + 1, c === '@');
    }
    if (isDigit(c) || (c === '.' && isDigit(t[start + 1]))) return this.number(start);
    if (c === '!' && isIdentStart(t[start + 1])) {
      this.pos++;
      const word = this.word();
      return { kind: 'ident', text: `!${word}`, value: `!${word}`, pos: start };
    }
    if (isIdentStart(c)) return this.identifier(start);
    for (const p of PUNCTUATION) {
      if (t.startsWith(p, start)) {
        this.pos += p.length;
        return { kind: 'punct', text: p, value: p, pos: start };
      }
    }
    throw new KqlCompileError('SyntaxError', `Unexpected character '${c ?? ''}'`, start);
  }

  private word(): string {
    const start = this.pos;
    while (isIdentPart(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private identifier(start: number): Token {
    let word = this.word();
    const dash = /^-([a-z]+)/.exec(this.text.slice(this.pos));
    if (dash && HYPHENATED.has(`${word}-${dash[1] ?? ''}`)) {
      word = `${word}${dash[0]}`;
      this.pos += dash[0].length;
    }
    if (word === 'in' && this.text[this.pos] === '~') {
      this.pos++;
      word = 'in~';
    }
    if (RAW_LITERALS.has(word.toLowerCase())) {
      const save = this.pos;
      this.skipSpaceAndComments();
      if (this.text[this.pos] === '(') return this.raw(start, word.toLowerCase());
      this.pos = save;
    }
    return { kind: 'ident', text: word, value: word, pos: start };
  }

  /** `datetime(...)` and friends: everything up to the matching parenthesis, strings respected. */
  private raw(start: number, word: string): Token {
    const t = this.text;
    let depth = 0;
    const open = this.pos;
    for (; this.pos < t.length; this.pos++) {
      const c = t[this.pos];
      if (c === '"' || c === "'") {
        const quote = c;
        for (this.pos++; this.pos < t.length && t[this.pos] !== quote; this.pos++) if (t[this.pos] === '\\') this.pos++;
      } else if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        depth--;
        if (depth === 0) {
          this.pos++;
          return { kind: 'raw', text: word, value: t.slice(open + 1, this.pos - 1).trim(), pos: start };
        }
      }
    }
    throw new KqlCompileError('SyntaxError', `Unterminated ${word}( literal`, start);
  }

  private quoted(start: number, quotePos: number, verbatim: boolean): Token {
    const t = this.text;
    const quote = t[quotePos] ?? '"';
    let value = '';
    let i = quotePos + 1;
    for (;;) {
      const c = t[i];
      if (c === undefined || c === '\n') throw new KqlCompileError('SyntaxError', 'Unterminated string literal', start);
      if (c === quote) {
        if (verbatim && t[i + 1] === quote) {
          value += quote;
          i += 2;
          continue;
        }
        break;
      }
      if (c === '\\' && !verbatim) {
        const e = t[i + 1];
        const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '0': '\0' };
        // Kusto refuses an escaped punctuation mark; `\*` stays for the Service Map docs' sample search.
        if (e !== undefined && !(e in escapes) && e !== '*' && !/[A-Za-z0-9]/.test(e)) {
          throw new KqlCompileError('SyntaxError', `Unknown escape '\\${e}' in a string literal`, i);
        }
        value += e !== undefined && e in escapes ? (escapes[e] ?? '') : `\\${e ?? ''}`;
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    this.pos = i + 1;
    return { kind: 'string', text: t.slice(start, this.pos), value, pos: start };
  }

  private number(start: number): Token {
    const t = this.text;
    const m = /^(0x[0-9a-fA-F]+|\d*\.?\d+(?:[eE][+-]?\d+)?)/.exec(t.slice(start));
    const digits = m?.[1] ?? '';
    this.pos = start + digits.length;
    const rest = t.slice(this.pos);
    for (const suffix of TIMESPAN_SUFFIXES) {
      if (rest.startsWith(suffix) && !isIdentPart(rest[suffix.length])) {
        this.pos += suffix.length;
        return { kind: 'timespan', text: t.slice(start, this.pos), value: t.slice(start, this.pos), pos: start };
      }
    }
    if (isIdentPart(t[this.pos])) throw new KqlCompileError('SyntaxError', `Malformed number '${digits}${t[this.pos] ?? ''}'`, start);
    return { kind: 'number', text: digits, value: digits, pos: start };
  }
}

/** Splits KQL text into tokens; throws `SyntaxError` with the offset of the bad character. */
export function tokenize(text: string): Token[] {
  return new Lexer(text).run();
}
