import type { LogsTable } from '@servicemap/protocol';
import { toCsv, toJson } from './results-table.js';

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => { URL.revokeObjectURL(url); }, 1_000);
}

/** Export CSV (RFC 4180) and JSON of every row in `rows`' order: the grid's sort, or the server's order beside a chart. */
export function ExportButtons({ columns, rows }: { readonly columns: LogsTable['columns']; readonly rows: readonly (readonly unknown[])[] }) {
  return (
    <>
      <button type="button" onClick={() => { download('query-results.csv', 'text/csv', toCsv(columns, rows)); }}>Export CSV</button>
      <button type="button" onClick={() => { download('query-results.json', 'application/json', toJson(columns, rows)); }}>Export JSON</button>
    </>
  );
}

/** The row count as the results bar shows it. */
export function RowCount({ rows }: { readonly rows: number }) {
  return <span className="row-count" data-testid="row-count">{rows.toLocaleString('en')} {rows === 1 ? 'row' : 'rows'}</span>;
}
