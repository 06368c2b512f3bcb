import { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LogsTable } from '@servicemap/protocol';
import { cellText, nextSort, sortRows, type SortOrder } from './results-table.js';
import { ExportButtons, RowCount } from './ExportButtons.js';

/** A row's height in pixels; styles.css gives rows exactly this (cells never wrap). */
const ROW_HEIGHT = 26;

/** The results of a query: typed headers that sort on click, CSV and JSON export, the row count. */
export function ResultsGrid({ table, truncated }: { readonly table: LogsTable; readonly truncated?: string }) {
  const [sort, setSort] = useState<SortOrder>();
  const rows = useMemo(() => sortRows(table, sort), [table, sort]);
  // Only the rows in view (and a margin) are in the DOM, between two spacer rows that keep the
  // scroll height: 30,000 rows (Log Analytics' default limit) scroll like 30.
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const spacer = (height: number) => (
    <tr className="spacer-row" aria-hidden="true" style={{ height }}><td colSpan={table.columns.length} /></tr>
  );
  return (
    <section className="results" aria-label="Results">
      <div className="results-bar">
        <RowCount rows={table.rows.length} />
        {truncated !== undefined && <span className="warning" role="status">{truncated}</span>}
        <span className="spacer" />
        <ExportButtons columns={table.columns} rows={rows} />
      </div>
      <div className="results-scroll" ref={scrollRef}>
        <table className="results-grid" aria-rowcount={rows.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
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
            {before > 0 && spacer(before)}
            {items.map(({ index }) => (
              // Rows have no identity of their own; the index is their place in this sort.
              <tr key={index} aria-rowindex={index + 2}>
                {table.columns.map((c, i) => <td key={c.name} className={`cell-${c.type}`}>{cellText(rows[index]?.[i])}</td>)}
              </tr>
            ))}
            {after > 0 && spacer(after)}
          </tbody>
        </table>
      </div>
    </section>
  );
}
