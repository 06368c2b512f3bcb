import type { Operator, ParsePart, QueryAst, SearchPredicate, SortKey, Source, Statement, Tabular } from './ast.js';
import { ExpressionParser } from './expression-parser.js';
import { closestNames } from './closest-names.js';
import { KqlCompileError } from './kql-error.js';
import { tokenize } from './lexer.js';

// Operator options (`kind=inner`, `hint.strategy=shuffle` …); any other `x =` is a named expression.
const OPTION_NAMES = new Set(['kind', 'withsource', 'isfuzzy', 'bagexpansion', 'with_itemindex', 'flags', 'decodeblocks', 'itemindex']);
const OPERATOR_NAMES = ['lookup', 'where', 'filter', 'project', 'extend', 'project-away', 'project-keep', 'project-reorder', 'project-rename', 'summarize', 'distinct', 'take', 'limit', 'top', 'sort', 'order', 'count', 'join', 'union', 'mv-expand', 'parse', 'render', 'search', 'as'];
// Kusto operators we know but do not compile yet: a clear `Unsupported`, not a syntax error.
const UNSUPPORTED_OPERATORS = new Set(['make-series', 'mv-apply', 'evaluate', 'top-nested', 'top-hitters', 'serialize', 'sample', 'sample-distinct', 'reduce', 'invoke', 'fork', 'facet', 'partition', 'scan', 'consume', 'parse-where', 'project-smart', 'extend-smart', 'find', 'range']);
const JOIN_KINDS = new Set(['inner', 'innerunique', 'leftouter', 'rightouter', 'fullouter', 'leftanti', 'anti', 'leftantisemi', 'leftsemi', 'rightanti', 'rightantisemi', 'rightsemi']);

/** Statements and tabular operators; scalar expressions come from `ExpressionParser`. */
class QueryParser extends ExpressionParser {
  private readonly tabularNames = new Set<string>();

  constructor(text: string, private readonly tableNames: ReadonlySet<string>) {
    super(tokenize(text));
  }

  parseQuery(): QueryAst {
    const lets: Statement[] = [];
    for (;;) {
      while (this.accept(';'));
      if (!this.at('let')) break;
      lets.push(this.parseLet());
    }
    const body = this.parseTabular();
    while (this.accept(';'));
    if (this.peek().kind !== 'eof') throw this.unexpected("'|' or end of query");
    return { lets, body };
  }

  private parseLet(): Statement {
    const pos = this.expect('let').pos;
    const name = this.expectIdent().text;
    this.expect('=');
    if (this.at('(') && (this.at(')', 1) || this.at(':', 2))) throw new KqlCompileError('Unsupported', 'User-defined functions are not supported yet', this.peek().pos);
    if (this.at('materialize') && this.at('(', 1)) {
      // materialize() is a caching hint; the result is the same without it.
      this.advance();
      this.advance();
      const query = this.parseTabular();
      this.expect(')');
      this.tabularNames.add(name);
      if (!this.at(';')) throw this.unexpected("';' after let");
      return { kind: 'let', name, value: query, tabular: true, pos };
    }
    const tabular = this.startsTabular();
    const value = tabular ? this.parseTabular() : this.parseExpr();
    if (tabular) this.tabularNames.add(name);
    if (!this.at(';')) throw this.unexpected("';' after let");
    return { kind: 'let', name, value, tabular, pos };
  }

  protected startsTabular(): boolean {
    const token = this.peek();
    if (token.kind !== 'ident' && !this.at('(')) return false;
    if (this.at('(')) {
      // A parenthesised tabular expression, as in `x in ((search ...))`.
      const saved = this.index;
      this.advance();
      const inner = this.startsTabular();
      this.index = saved;
      return inner;
    }
    if (['search', 'union', 'print', 'datatable'].includes(token.text)) return true;
    if (this.at('(', 1)) return false;
    return this.at('|', 1) || this.tableNames.has(token.text) || this.tabularNames.has(token.text);
  }

