import { useState } from 'react';
import { describeRange, type TimeRange } from '../../view/time-range.js';

/**
 * Log Search's place. The KQL editor (Monaco with @kusto/monaco-kusto), the results grid and
 * export arrive with the Log Analytics query API (`POST /v1/workspaces/{id}/query`); until then
 * this page keeps the query the panes send here, so "Show in Log Search" links already work and
 * the query can be copied into any Log Analytics client.
 */
export function LogSearchView({ query, range, onQuery, onBack }: {
  readonly query: string;
  readonly range: TimeRange;
  readonly onQuery: (query: string) => void;
  readonly onBack: () => void;
}) {
  const [text, setText] = useState(query);
  return (
    <section className="log-search" aria-labelledby="log-search-title">
      <h2 id="log-search-title">Log Search</h2>
      <p className="muted">Range: {describeRange(range)}. Running queries needs the server's KQL query API, which is not part of this build yet.</p>
      <label htmlFor="kql">KQL query</label>
      <textarea id="kql" spellCheck={false} rows={10} value={text}
        onChange={(e) => { setText(e.target.value); }} onBlur={() => { onQuery(text); }} />
      <div className="row">
        <button type="button" onClick={() => { void navigator.clipboard.writeText(text); }}>Copy query</button>
        <button type="button" onClick={onBack}>Back to the map</button>
      </div>
    </section>
  );
}
