import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEVERITY_ORDER } from '../badges.js';
import { PALETTES } from './canvas-palette.js';

// The canvas cannot read CSS variables before it draws (nor in the benchmark page), so the
// palette repeats styles.css's severity colours: the pane's pills and the map's must agree.
const css = readFileSync(new URL('../../../styles.css', import.meta.url), 'utf8');
const block = (selector: string): string => css.slice(css.indexOf(selector), css.indexOf('}', css.indexOf(selector)));
const variable = (text: string, name: string): string | undefined => new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(text)?.[1];

describe('canvas palette', () => {
  it.each([['light', ':root, [data-theme="light"]'], ['dark', '[data-theme="dark"]']] as const)('has the severity colours of styles.css in the %s theme', (theme, selector) => {
    const text = block(selector);
    for (const severity of [...SEVERITY_ORDER, 'none'] as const) {
      expect(variable(text, `severity-${severity}`)).toBe(PALETTES[theme].severity[severity]);
      expect(variable(text, `on-severity-${severity}`)).toBe(PALETTES[theme].onSeverity[severity]);
    }
  });
});
