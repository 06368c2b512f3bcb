import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogsQueryResults } from '@servicemap/protocol';
import { LogQueryError, type LogAnalyticsClient } from '../../api/log-analytics-client.js';
import { describeRange, isoInterval, type TimeRange } from '../../view/time-range.js';
import { kustoSchemaOf } from './kusto-schema.js';
import type { KqlEditorHandle } from './kql-monaco.js';
import { ResultsPanel } from './ResultsPanel.js';

type Outcome =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running' }
  | { readonly kind: 'results'; readonly results: LogsQueryResults; readonly ms: number }
  | { readonly kind: 'error'; readonly error: LogQueryError | Error };

const positionOf = (e: LogQueryError | Error): string =>
  e instanceof LogQueryError && e.line !== undefined ? ` (line ${e.line}, column ${e.column ?? 1})` : '';

/**
 * Log Search: the KQL editor (Monaco with monaco-kusto: highlighting, completion from the
 * workspace's tables and columns, diagnostics), run over the app's time range, and the results
 * grid, or the chart the query asks for with `render`. A query that arrives from a pane ("Show in
 * Log Search") or a shared URL runs at once.
 */
export function LogSearchView({ client, workspaceName, query, range, dark, onQuery, onBack }: {
  readonly client: LogAnalyticsClient;
  readonly workspaceName: string;
  readonly query: string;
  readonly range: TimeRange;
  readonly dark: boolean;
  readonly onQuery: (query: string) => void;
  readonly onBack: () => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<KqlEditorHandle>(undefined);
  const text = useRef(query);
  const [editorState, setEditorState] = useState<'loading' | 'monaco' | 'plain'>('loading');
  const [plainText, setPlainText] = useState(query);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const abort = useRef<AbortController>(undefined);
  const lastRun = useRef<string>(undefined);

  const run = useCallback((kql: string) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    lastRun.current = kql;
    editor.current?.clearError();
    setOutcome({ kind: 'running' });
    onQuery(kql);
    const started = performance.now();
    client.query(kql, isoInterval(range, Date.now()), controller.signal).then(
      (results) => { if (!controller.signal.aborted) setOutcome({ kind: 'results', results, ms: performance.now() - started }); },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const e = error instanceof Error ? error : new Error(String(error));
        if (e instanceof LogQueryError && e.line !== undefined) editor.current?.markError(e.message, e.line, e.column ?? 1);
        setOutcome({ kind: 'error', error: e });
      },
    );
  }, [client, range, onQuery]);
  const runRef = useRef(run);
  runRef.current = run;

  // The editor loads on demand; without it (a failed load) a plain text box keeps the page usable.
  useEffect(() => {
    let disposed = false;
    import('./kql-monaco.js').then(({ createKqlEditor }) => {
      if (disposed || host.current === null) return;
      editor.current = createKqlEditor(host.current, {
        value: text.current, dark,
        onRun: () => { runRef.current(text.current); },
        onChange: (t) => { text.current = t; },
      });
      setEditorState('monaco');
      client.metadata().then((m) => editor.current?.setSchema(kustoSchemaOf(m, workspaceName))).catch(() => undefined);
    }, () => { if (!disposed) setEditorState('plain'); });
    return () => { disposed = true; editor.current?.dispose(); editor.current = undefined; abort.current?.abort(); };
    // The editor is made once per client; theme and query changes are pushed by the effects below.
  }, [client]);
  useEffect(() => { editor.current?.setTheme(dark); }, [dark, editorState]);

  // A query sent from elsewhere (a pane, the URL) replaces the text and runs; so does a new range.
  useEffect(() => {
    if (query.trim() === '' || query === lastRun.current) return;
    text.current = query;
    setPlainText(query);
    editor.current?.setValue(query);
    runRef.current(query);
  }, [query]);
  const rangeKey = JSON.stringify(range);
  const ranFor = useRef(rangeKey);
  useEffect(() => {
    if (ranFor.current === rangeKey) return;
    ranFor.current = rangeKey;
    if (lastRun.current !== undefined) runRef.current(lastRun.current);
  }, [rangeKey]);

  const primary = outcome.kind === 'results' ? outcome.results.tables[0] : undefined;
  const partial = outcome.kind === 'results' ? outcome.results.error : undefined;
  return (
    <section className="log-search" aria-labelledby="log-search-title">
      <div className="log-search-bar">
        <h2 id="log-search-title">Log Search</h2>
        <span className="muted">over {describeRange(range)}</span>
        <span className="spacer" />
        <button type="button" className="primary" disabled={outcome.kind === 'running'} onClick={() => { run(text.current); }}>Run</button>
        <button type="button" onClick={() => { void navigator.clipboard.writeText(text.current); }}>Copy query</button>
        <button type="button" onClick={onBack}>Back to the map</button>
      </div>
      <div ref={host} className="kql-editor" data-editor={editorState} hidden={editorState === 'plain'} />
      {editorState === 'loading' && <p className="muted">Loading the editor…</p>}
      {editorState === 'plain' && (
        <textarea aria-label="KQL query" spellCheck={false} rows={8} value={plainText}
          onChange={(e) => { setPlainText(e.target.value); text.current = e.target.value; }} />
      )}
      <p className="muted hint">Ctrl+Enter or Shift+Enter runs the query; Ctrl+Space completes tables, columns and operators.</p>
      {outcome.kind === 'running' && <p role="status">Running…</p>}
      {outcome.kind === 'error' && (
        <p className="error query-error" role="alert">
          {outcome.error instanceof LogQueryError ? `${outcome.error.code}${positionOf(outcome.error)}: ` : ''}{outcome.error.message}
        </p>
      )}
      {outcome.kind === 'results' && primary === undefined && <p className="muted">The query answered no table.</p>}
      {outcome.kind === 'results' && primary !== undefined && (
        <>
          <p className="muted" role="status">Completed in {(outcome.ms / 1000).toFixed(2)} s.</p>
          <ResultsPanel key={lastRun.current} table={primary} render={outcome.results.render}
            {...(partial === undefined ? {} : { truncated: `Partial results: ${partial.details?.[0]?.message ?? partial.message}` })} />
        </>
      )}
    </section>
  );
}
