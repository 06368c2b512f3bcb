import type { LogsColumnType, LogsTable } from '@servicemap/protocol';

/** A sort of the grid: a column index and a direction. */
export interface SortOrder {
  readonly column: number;
  readonly descending: boolean;
}

const NUMERIC: ReadonlySet<LogsColumnType> = new Set(['int', 'long', 'real', 'decimal']);

/** Orders two cells of one column: nulls last, numbers by value, the rest as text (datetimes are ISO, so text order is time order). */
function compareCells(a: unknown, b: unknown, type: LogsColumnType): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  if (NUMERIC.has(type) || type === 'bool') return Number(a) - Number(b);
  const [x, y] = [cellText(a), cellText(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The table's rows in `order` (stable: equal cells keep the server's order); nulls stay last either way. */
export function sortRows(table: LogsTable, order: SortOrder | undefined): readonly (readonly unknown[])[] {
  if (order === undefined) return table.rows;
  const type = table.columns[order.column]?.type ?? 'string';
  const isNull = (v: unknown): boolean => v === null || v === undefined;
  return table.rows
    .map((row, index) => ({ row, index }))
    .sort((p, q) => {
      const [a, b] = [p.row[order.column], q.row[order.column]];
      const byValue = isNull(a) || isNull(b) || !order.descending ? compareCells(a, b, type) : compareCells(b, a, type);
      return byValue !== 0 ? byValue : p.index - q.index;
    })
    .map((p) => p.row);
}

/** The next sort after clicking a header: ascending first, then descending, then the server's order. */
export function nextSort(current: SortOrder | undefined, column: number): SortOrder | undefined {
  if (current?.column !== column) return { column, descending: false };
  return current.descending ? undefined : { column, descending: true };
}

/** A cell as the grid shows it and CSV writes it: null is empty, booleans and numbers as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

const csvField = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** RFC 4180 CSV: a header of column names, then the rows (CRLF line ends, fields quoted when needed). */
export function toCsv(columns: LogsTable['columns'], rows: readonly (readonly unknown[])[]): string {
  const lines = [columns.map((c) => csvField(c.name)).join(',')];
  for (const row of rows) lines.push(columns.map((_c, i) => csvField(cellText(row[i]))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** JSON export: one object per row keyed by column name, as Log Analytics' own export writes it. */
export function toJson(columns: LogsTable['columns'], rows: readonly (readonly unknown[])[]): string {
  return JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null]))), null, 2);
}
