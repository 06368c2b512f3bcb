import type { CompiledQuery, KustoType, ResultColumn } from './compiled-query.js';
import type { Column, Plan, Scalar } from './plan.js';
import type { Dialect } from './sql-dialect.js';
import { WORKSPACE_COLUMN } from './table-catalogue.js';

type ParamValue = string | number | boolean | null;

/**
 * Renders a plan as one statement: each plan node becomes a CTE (`q1`, `q2` …) over the one
 * before, and the final SELECT converts each column to its wire form. Column names in SQL are the
 * plan's aliases; table and stored column names come from the catalogue; values are parameters.
 */
class SqlRenderer {
  private readonly ctes: string[] = [];
  readonly params: ParamValue[] = [];
  private readonly paramIndex = new Map<string, number>();
  private readonly rendered = new Map<Plan, string>();

  constructor(private readonly dialect: Dialect) {}

  finish(plan: Plan): { sql: string; columns: ResultColumn[] } {
    const last = this.node(plan);
    const select = plan.columns.map((c, i) => `${this.dialect.wire(c.sql, c.type)} AS ${this.outputName(c, i)}`).join(', ');
    const order = plan.order ? ` ORDER BY ${plan.order}` : '';
    const sql = `WITH ${this.ctes.join(',\n')}\nSELECT ${select} FROM ${last}${order}`;
    return { sql, columns: plan.columns.map((c) => ({ name: c.name, type: c.type })) };
  }

  /** Output names are plain identifiers only; anything else is left to the positional `columns`. */
  private outputName(column: Column, index: number): string {
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(column.name) ? this.dialect.quote(column.name) : `col${index + 1}`;
  }

  private param(value: ParamValue, type: KustoType): string {
    if (value === null) return this.dialect.nullOf(type);
    const key = `${type}:${JSON.stringify(value)}`;
    let index = this.paramIndex.get(key);
    if (index === undefined) {
      this.params.push(value);
      index = this.params.length;
      this.paramIndex.set(key, index);
    }
    return this.dialect.param(index, type);
  }

  scalar(s: Scalar): string {
    switch (s.k) {
      case 'col':
        return s.sql;
      case 'param':
        return this.param(s.value, s.type);
      case 'op': {
        const inline = this.dialect.inlineArgs[s.op] ?? [];
        return this.dialect.op(s.op, s.args.map((a, i) => (inline.includes(i) ? '' : this.scalar(a))), s.args);
      }
      case 'subquery':
        return `(SELECT ${s.column.sql} FROM ${this.node(s.plan)} LIMIT 1)`;
      case 'in_plan': {
        const source = this.node(s.plan);
        const value = s.ci ? `lower(${s.column.sql})` : s.column.sql;
        const left = s.ci ? `lower(${this.scalar(s.left)})` : this.scalar(s.left);
        return `(${left} ${s.negated ? 'NOT IN' : 'IN'} (SELECT ${value} FROM ${source} WHERE ${s.column.sql} IS NOT NULL))`;
      }
      case 'window': {
        // The planner has turned restarts into partitions (window-planner.ts).
        if (s.restart) throw new Error('window restart reached SQL');
        const over = `${s.partition ? `PARTITION BY ${s.partition} ` : ''}ORDER BY ${s.order}`;
        return this.dialect.window(s.fn, s.args.map((a) => this.scalar(a)), over, s.type);
      }
    }
  }

  private add(body: string): string {
    const name = `q${this.ctes.length + 1}`;
    this.ctes.push(`${name} AS (${body})`);
    return name;
  }

  private list(columns: readonly Column[], order?: string): string {
    const names = columns.map((c) => c.sql);
    if (order) names.push(order);
    return [...new Set(names)].join(', ') || 'NULL AS c0';
  }

  /** Each plan object becomes one CTE, however often it is referenced (a `let` used twice). */
  private node(plan: Plan): string {
    const known = this.rendered.get(plan);
    if (known) return known;
    const name = this.renderNode(plan);
    this.rendered.set(plan, name);
    return name;
  }