  protected parseTabular(): Tabular {
    const source = this.parseSource();
    const operators: Operator[] = [];
    while (this.accept('|')) operators.push(this.parseOperator());
    return { source, operators };
  }

  private parseSource(): Source {
    const token = this.peek();
    if (this.accept('(')) {
      const query = this.parseTabular();
      this.expect(')');
      return { kind: 'nested', query, pos: token.pos };
    }
    if (token.kind !== 'ident' && !this.at('[')) throw this.unexpected('a table name');
    switch (token.text) {
      case 'search':
        return this.parseSearchSource();
      case 'union': {
        this.advance();
        const { tables, withSource } = this.parseUnionTables();
        return { kind: 'union', tables, ...(withSource ? { withSource } : {}), pos: token.pos };
      }
      case 'print':
        this.advance();
        return { kind: 'print', items: this.parseNamedList(), pos: token.pos };
      case 'datatable':
        return this.parseDatatable();
      default: {
        const name = this.expectIdent('a table name');
        return { kind: 'table', name: name.text, pos: name.pos };
      }
    }
  }

  private parseDatatable(): Source {
    const pos = this.advance().pos;
    this.expect('(');
    const columns: { name: string; type: string }[] = [];
    do {
      const name = this.expectIdent('a column name').text;
      this.expect(':');
      columns.push({ name, type: this.expectIdent('a type').text });
    } while (this.accept(','));
    this.expect(')');
    this.expect('[');
    const values = this.parseExprList(']');
    this.expect(']');
    return { kind: 'datatable', columns, values, pos };
  }

  private parseSearchSource(): Source {
    const pos = this.advance().pos;
    this.skipOptions();
    let tables: { name: string; pos: number }[] | null = null;
    if (this.at('in') && this.at('(', 1)) {
      this.advance();
      this.advance();
      tables = [];
      do {
        const name = this.tableName();
        tables.push({ name: name.text, pos: name.pos });
      } while (this.accept(','));
      this.expect(')');
    }
    return { kind: 'search', tables, predicate: this.parseSearchPredicate(), pos };
  }

  private parseSearchPredicate(): SearchPredicate {
    const token = this.peek();
    if (token.kind === 'string' && (this.at('|', 1) || this.at(')', 1) || this.at(';', 1) || this.peek(1).kind === 'eof')) {
      this.advance();
      return { kind: 'term', term: token.value, pos: token.pos };
    }
    return { kind: 'expr', expr: this.parseExpr() };
  }

  /** `kind=...`, `hint.x=...`, `withsource=...` style options; returns them by name. */
  private skipOptions(): Map<string, string> {
    const options = new Map<string, string>();
    const isOption = (): boolean => {
      const token = this.peek();
      if (token.kind !== 'ident') return false;
      if (token.text === 'hint' && this.at('.', 1) && this.at('=', 3)) return true;
      return OPTION_NAMES.has(token.text) && this.at('=', 1);
    };
    while (isOption()) {
      let name = this.advance().text;
      if (this.accept('.')) name += `.${this.advance().text}`;
      this.expect('=');
      const value = this.advance();
      options.set(name, value.kind === 'string' ? value.value : value.text);
    }
    return options;
  }

  /** A table name, or a pattern such as `VM*` (a `*` right after the name, no space). */
  private tableName(): { text: string; pos: number } {
    const name = this.expectIdent('a table name');
    let text = name.text;
    while (this.at('*') && this.peek().pos === name.pos + text.length) {
      this.advance();
      text += '*';
      const more = this.peek();
      if (more.kind === 'ident' && more.pos === name.pos + text.length) text += this.advance().text;
    }
    return { text, pos: name.pos };
  }

