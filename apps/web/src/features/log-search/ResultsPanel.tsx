import { useMemo, useState } from 'react';
import type { LogsTable } from '@servicemap/protocol';
import { chartModelOf, MAX_SERIES } from './chart-model.js';
import { ExportButtons, RowCount } from './ExportButtons.js';
import { ResultsChart } from './ResultsChart.js';
import { ResultsGrid } from './ResultsGrid.js';

/**
 * A query's results: the chart the query asked for with `render` (Chart / Table toggle, the chart
 * first), else the grid. A visualization Log Search does not draw shows the grid with a note.
 */
export function ResultsPanel({ table, render, truncated }: {
  readonly table: LogsTable;
  readonly render: Readonly<Record<string, unknown>> | undefined;
  readonly truncated?: string;
}) {
  const plan = useMemo(() => (render === undefined ? undefined : chartModelOf(table, render)), [table, render]);
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const model = plan?.ok === true ? plan.model : undefined;
  const note = plan === undefined ? undefined
    : !plan.ok ? plan.note
    : plan.model.droppedSeries > 0 ? `The chart shows the first ${MAX_SERIES} series; ${plan.model.droppedSeries.toLocaleString('en')} more are in the table.` : undefined;
  return (
    <>
      {(model !== undefined || note !== undefined) && (
        <div className="results-view">
          {model !== undefined && (
            <div className="toggle" role="group" aria-label="Show the results as">
              <button type="button" aria-pressed={view === 'chart'} onClick={() => { setView('chart'); }}>Chart</button>
              <button type="button" aria-pressed={view === 'table'} onClick={() => { setView('table'); }}>Table</button>
            </div>
          )}
          {note !== undefined && <span className="muted chart-note">{note}</span>}
        </div>
      )}
      {model !== undefined && view === 'chart' ? (
        <section className="results" aria-label="Results">
          <div className="results-bar">
            <RowCount rows={table.rows.length} />
            {truncated !== undefined && <span className="warning" role="status">{truncated}</span>}
            <span className="spacer" />
            <ExportButtons columns={table.columns} rows={table.rows} />
          </div>
          <ResultsChart model={model} />
        </section>
      ) : (
        <ResultsGrid table={table} {...(truncated === undefined ? {} : { truncated })} />
      )}
    </>
  );
}