  private renderNode(plan: Plan): string {
    switch (plan.node) {
      case 'scan': {
        const d = this.dialect;
        const select = plan.columns.map((c) => `${d.quote(c.name)} AS ${c.sql}`).join(', ');
        const where = [`${d.quote(WORKSPACE_COLUMN)} = ${this.param(plan.workspaceId, 'string')}`];
        if (plan.timespan) {
          const time = d.quote(plan.table.timeColumn);
          where.push(`${time} >= ${this.param(plan.timespan.start.getTime() * 1000, 'datetime')}`);
          where.push(`${time} <= ${this.param(plan.timespan.end.getTime() * 1000, 'datetime')}`);
        }
        return this.add(`SELECT ${select} FROM ${d.quote(plan.table.name)} WHERE ${where.join(' AND ')}`);
      }
      case 'values': {
        const rows = plan.rows.map((row) => `SELECT ${row.map((v, i) => `${this.scalar(v)} AS ${plan.columns[i]?.sql ?? ''}`).join(', ')}`);
        if (rows.length === 0) rows.push(`SELECT ${plan.columns.map((c) => `${this.dialect.nullOf(c.type)} AS ${c.sql}`).join(', ')} WHERE false`);
        return this.add(rows.join(' UNION ALL '));
      }
      case 'select': {
        const input = this.node(plan.input);
        const items = plan.exprs.map((e, i) => `${this.scalar(e)} AS ${plan.columns[i]?.sql ?? ''}`);
        if (plan.order) items.push(plan.order);
        return this.add(`SELECT ${items.join(', ') || 'NULL AS c0'} FROM ${input}`);
      }
      case 'filter': {
        const input = this.node(plan.input);
        const predicate = plan.predicate.k === 'param' && plan.predicate.value === true ? '' : ` WHERE ${this.scalar(plan.predicate)}`;
        return this.add(`SELECT ${this.list(plan.columns, plan.order)} FROM ${input}${predicate}`);
      }
      case 'aggregate': {
        const input = this.node(plan.input);
        const keys = plan.keys.map((k) => this.scalar(k));
        const aggs = plan.aggs.map((a) => this.dialect.aggregate(a, a.args.map((x) => this.scalar(x))));
        const items = [...keys, ...aggs].map((e, i) => `${e} AS ${plan.columns[i]?.sql ?? ''}`);
        const group = keys.length > 0 ? ` GROUP BY ${keys.join(', ')}` : '';
        return this.add(`SELECT ${items.join(', ')} FROM ${input}${group}`);
      }
      case 'top_per_group': {
        const input = this.node(plan.input);
        const by = this.scalar(plan.by);
        const partition = plan.keys.length > 0 ? `PARTITION BY ${plan.keys.map((k) => this.scalar(k)).join(', ')} ` : '';
        const ranked = `SELECT *, row_number() OVER (${partition}ORDER BY ${by} ${plan.desc ? 'DESC' : 'ASC'}) AS rn FROM ${input} WHERE ${by} IS NOT NULL`;
        const items = plan.exprs.map((e, i) => `${this.scalar(e)} AS ${plan.columns[i]?.sql ?? ''}`);
        const kept = plan.limit ? `rn <= ${this.scalar(plan.limit)}` : 'rn = 1';
        return this.add(`SELECT ${items.join(', ')} FROM (${ranked}) AS ranked WHERE ${kept}`);
      }
      case 'sort': {
        const input = this.node(plan.input);
        const keys = plan.keys.map((k) => `${this.scalar(k.expr)} ${k.desc ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`);
        // No keys (serialize): the rows are numbered in the order they come.
        const over = keys.length > 0 ? `ORDER BY ${keys.join(', ')}` : '';
        return this.add(`SELECT ${this.list(plan.columns)}, row_number() OVER (${over}) AS ${plan.order ?? 'ord'} FROM ${input}`);
      }
      case 'limit': {
        const input = this.node(plan.input);
        const order = plan.order ? ` ORDER BY ${plan.order}` : '';
        return this.add(`SELECT ${this.list(plan.columns, plan.order)} FROM ${input}${order} LIMIT ${this.scalar(plan.count)}`);
      }
      case 'join':
        return this.join(plan);
      case 'series_index':
        return this.add(`SELECT ${this.dialect.indexSeries(this.scalar(plan.last))} AS ${plan.index.sql}`);
      case 'make_series':
        return this.makeSeries(plan);
      case 'union': {
        const parts = plan.inputs.map((input, i) => {
          const name = this.node(input);
          const items = input.columns.map((c, j) => (i === 0 ? `${c.sql} AS ${plan.columns[j]?.sql ?? ''}` : c.sql));
          return `SELECT ${items.join(', ')} FROM ${name}`;
        });
        return this.add(parts.join(' UNION ALL '));
      }
      case 'mv_expand': {
        const input = this.node(plan.input);
        const items = plan.columns.map((c) => (c === plan.expand ? `${this.dialect.expandArray(plan.source.sql)} AS ${c.sql}` : c.sql));
        if (plan.order) items.push(plan.order);
        return this.add(`SELECT ${items.join(', ')} FROM ${input}`);
      }
    }
  }

