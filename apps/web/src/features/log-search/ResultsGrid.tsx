import { useMemo, useState } from 'react';
import type { LogsTable } from '@servicemap/protocol';
import { cellText, nextSort, sortRows, toCsv, toJson, type SortOrder } from './results-table.js';

/** Most rows the grid draws; export always writes every row. */
const MAX_DRAWN_ROWS = 2_000;

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => { URL.revokeObjectURL(url); }, 1_000);
}

/** The results of a query: typed headers that sort on click, CSV and JSON export, the row count. */
export function ResultsGrid({ table, truncated }: { readonly table: LogsTable; readonly truncated?: string }) {
  const [sort, setSort] = useState<SortOrder>();
  const rows = useMemo(() => sortRows(table, sort), [table, sort]);
  const drawn = rows.length > MAX_DRAWN_ROWS ? rows.slice(0, MAX_DRAWN_ROWS) : rows;
  return (
    <section className="results" aria-label="Results">
      <div className="results-bar">
        <span className="row-count" data-testid="row-count">{table.rows.length.toLocaleString('en')} {table.rows.length === 1 ? 'row' : 'rows'}</span>
        {drawn.length < rows.length && <span className="muted">(showing the first {drawn.length.toLocaleString('en')}; export has all)</span>}
        {truncated !== undefined && <span className="warning" role="status">{truncated}</span>}
        <span className="spacer" />
        <button type="button" onClick={() => { download('query-results.csv', 'text/csv', toCsv(table.columns, rows)); }}>Export CSV</button>
        <button type="button" onClick={() => { download('query-results.json', 'application/json', toJson(table.columns, rows)); }}>Export JSON</button>
      </div>
      <div className="results-scroll">
        <table className="results-grid">
          <thead>
            <tr>
              {table.columns.map((c, i) => (
                <th key={c.name} scope="col" aria-sort={sort?.column === i ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                  <button type="button" onClick={() => { setSort((s) => nextSort(s, i)); }}>
                    {c.name} <span className="column-type">{c.type}</span>
                    {sort?.column === i && <span aria-hidden="true">{sort.descending ? ' ▼' : ' ▲'}</span>}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {drawn.map((row, r) => (
              // Rows have no identity of their own; the index is their place in this sort.
              <tr key={r}>{table.columns.map((c, i) => <td key={c.name} className={`cell-${c.type}`}>{cellText(row[i])}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
