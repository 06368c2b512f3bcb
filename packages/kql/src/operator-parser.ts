import type { Expr, MakeSeries, MvApplyItem, Operator, ParsePart, SortKey, Tabular, TopNestedLevel } from './ast.js';
import { ExpressionParser } from './expression-parser.js';
import { KqlCompileError } from './kql-error.js';

// Operator options (`kind=inner`, `hint.strategy=shuffle` …); any other `x =` is a named expression.
/** Render properties whose value is a list of column names. */
const LIST_PROPERTIES = new Set(['ycolumns', 'series', 'anomalycolumns']);

// Kusto's render kinds, as its own parser lists them.
const VISUALIZATIONS = new Set(['table', 'list', 'barchart', 'piechart', 'ladderchart', 'timechart', 'linechart', 'anomalychart', 'pivotchart',
  'areachart', 'stackedareachart', 'scatterchart', 'timepivot', 'columnchart', 'timeline', '3Dchart', 'card', 'treemap', 'plotly', 'graph', 'sankey']);
const OPTION_NAMES = new Set(['kind', 'withsource', 'isfuzzy', 'bagexpansion', 'with_itemindex', 'flags', 'decodeblocks', 'itemindex']);
const JOIN_KINDS = new Set(['inner', 'innerunique', 'leftouter', 'rightouter', 'fullouter', 'leftanti', 'anti', 'leftantisemi', 'leftsemi', 'rightanti', 'rightantisemi', 'rightsemi']);

/** The clauses of the larger tabular operators (join, mv-expand, parse, render, sort keys, options). */
export abstract class OperatorParser extends ExpressionParser {
  /** `kind=...`, `hint.x=...`, `withsource=...` style options; returns them by name. */
  protected skipOptions(): Map<string, string> {
    const options = new Map<string, string>();
    const isOption = (): boolean => {
      const token = this.peek();
      if (token.kind !== 'ident') return false;
      if (token.text === 'hint' && this.at('.', 1) && this.at('=', 3)) return true;
      return OPTION_NAMES.has(token.text) && this.at('=', 1);
    };
    while (isOption()) {
      const at = this.peek().pos;
      let name = this.advance().text;
      if (this.accept('.')) name += `.${this.advance().text}`;
      if (options.has(name)) throw new KqlCompileError('SyntaxError', `The option '${name}' is already given`, at);
      this.expect('=');
      const value = this.advance();
      options.set(name, value.kind === 'string' ? value.value : value.text);
    }
    return options;
  }

