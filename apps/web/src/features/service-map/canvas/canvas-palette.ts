/** Colours of the canvas per theme; styles.css has the same values (`--severity-*`, checked by a test). */
export interface CanvasPalette {
  readonly background: string;
  readonly node: string;
  readonly compound: string;
  readonly text: string;
  readonly muted: string;
  readonly edge: string;
  readonly failed: string;
  readonly selected: string;
  readonly focus: string;
  readonly severity: { readonly critical: string; readonly warning: string; readonly informational: string; readonly none: string };
  /** Text and glyphs on a pill filled with the severity's colour (readable on it). */
  readonly onSeverity: { readonly critical: string; readonly warning: string; readonly informational: string; readonly none: string };
}

export const PALETTES: Readonly<Record<'light' | 'dark', CanvasPalette>> = {
  light: {
    background: '#f7f8fa', node: '#ffffff', compound: '#eef1f5', text: '#1d2330', muted: '#5b6475', edge: '#8a94a6',
    failed: '#d1242f', selected: '#0b63ce', focus: '#0b63ce',
    severity: { critical: '#d1242f', warning: '#bf8700', informational: '#0969da', none: '#9aa3b2' },
    onSeverity: { critical: '#ffffff', warning: '#1d2330', informational: '#ffffff', none: '#1d2330' },
  },
  dark: {
    background: '#15181e', node: '#232833', compound: '#1c2029', text: '#e6e9ef', muted: '#a3acbb', edge: '#7d8799',
    failed: '#ff6b6b', selected: '#58a6ff', focus: '#58a6ff',
    severity: { critical: '#ff6b6b', warning: '#e3b341', informational: '#58a6ff', none: '#6e7685' },
    onSeverity: { critical: '#0d1117', warning: '#0d1117', informational: '#0d1117', none: '#0d1117' },
  },
};