  private parseUnionTables(): { tables: Tabular[]; withSource?: string } {
    const options = this.skipOptions();
    const tables: Tabular[] = [];
    do {
      if (this.at('(')) {
        this.advance();
        tables.push(this.parseTabular());
        this.expect(')');
      } else {
        const name = this.tableName();
        tables.push({ source: { kind: 'table', name: name.text, pos: name.pos }, operators: [] });
      }
    } while (this.accept(','));
    const withSource = options.get('withsource');
    return withSource ? { tables, withSource } : { tables };
  }

  private parseOperator(): Operator {
    const token = this.peek();
    if (token.kind !== 'ident') throw this.unexpected('a query operator');
    const pos = token.pos;
    this.advance();
    switch (token.text) {
      case 'where':
      case 'filter':
        return { op: 'where', predicate: this.parseExpr(), pos };
      case 'project':
        return { op: 'project', items: this.parseNamedList(), pos };
      case 'extend':
        return { op: 'extend', items: this.parseNamedList(), pos };
      case 'project-away':
      case 'project-keep':
      case 'project-reorder':
        return { op: token.text, patterns: this.parseNamePatterns(), pos };
      case 'project-rename':
        return { op: 'project-rename', renames: this.parseRenames(), pos };
      case 'summarize':
        return this.parseSummarize(pos);
      case 'distinct':
        return { op: 'distinct', items: this.parseNamedList(), pos };
      case 'take':
      case 'limit':
        return { op: 'take', count: this.parseExpr(), pos };
      case 'top': {
        const count = this.parseExpr();
        this.expect('by');
        return { op: 'top', count, key: this.parseSortKey(), pos };
      }
      case 'sort':
      case 'order': {
        this.expect('by');
        const keys = [this.parseSortKey()];
        while (this.accept(',')) keys.push(this.parseSortKey());
        return { op: 'sort', keys, pos };
      }
      case 'count':
        return { op: 'count', pos };
      case 'join':
        return this.parseJoin(pos, false);
      case 'lookup':
        return this.parseJoin(pos, true);
      case 'union': {
        const { tables, withSource } = this.parseUnionTables();
        return { op: 'union', tables, ...(withSource ? { withSource } : {}), pos };
      }
      case 'mv-expand':
        return this.parseMvExpand(pos);
      case 'parse':
        return this.parseParse(pos);
      case 'render':
        return this.parseRender(pos);
      case 'search':
        this.skipOptions();
        return { op: 'search', kind: 'search', predicate: this.parseSearchPredicate(), pos };
      case 'as':
        return { op: 'as', name: this.expectIdent().text, pos };
      case 'getschema':
        return { op: 'getschema', pos };
      default:
        if (UNSUPPORTED_OPERATORS.has(token.text)) throw new KqlCompileError('Unsupported', `The '${token.text}' operator is not supported yet`, pos);
        throw new KqlCompileError('SyntaxError', `Unknown query operator '${token.text}'`, pos, closestNames(token.text, OPERATOR_NAMES));
    }
  }

  private parseNamePatterns(): { name: string; pos: number }[] {
    const patterns: { name: string; pos: number }[] = [];
    do {
      const pos = this.peek().pos;
      let name = '';
      let end = pos;
      // Wildcards: `*_s` or `Links*` are adjacent tokens with no space between them.
      while ((this.peek().kind === 'ident' || this.at('*')) && this.peek().pos === end) {
        const token = this.advance();
        name += token.text;
        end = token.pos + token.text.length;
      }
      if (name === '') name = this.expectIdent('a column name').text;
      patterns.push({ name, pos });
    } while (this.accept(','));
    return patterns;
  }

  private parseRenames(): { name: string; from: string; pos: number }[] {
    const renames: { name: string; from: string; pos: number }[] = [];
    do {
      const name = this.expectIdent('a column name');
      this.expect('=');
      const from = this.expectIdent('a column name');
      renames.push({ name: name.text, from: from.text, pos: from.pos });
    } while (this.accept(','));
    return renames;
  }

  private parseSummarize(pos: number): Operator {
    this.skipOptions();
    const aggregates = this.at('by') || this.at('|') || this.peek().kind === 'eof' ? [] : this.parseNamedList();
    const by = this.accept('by') ? this.parseNamedList() : [];
    return { op: 'summarize', aggregates, by, pos };
  }

