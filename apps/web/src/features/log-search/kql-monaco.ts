// The only module importing Monaco and monaco-kusto. LogSearchView loads it on demand, so the
// map page does not pay for the editor (about 2 MB) and its Kusto worker (about 8 MB).
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
// The editor's contributions (suggest widget, hover, markers, find): editor.api alone has none.
import 'monaco-editor/esm/vs/editor/editor.all.js';
import { getKustoWorker, themeNames, type EngineSchema } from '@kusto/monaco-kusto';

declare const self: typeof globalThis & { MonacoEnvironment?: monaco.Environment };

// The workers are entry points of their own in scripts/build.mjs, next to app.js in /assets.
self.MonacoEnvironment = {
  getWorkerUrl: (_moduleId: string, label: string) => (label === 'kusto' ? '/assets/kusto.worker.js' : '/assets/editor.worker.js'),
};

/** What LogSearchView needs of the editor. */
export interface KqlEditorHandle {
  getValue(): string;
  setValue(text: string): void;
  setTheme(dark: boolean): void;
  setSchema(schema: EngineSchema): Promise<void>;
  /** Marks the compiler's error at a 1-based line and column (to the end of the word there). */
  markError(message: string, line: number, column: number): void;
  clearError(): void;
  focus(): void;
  dispose(): void;
}

const MARKER_OWNER = 'servicemap-query';

/** The server's error markers (1-based), read by the browser test as the map's canvas probe is. */
(globalThis as { servicemapKqlMarkers?: () => { line: number; column: number }[] }).servicemapKqlMarkers = () =>
  monaco.editor.getModelMarkers({ owner: MARKER_OWNER }).map((m) => ({ line: m.startLineNumber, column: m.startColumn }));

/** Makes the KQL editor in `host`; Ctrl/Cmd+Enter and Shift+Enter run the query. */
export function createKqlEditor(host: HTMLElement, options: {
  readonly value: string;
  readonly dark: boolean;
  readonly onRun: () => void;
  readonly onChange: (text: string) => void;
}): KqlEditorHandle {
  const editor = monaco.editor.create(host, {
    value: options.value,
    language: 'kusto',
    theme: options.dark ? themeNames.dark : themeNames.light,
    minimap: { enabled: false },
    automaticLayout: true,
    scrollBeyondLastLine: false,
    fontSize: 13,
    wordWrap: 'on',
    ariaLabel: 'KQL query',
    suggest: { showStatusBar: true },
  });
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, options.onRun);
  editor.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.Enter, options.onRun);
  const changes = editor.onDidChangeModelContent(() => { options.onChange(editor.getValue()); });
  const model = (): monaco.editor.ITextModel => {
    const m = editor.getModel();
    if (m === null) throw new Error('The KQL editor has no model');
    return m;
  };
  return {
    getValue: () => editor.getValue(),
    setValue: (text) => { if (text !== editor.getValue()) editor.setValue(text); },
    setTheme: (dark) => { monaco.editor.setTheme(dark ? themeNames.dark : themeNames.light); },
    setSchema: async (schema) => {
      const workerOf = await getKustoWorker();
      const worker = await workerOf(model().uri);
      await worker.setSchema(schema);
    },
    markError: (message, line, column) => {
      const m = model();
      const lineNumber = Math.min(Math.max(line, 1), m.getLineCount());
      const startColumn = Math.min(Math.max(column, 1), m.getLineMaxColumn(lineNumber));
      const word = m.getWordAtPosition({ lineNumber, column: startColumn });
      const endColumn = Math.max(word?.endColumn ?? startColumn + 1, startColumn + 1);
      monaco.editor.setModelMarkers(m, MARKER_OWNER, [{ severity: monaco.MarkerSeverity.Error, message, startLineNumber: lineNumber, startColumn, endLineNumber: lineNumber, endColumn }]);
      editor.revealPositionInCenterIfOutsideViewport({ lineNumber, column: startColumn });
      editor.setPosition({ lineNumber, column: startColumn });
    },
    clearError: () => { monaco.editor.setModelMarkers(model(), MARKER_OWNER, []); },
    focus: () => { editor.focus(); },
    dispose: () => { changes.dispose(); model().dispose(); editor.dispose(); },
  };
}