  /** Every group crossed with every bin, its aggregates found by bin number, folded into arrays. */
  private makeSeries(plan: Extract<Plan, { node: 'make_series' }>): string {
    const input = this.node(plan.input);
    const bins = this.node(plan.bins);
    const index = `b.${plan.binIndex.sql}`;
    const keys = plan.keys.map((k) => k.sql);
    const groups = keys.length > 0 ? `SELECT DISTINCT ${keys.join(', ')} FROM ${input}` : `SELECT DISTINCT true AS g0 FROM ${input}`;
    const values = plan.values.map((v) => `CASE WHEN a.${plan.bin.sql} IS NULL THEN ${this.scalar(v.fallback)} ELSE a.${v.column.sql} END`);
    const items = [
      ...keys.map((k) => `g.${k}`),
      ...values.map((v) => this.dialect.orderedArray(v, index)),
      this.dialect.orderedArray(this.scalar(plan.axis), index),
    ].map((item, i) => `${item} AS ${plan.columns[i]?.sql ?? ''}`);
    const on = [...keys.map((k) => `a.${k} IS NOT DISTINCT FROM g.${k}`), `a.${plan.bin.sql} = ${index}`].join(' AND ');
    const group = keys.length > 0 ? keys.map((k) => `g.${k}`).join(', ') : 'g.g0';
    const source = plan.nonempty && keys.length === 0 ? 'SELECT true AS g0' : groups;
    return this.add(`SELECT ${items.join(', ')} FROM (${source}) AS g CROSS JOIN ${bins} AS b LEFT JOIN ${input} AS a ON ${on} GROUP BY ${group}`);
  }

  private join(plan: Extract<Plan, { node: 'join' }>): string {
    let left = this.node(plan.left);
    let right = this.node(plan.right);
    let on = plan.on;
    if (plan.kind === 'innerunique') {
      // Kusto keeps one left row per key before an innerunique join.
      const keys = plan.on.map(([l]) => l.sql).join(', ');
      left = this.add(`SELECT ${this.list(plan.left.columns)} FROM (SELECT *, row_number() OVER (PARTITION BY ${keys}) AS rn FROM ${left}) AS firsts WHERE rn = 1`);
    }
    if (plan.kind === 'rightsemi' || plan.kind === 'rightanti') {
      [left, right] = [right, left];
      on = on.map(([l, r]) => [r, l] as const);
    }
    const condition = on.map(([l, r]) => `l.${l.sql} = r.${r.sql}`).join(' AND ');
    const leftAliases = new Set((plan.kind === 'rightsemi' || plan.kind === 'rightanti' ? plan.right : plan.left).columns.map((c) => c.sql));
    const items = plan.columns.map((c) => `${leftAliases.has(c.sql) ? 'l' : 'r'}.${c.sql} AS ${c.sql}`);
    return this.add(`SELECT ${items.join(', ')} FROM ${left} AS l ${this.dialect.join(plan.kind)} ${right} AS r ON ${condition}`);
  }
}

/** Renders a checked plan in one dialect, with the parameters it refers to. */
export function renderSql(plan: Plan, dialect: Dialect): Pick<CompiledQuery, 'sql' | 'params' | 'columns'> {
  const renderer = new SqlRenderer(dialect);
  const { sql, columns } = renderer.finish(plan);
  return { sql, params: renderer.params, columns };
}
