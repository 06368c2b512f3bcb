import type { FunctionArg, FunctionParam, Operator, QueryAst, SearchPredicate, Source, Statement, Tabular } from './ast.js';
import { OperatorParser } from './operator-parser.js';
import { closestNames } from './closest-names.js';
import { KqlCompileError } from './kql-error.js';
import { tokenize } from './lexer.js';

const OPERATOR_NAMES = ['lookup', 'where', 'filter', 'project', 'extend', 'project-away', 'project-keep', 'project-reorder', 'project-rename', 'summarize', 'distinct', 'take', 'limit', 'top', 'sort', 'order', 'count', 'join', 'union', 'mv-expand', 'parse', 'render', 'search', 'as', 'serialize', 'make-series', 'mv-apply', 'top-nested'];
// Kusto operators we know but do not compile yet: a clear `Unsupported`, not a syntax error.
const UNSUPPORTED_OPERATORS = new Set(['evaluate', 'top-hitters', 'sample', 'sample-distinct', 'reduce', 'invoke', 'fork', 'facet', 'partition', 'scan', 'consume', 'parse-where', 'project-smart', 'extend-smart', 'find', 'range']);

/** Statements, sources and the operator dispatch; clauses come from `OperatorParser`, scalars from `ExpressionParser`. */
class QueryParser extends OperatorParser {
  private tabularNames = new Set<string>();
  /** User functions whose body is tabular: `g(5)` is then a source. */
  private readonly tabularFunctions = new Set<string>();

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
    if (this.at('(') && (this.at(')', 1) || this.at(':', 2))) return this.parseFunction(name, pos);
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

  /** `(params) { [let …;] body }`; tabular parameters are table names inside the body only. */
  private parseFunction(name: string, pos: number): Statement {
    this.expect('(');
    const params: FunctionParam[] = [];
    if (!this.at(')')) {
      do params.push(this.parseParam());
      while (this.accept(','));
    }
    this.expect(')');
    this.expect('{');
    const outerNames = this.tabularNames;
    this.tabularNames = new Set(outerNames);
    for (const p of params) if (p.schema) this.tabularNames.add(p.name);
    const lets: Statement[] = [];
    for (;;) {
      while (this.accept(';'));
      if (!this.at('let')) break;
      lets.push(this.parseLet());
    }
    const tabular = this.startsTabular();
    const body = tabular ? this.parseTabular() : this.parseExpr();
    while (this.accept(';'));
    this.expect('}');
    this.tabularNames = outerNames;
    if (tabular) this.tabularFunctions.add(name);
    else this.tabularFunctions.delete(name);
    if (!this.at(';')) throw this.unexpected("';' after let");
    return { kind: 'function', name, params, lets, body, tabular, pos };
  }

  private parseParam(): FunctionParam {
    const name = this.expectIdent('a parameter name');
    this.expect(':');
    let param: FunctionParam;
    if (this.accept('(')) {
      if (this.accept('*')) param = { name: name.text, schema: '*', pos: name.pos };
      else {
        const schema: { name: string; type: string }[] = [];
        do {
          if (this.accept('*')) break;
          const column = this.expectIdent('a column name').text;
          this.expect(':');
          schema.push({ name: column, type: this.expectIdent('a type').text });
        } while (this.accept(','));
        param = { name: name.text, schema, pos: name.pos };
      }
      this.expect(')');
    } else param = { name: name.text, type: this.expectIdent('a type').text, pos: name.pos };
    return this.accept('=') ? { ...param, fallback: this.parseExpr() } : param;
  }