  /** A table name, or a pattern such as `VM*` (a `*` right after the name, no space). */
  protected tableName(): { text: string; pos: number } {
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

  protected parseNamePatterns(): { name: string; pos: number }[] {
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

  protected parseRenames(): { name: string; from: string; pos: number }[] {
    const renames: { name: string; from: string; pos: number }[] = [];
    do {
      const name = this.expectIdent('a column name');
      this.expect('=');
      const from = this.expectIdent('a column name');
      renames.push({ name: name.text, from: from.text, pos: from.pos });
    } while (this.accept(','));
    return renames;
  }

  protected parseSummarize(pos: number): Operator {
    this.skipOptions();
    const aggregates = this.at('by') || this.at('|') || this.peek().kind === 'eof' ? [] : this.parseNamedList();
    const by = this.accept('by') ? this.parseNamedList() : [];
    return { op: 'summarize', aggregates, by, pos };
  }

  protected parseSortKey(): SortKey {
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

  protected parseJoin(pos: number, lookup: boolean): Operator {
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

  protected sideColumn(): { side: string; name: string } {
    const side = this.advance().text;
    this.expect('.');
    return { side, name: this.expectIdent('a column name').text };
  }

  protected parseMvExpand(pos: number): Operator {
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

  /** `mv-apply [with_itemindex = I] [Name =] Array [to typeof(T)], … on`; the subquery follows. */
  protected parseMvApplyItems(pos: number): { items: MvApplyItem[]; itemIndex?: string } {
    const itemIndex = this.skipOptions().get('with_itemindex');
    const items: MvApplyItem[] = [];
    do {
      const item = this.parseNamedExpr();
      if (this.accept('to')) {
        this.expect('typeof');
        this.expect('(');
        items.push({ item, toType: this.expectIdent('a type').text });
        this.expect(')');
      } else items.push({ item });
    } while (this.accept(','));
    if (this.at('limit')) throw new KqlCompileError('Unsupported', 'mv-apply limit is not supported yet', this.peek().pos);
    this.expect('on');
    if (items.length > 1) throw new KqlCompileError('Unsupported', 'mv-apply of several arrays is not supported yet', pos);
    return { items, ...(itemIndex ? { itemIndex } : {}) };
  }

  /** `top-nested [N] of [Name =] Expr [with others = C] by [Name =] Agg [asc|desc]`, joined by `, top-nested`. */
  protected parseTopNested(first: number): Operator {
    const levels: TopNestedLevel[] = [];
    let pos = first;
    for (;;) {
      const count = this.at('of') ? undefined : this.parseExpr();
      this.expect('of');
      const of = this.parseNamedExpr();
      let others: Expr | undefined;
      if (this.accept('with')) {
        this.expect('others');
        this.expect('=');
        others = this.parseExpr();
      }
      this.expect('by');
      const by = this.parseNamedExpr();
      let desc = true;
      if (this.accept('asc')) desc = false;
      else this.accept('desc');
      levels.push({ ...(count ? { count } : {}), of, ...(others ? { others } : {}), by, desc, pos });
      if (!(this.at(',') && this.at('top-nested', 1))) break;
      this.advance();
      pos = this.advance().pos;
    }
    return { op: 'top-nested', levels, pos: first };
  }

  protected parseParse(pos: number): Operator {
    this.skipOptions();
    const source = this.parseExpr();
    this.expect('with');
    const pattern: ParsePart[] = [];
    for (;;) {
      const token = this.peek();
      const previous = pattern[pattern.length - 1];
      // Kusto's pattern rules: a column or * follows a string literal (or starts the pattern),
      // * never follows an untyped string column, and a name is extracted once.
      const afterText = previous === undefined || previous.kind === 'text';
      if (token.kind === 'string') pattern.push({ kind: 'text', text: this.advance().value });
      else if (this.at('*')) {
        if (!afterText && (previous.name === '' || previous.type === 'string')) {
          throw new KqlCompileError('SyntaxError', previous.name === '' ? 'A string literal must follow a *' : `'*' after the string column '${previous.name}' is ambiguous`, token.pos);
        }
        this.advance();
        pattern.push({ kind: 'column', name: '', type: 'string' });
      } else if (token.kind === 'ident') {
        if (!afterText) throw new KqlCompileError('SyntaxError', `The column '${token.text}' must follow a string literal`, token.pos);
        const name = this.advance().text;
        if (pattern.some((p) => p.kind === 'column' && p.name === name)) throw new KqlCompileError('SemanticError', `The column '${name}' is already extracted`, token.pos);
        const type = this.accept(':') ? this.expectIdent('a type').text : 'string';
        pattern.push({ kind: 'column', name, type });
      } else break;
    }
    return { op: 'parse', source, pattern, pos };
  }

  /** `make-series [kind=nonempty] [Name =] Agg [default = d], … on Axis [from A] [to B] step S [by …]` (or `in range(A, B, S)`). */
  protected parseMakeSeries(pos: number): Operator {
    const options = this.skipOptions();
    const kind = options.get('kind');
    if (kind !== undefined && kind !== 'nonempty') throw new KqlCompileError('SyntaxError', `make-series kind must be nonempty, not '${kind}'`, pos);
    const aggregates: MakeSeries['aggregates'][number][] = [];
    do {
      const item = this.parseNamedExpr();
      if (this.accept('default')) {
        this.expect('=');
        aggregates.push({ item, fallback: this.parseExpr() });
      } else aggregates.push({ item });
    } while (this.accept(','));
    this.expect('on');
    // A bare axis name is read up to `in` for the alternate syntax `on Axis in range(A, B, S)`.
    const axisName = this.peek().kind === 'ident' && this.at('in', 1) ? this.expectIdent() : undefined;
    const axis: Expr = axisName ? { kind: 'name', name: axisName.text, pos: axisName.pos } : this.parseExpr();
    let from: Expr | undefined;
    let to: Expr | undefined;
    let step: Expr;
    const inRange = this.accept('in');
    if (inRange) {
      this.expect('range');
      this.expect('(');
      from = this.parseExpr();
      this.expect(',');
      to = this.parseExpr();
      this.expect(',');
      step = this.parseExpr();
      this.expect(')');
    } else {
      from = this.accept('from') ? this.parseExpr() : undefined;
      to = this.accept('to') ? this.parseExpr() : undefined;
      this.expect('step');
      step = this.parseExpr();
    }
    const by = this.accept('by') ? this.parseNamedList() : [];
    const series: MakeSeries = { aggregates, axis, ...(from ? { from } : {}), ...(to ? { to } : {}), step, by, nonempty: kind === 'nonempty', inRange };
    return { op: 'make-series', series, pos };
  }

  /** `range Name from A to B step S`, a source. */
  protected parseRange(): Tabular['source'] {
    const pos = this.advance().pos;
    const name = this.expectIdent('a column name').text;
    this.expect('from');
    const from = this.parseExpr();
    this.expect('to');
    const to = this.parseExpr();
    this.expect('step');
    return { kind: 'range', name, from, to, step: this.parseExpr(), pos };
  }

  protected parseRender(pos: number): Operator {
    const token = this.expectIdent('a visualization');
    const visualization = token.text;
    if (!VISUALIZATIONS.has(visualization)) {
      throw new KqlCompileError('SyntaxError', `Unknown visualization '${visualization}'; expected one of ${[...VISUALIZATIONS].join(', ')}`, token.pos);
    }
    const properties: Record<string, string> = {};
    if (this.accept('with')) {
      this.expect('(');
      do {
        const key = this.expectIdent('a property').text;
        this.expect('=');
        const value = this.advance();
        const values = [value.kind === 'string' ? value.value : value.text];
        // `ycolumns = a, b` and `series = a, b` list columns: a name after a comma belongs to the
        // list unless `=` follows it (then it is the next property).
        if (LIST_PROPERTIES.has(key)) {
          while (this.at(',') && this.peek(1).kind === 'ident' && !this.at('=', 2)) {
            this.advance();
            values.push(this.advance().text);
          }
        }
        properties[key] = values.join(',');
      } while (this.accept(','));
      this.expect(')');
    }
    return { op: 'render', visualization, properties, pos };
  }
}
