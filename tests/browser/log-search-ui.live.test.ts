import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerChild } from '../../apps/server/src/testing/spawn-server.js';
import { startUiServer, type UiServer } from './ui-server.js';
import { screenshot } from './browser-session.js';

// Log Search as users meet it: the built UI from a real server child on 127.0.0.1, the fixture
// machines through the ingest route, Debian's Chromium typing into Monaco and reading the grid.

const SAMPLE = 'ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId | project ComputerName_s, OperatingSystemFullName_s';

let ui: UiServer | undefined;
let server: ServerChild | undefined;
let page: Page;

beforeAll(async () => {
  ui = await startUiServer('sm-logsearch-');
  server = ui.server;
  page = ui.page;
}, 120_000);

afterAll(async () => {
  await ui?.close();
});

/** Replaces the editor's text as typing would (insertText skips completion popping up mid-word). */
async function typeQuery(text: string): Promise<void> {
  await page.locator('.kql-editor .monaco-editor').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const columnCells = async (index: number): Promise<string[]> =>
  page.locator(`.results-grid tbody tr:not(.spacer-row) td:nth-child(${index + 1})`).allTextContents();

// 10,000 rows without fixture data: four joins of a ten-row datatable, numbered 0 … 9999.
const TEN_THOUSAND = `let d = datatable(x:long)[0,1,2,3,4,5,6,7,8,9] | extend k = 1;
d | join kind=inner (d | project-rename y = x) on k | join kind=inner (d | project-rename z = x) on k
| join kind=inner (d | project-rename w = x) on k | project n = x * 1000 + y * 100 + z * 10 + w | sort by n asc`;

// Bytes per computer and 5 minutes, without fixture data (the range's timespan filters tables, not datatable).
const BYTES = `datatable(TimeGenerated:datetime, Computer:string, BytesSent:long)[
  datetime(2024-05-01 10:00), "web1", 10, datetime(2024-05-01 10:06), "web1", 30, datetime(2024-05-01 10:11), "web1", 20,
  datetime(2024-05-01 10:01), "db1", 7, datetime(2024-05-01 10:12), "db1", 9]`;

interface DrawnChart { type: string; textColor: string; datasets: { label: string; points: number }[] }
/** What chart.js holds for the chart on the page (ResultsChart's `servicemapChart` probe). */
const drawnChart = async (): Promise<DrawnChart | undefined> => {
  const drawn = await page.evaluate(() => (globalThis as { servicemapChart?: () => DrawnChart | undefined }).servicemapChart?.());
  // Series come in the order of the rows, which summarize leaves open: compare them by label.
  return drawn && { ...drawn, datasets: [...drawn.datasets].sort((a, b) => a.label.localeCompare(b.label)) };
};

async function runQuery(kql: string): Promise<void> {
  await typeQuery(kql);
  await page.getByRole('button', { name: 'Run' }).click();
}

describe('Log Search', () => {
  it('signs in, opens Log Search with the Monaco KQL editor and completes the workspace tables', async () => {
    await page.goto(`${server?.url ?? ''}/`);
    await page.getByLabel('API token').fill(server?.credentials.adminToken ?? '');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Log Search' }).click();
    await page.locator('.kql-editor[data-editor="monaco"] .monaco-editor').waitFor({ timeout: 20_000 });
    await typeQuery('ServiceMapComp');
    await page.keyboard.press('Control+Space');
    // The table comes from the workspace's metadata, fed to the Kusto worker as its schema.
    await expect.poll(() => page.locator('.suggest-widget .monaco-list-row').allTextContents(), { timeout: 20_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining('ServiceMapComputer_CL')]));
    await page.keyboard.press('Escape');
  });

  it('runs a sample search of the documentation: the grid shows the fixture machines with typed columns', async () => {
    await typeQuery(SAMPLE);
    // Kusto tokens get classes of their own once highlighting ran (plain text would be one mtk class).
    await expect.poll(() => page.locator('.kql-editor .view-line span[class*="mtk"]').evaluateAll((spans: { className: string }[]) => new Set(spans.map((e) => e.className)).size),
      { timeout: 15_000 }).toBeGreaterThan(2);
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('.results-grid').waitFor();
    expect(await page.getByTestId('row-count').textContent()).toBe('3 rows');
    expect((await columnCells(0)).sort()).toEqual(['app1', 'db1', 'web1']);
    expect(new Set(await columnCells(1))).toEqual(new Set(['Debian GNU/Linux 12 (bookworm)']));
    const headers = await page.locator('.results-grid th').allTextContents();
    expect(headers.map((h) => h.trim())).toEqual(['ComputerName_s string', 'OperatingSystemFullName_s string']);
    expect(new URL(page.url()).searchParams.get('q')).toBe(SAMPLE);
  });

  it('sorts by a column header click, ascending then descending', async () => {
    const header = page.locator('.results-grid th').first();
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    expect(await columnCells(0)).toEqual(['app1', 'db1', 'web1']);
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect(await columnCells(0)).toEqual(['web1', 'db1', 'app1']);
    await screenshot(page, 'log-search-results');
    mkdirSync('docs/screenshots', { recursive: true });
    copyFileSync(join('test-artifacts', 'browser', 'log-search-results.png'), join('docs', 'screenshots', 'log-search.png'));
  });

  it('scrolls through 10,000 rows while drawing only the rows in view', async () => {
    await typeQuery(TEN_THOUSAND);
    await page.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => page.getByTestId('row-count').textContent(), { timeout: 15_000 }).toBe('10,000 rows');
    expect((await columnCells(0)).slice(0, 3)).toEqual(['0', '1', '2']);
    const drawnRows = (): Promise<number> => page.locator('.results-grid tbody tr:not(.spacer-row)').count();
    expect(await drawnRows()).toBeLessThan(120);
    // The scroll height is every row's: the end of the scroll shows the last rows.
    await page.locator('.results-scroll').evaluate((e: { scrollTop: number; scrollHeight: number }) => { e.scrollTop = e.scrollHeight; });
    await expect.poll(async () => (await columnCells(0)).at(-1), { timeout: 5_000 }).toBe('9999');
    expect(await drawnRows()).toBeLessThan(120);
    expect(await page.locator('.results-grid').getAttribute('aria-rowcount')).toBe('10001');
    // Halfway down: the rows around 5,000, and each row where its index says.
    await page.locator('.results-scroll').evaluate((e: { scrollTop: number; scrollHeight: number }) => { e.scrollTop = e.scrollHeight / 2; });
    await expect.poll(async () => (await columnCells(0)).map(Number).some((n) => n > 4_900 && n < 5_100), { timeout: 5_000 }).toBe(true);
    const indexed = await page.locator('.results-grid tbody tr:not(.spacer-row)').first().evaluate((tr: { getAttribute(n: string): string | null; textContent: string | null }) => [tr.getAttribute('aria-rowindex'), tr.textContent]);
    expect(Number(indexed[0]) - 2).toBe(Number(indexed[1]));
  });

  it('exports every row, not only the drawn ones, as CSV and JSON', async () => {
    const save = async (button: string): Promise<string> => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
      const path = await download.path();
      return readFileSync(path, 'utf8');
    };
    const csv = (await save('Export CSV')).trimEnd().split(/\r?\n/);
    expect(csv).toHaveLength(10_001);
    expect(csv.slice(0, 3)).toEqual(['n', '0', '1']);
    expect(csv.at(-1)).toBe('9999');
    const json = JSON.parse(await save('Export JSON')) as { n: number }[];
    expect(json).toHaveLength(10_000);
    expect(json[9_999]).toEqual({ n: 9_999 });
  });

  it('says a result past the 30,000-row limit is partial, and shows the rows it has', async () => {
    await typeQuery(`${TEN_THOUSAND} | join kind=inner (datatable(k:long, m:long)[1,0, 1,1, 1,2, 1,3]) on k`.replace('| project n =', '| project k, n ='));
    await page.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => page.getByTestId('row-count').textContent(), { timeout: 15_000 }).toBe('30,000 rows');
    expect(await page.locator('.results .warning').textContent()).toMatch(/^Partial results: .*30000|^Partial results: .*30,000/);
  });

  it('shows a syntax error with its line and column and marks it in the editor', async () => {
    await typeQuery('ServiceMapComputer_CL\n| where ComputerName_s == ');
    await page.getByRole('button', { name: 'Run' }).click();
    const alert = page.locator('.query-error');
    await expect.poll(() => alert.textContent()).toMatch(/line 2, column \d+/);
    const marker = await page.evaluate(() => {
      const m = (globalThis as { servicemapKqlMarkers?: () => { line: number; column: number }[] }).servicemapKqlMarkers?.();
      return m;
    });
    const [, column] = /line 2, column (\d+)/.exec((await alert.textContent()) ?? '') ?? [];
    expect(marker).toEqual([{ line: 2, column: Number(column) }]);
    await screenshot(page, 'log-search-error');
  });

  it('draws a query that ends in render timechart, and the toggle shows the grid', async () => {
    await runQuery(`${BYTES} | summarize BytesSent = sum(BytesSent) by bin(TimeGenerated, 5m), Computer | render timechart with (title="Bytes sent per 5 minutes")`);
    await expect.poll(drawnChart, { timeout: 15_000 }).toMatchObject({
      type: 'line', datasets: [{ label: 'db1', points: 2 }, { label: 'web1', points: 3 }],
    });
    const chart = page.getByTestId('results-chart');
    expect(await chart.getAttribute('data-visualization')).toBe('timechart');
    expect(await chart.locator('canvas').getAttribute('aria-label')).toBe('Bytes sent per 5 minutes');
    expect(await page.getByRole('button', { name: 'Chart' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('row-count').textContent()).toBe('5 rows');
    await screenshot(page, 'log-search-chart');
    mkdirSync('docs/screenshots', { recursive: true });
    copyFileSync(join('test-artifacts', 'browser', 'log-search-chart.png'), join('docs', 'screenshots', 'log-search-chart.png'));

    await page.getByRole('button', { name: 'Table' }).click();
    await page.locator('.results-grid').waitFor();
    expect(await chart.count()).toBe(0);
    expect((await columnCells(1)).sort()).toEqual(['db1', 'db1', 'web1', 'web1', 'web1']);
    expect(await page.getByRole('button', { name: 'Table' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Chart' }).click();
    await expect.poll(async () => (await drawnChart())?.datasets.length, { timeout: 5_000 }).toBe(2);
    // Its colours are the theme's CSS variables: the dark theme draws it again in dark-theme text.
    expect((await drawnChart())?.textColor).toBe('#1d2330');
    await page.getByRole('button', { name: 'Switch theme' }).click();
    await expect.poll(async () => (await drawnChart())?.textColor, { timeout: 5_000 }).toBe('#e6e9ef');
    expect((await drawnChart())?.datasets.length).toBe(2);
    await screenshot(page, 'log-search-chart-dark');
    await page.getByRole('button', { name: 'Switch theme' }).click();
    await expect.poll(async () => (await drawnChart())?.textColor, { timeout: 5_000 }).toBe('#1d2330');
  });

  it('draws range … | render columnchart as one bar per row', async () => {
    await runQuery('range x from 1 to 6 step 1 | extend squared = x * x | render columnchart');
    await expect.poll(drawnChart, { timeout: 15_000 }).toMatchObject({ type: 'bar', datasets: [{ label: 'squared', points: 6 }] });
    expect(await page.getByTestId('results-chart').getAttribute('data-visualization')).toBe('columnchart');
  });

  it('draws a make-series result as one line per series', async () => {
    await runQuery(`${BYTES} | make-series BytesSent = sum(BytesSent) default = 0 on TimeGenerated from datetime(2024-05-01 10:00) to datetime(2024-05-01 10:20) step 5m by Computer | render timechart`);
    await expect.poll(drawnChart, { timeout: 15_000 }).toMatchObject({
      type: 'line', datasets: [{ label: 'db1', points: 4 }, { label: 'web1', points: 4 }],
    });
    expect(await page.getByTestId('row-count').textContent()).toBe('2 rows');
    await screenshot(page, 'log-search-make-series');
  });

  it('shows a visualization it does not draw as the grid, with a note', async () => {
    await runQuery('range x from 1 to 3 step 1 | render card');
    await expect.poll(() => page.getByTestId('row-count').textContent(), { timeout: 15_000 }).toBe('3 rows');
    expect(await page.locator('.chart-note').textContent()).toContain("'card'");
    expect(await page.getByRole('button', { name: 'Chart' }).count()).toBe(0);
    expect(await page.getByTestId('results-chart').count()).toBe(0);
  });

});