  /** `g(5)`, `h(VMConnection)`: arguments are tabular where a tabular expression starts. */
  private parseInvoke(): Source {
    const name = this.advance();
    this.expect('(');
    const args: FunctionArg[] = [];
    if (!this.at(')')) {
      do {
        const pos = this.peek().pos;
        if (!this.startsTabular()) args.push({ kind: 'scalar', expr: this.parseExpr() });
        else {
          const query = this.parseTabular();
          // Kusto reads a table name or a parenthesised query here, not a bare pipeline.
          if (query.operators.length > 0) throw new KqlCompileError('SyntaxError', 'A query passed to a function must be in parentheses', pos);
          args.push({ kind: 'tabular', query, pos });
        }
      } while (this.accept(','));
    }
    this.expect(')');
    return { kind: 'invoke', name: name.text, args, pos: name.pos };
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
    if (['search', 'union', 'print', 'datatable'].includes(token.text) || this.startsRange()) return true;
    if (this.at('(', 1)) return this.tabularFunctions.has(token.text);
    return this.at('|', 1) || this.tableNames.has(token.text) || this.tabularNames.has(token.text);
  }

  /** `range x from …`: `range` followed by a name and `from` (a table may be called range). */
  private startsRange(): boolean {
    return this.at('range') && this.peek(1).kind === 'ident' && this.at('from', 2);
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
        const { tables, withSource, inner } = this.parseUnionTables();
        return { kind: 'union', tables, ...(withSource ? { withSource } : {}), inner, pos: token.pos };
      }
      case 'print':
        this.advance();
        return { kind: 'print', items: this.parseNamedList(), pos: token.pos };
      case 'datatable':
        return this.parseDatatable();
      default: {
        if (this.startsRange()) return this.parseRange();
        if (this.tabularFunctions.has(token.text) && this.at('(', 1)) return this.parseInvoke();
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
    const ends = (ahead: number): boolean => this.at('|', ahead) || this.at(')', ahead) || this.at(';', ahead) || this.peek(ahead).kind === 'eof';
    if (this.at('*') && ends(1)) {
      this.advance();
      return { kind: 'term', term: '*', pos: token.pos };
    }
    if (token.kind === 'string' && ends(1)) {
      this.advance();
      return { kind: 'term', term: token.value, pos: token.pos };
    }
    return { kind: 'expr', expr: this.parseExpr() };
  }


  private parseUnionTables(): { tables: Tabular[]; withSource?: string; inner: boolean } {
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
    const kind = options.get('kind') ?? 'outer';
    if (kind !== 'outer' && kind !== 'inner') throw new KqlCompileError('SyntaxError', `union kind must be outer or inner, not '${kind}'`, this.peek().pos);
    return { tables, ...(withSource ? { withSource } : {}), inner: kind === 'inner' };
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
        const { tables, withSource, inner } = this.parseUnionTables();
        return { op: 'union', tables, ...(withSource ? { withSource } : {}), inner, pos };
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
      case 'serialize':
        return { op: 'serialize', items: this.at('|') || this.at(')') || this.at(';') || this.peek().kind === 'eof' ? [] : this.parseNamedList(), pos };
      case 'make-series':
        return this.parseMakeSeries(pos);
      case 'top-nested':
        return this.parseTopNested(pos);
      case 'mv-apply': {
        const { items, itemIndex } = this.parseMvApplyItems(pos);
        this.expect('(');
        const body = [this.parseOperator()];
        while (this.accept('|')) body.push(this.parseOperator());
        this.expect(')');
        return { op: 'mv-apply', items, ...(itemIndex ? { itemIndex } : {}), body, pos };
      }
      default:
        if (UNSUPPORTED_OPERATORS.has(token.text)) throw new KqlCompileError('Unsupported', `The '${token.text}' operator is not supported yet`, pos);
        throw new KqlCompileError('SyntaxError', `Unknown query operator '${token.text}'`, pos, closestNames(token.text, OPERATOR_NAMES));
    }
  }

}

/** Parses KQL text; table names help tell `T | ...` inside `in (...)` from a scalar list. */
export function parseKql(text: string, tableNames: ReadonlySet<string>): QueryAst {
  return new QueryParser(text, tableNames).parseQuery();
}
