import type { LogsQueryResults, LogsTable } from '@servicemap/protocol';

/** How `servicemap query` prints a result. */
export type QueryOutputFormat = 'table' | 'json' | 'csv';

const MAX_CELL = 60;

/** A cell as text: null is empty, everything else as the wire has it. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** RFC 4180: quote fields holding a comma, quote, CR or LF; double the quotes. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One cell for a terminal: on one line, long values cut with an ellipsis. */
function tableCell(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 1)}…` : flat;
}

function asTable(table: LogsTable): string {
  const rows = [table.columns.map((c) => c.name), ...table.rows.map((r) => r.map((v) => tableCell(cellText(v))))];
  const widths = table.columns.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const [header = [], ...body] = rows;
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/**
 * Renders a query result: `table` for people (aligned columns, a row count, the partial error if
 * any), `csv` with a header row, `json` as the API sent it.
 */
export function formatQueryResult(result: LogsQueryResults, format: QueryOutputFormat): string {
  const table = result.tables[0];
  switch (format) {
    case 'json':
      return JSON.stringify(result, null, 2);
    case 'csv':
      if (table === undefined) return '';
      return [table.columns.map((c) => csvField(c.name)), ...table.rows.map((r) => r.map((v) => csvField(cellText(v))))]
        .map((r) => r.join(',')).join('\r\n');
    case 'table': {
      if (table === undefined) return '(no table)';
      const count = `(${table.rows.length} row${table.rows.length === 1 ? '' : 's'})`;
      const partial = result.error === undefined ? [] : [`warning: ${result.error.details?.[0]?.message ?? result.error.message}`];
      return [asTable(table), count, ...partial].join('\n');
    }
  }
}