  private parseSortKey(): SortKey {
    const expr = this.parseExpr();
    let desc = true;
    if (this.accept('asc')) desc = false;
    else this.accept('desc');
    if (this.accept('nulls')) {
      if (this.accept('first')) return { expr, desc, nullsFirst: true };
      this.expect('last');
      return { expr, desc, nullsFirst: false };
    }
    return { expr, desc };
  }

  private parseJoin(pos: number, lookup: boolean): Operator {
    const options = this.skipOptions();
    const kind = options.get('kind') ?? (lookup ? 'leftouter' : 'innerunique');
    if (lookup && kind !== 'leftouter' && kind !== 'inner') throw new KqlCompileError('SyntaxError', `lookup kind must be leftouter or inner, not '${kind}'`, pos);
    if (!JOIN_KINDS.has(kind)) throw new KqlCompileError('SyntaxError', `Unknown join kind '${kind}'`, pos);
    let right: Tabular;
    if (this.accept('(')) {
      right = this.parseTabular();
      this.expect(')');
    } else {
      const name = this.expectIdent('a table name');
      right = { source: { kind: 'table', name: name.text, pos: name.pos }, operators: [] };
    }
    this.expect('on');
    const on: { left: string; right: string; pos: number }[] = [];
    do {
      const keyPos = this.peek().pos;
      if (this.at('$left') || this.at('$right')) {
        const first = this.sideColumn();
        this.expect('==');
        const second = this.sideColumn();
        const left = first.side === '$left' ? first.name : second.name;
        const rightName = first.side === '$left' ? second.name : first.name;
        on.push({ left, right: rightName, pos: keyPos });
      } else {
        const name = this.expectIdent('a join column').text;
        on.push({ left: name, right: name, pos: keyPos });
      }
    } while (this.accept(',') || this.accept('and'));
    return { op: 'join', kind, right, on, lookup, pos };
  }

  private sideColumn(): { side: string; name: string } {
    const side = this.advance().text;
    this.expect('.');
    return { side, name: this.expectIdent('a column name').text };
  }

  private parseMvExpand(pos: number): Operator {
    this.skipOptions();
    const item = this.parseNamedExpr();
    let toType: string | undefined;
    if (this.accept('to')) {
      this.expect('typeof');
      this.expect('(');
      toType = this.expectIdent('a type').text;
      this.expect(')');
    }
    return { op: 'mv-expand', item, ...(toType ? { toType } : {}), pos };
  }

  private parseParse(pos: number): Operator {
    this.skipOptions();
    const source = this.parseExpr();
    this.expect('with');
    const pattern: ParsePart[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind === 'string') pattern.push({ kind: 'text', text: this.advance().value });
      else if (this.accept('*')) pattern.push({ kind: 'column', name: '', type: 'string' });
      else if (token.kind === 'ident') {
        const name = this.advance().text;
        const type = this.accept(':') ? this.expectIdent('a type').text : 'string';
        pattern.push({ kind: 'column', name, type });
      } else break;
    }
    return { op: 'parse', source, pattern, pos };
  }

  private parseRender(pos: number): Operator {
    const visualization = this.expectIdent('a visualization').text;
    const properties: Record<string, string> = {};
    if (this.accept('with')) {
      this.expect('(');
      do {
        const key = this.expectIdent('a property').text;
        this.expect('=');
        const value = this.advance();
        properties[key] = value.kind === 'string' ? value.value : value.text;
      } while (this.accept(','));
      this.expect(')');
    }
    return { op: 'render', visualization, properties, pos };
  }
}

/** Parses KQL text; table names help tell `T | ...` inside `in (...)` from a scalar list. */
export function parseKql(text: string, tableNames: ReadonlySet<string>): QueryAst {
  return new QueryParser(text, tableNames).parseQuery();
}
