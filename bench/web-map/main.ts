// The map of 1,000 nodes in headless Chromium: time from having the map data to the first frame
// drawn and clickable (view model + column layout + cytoscape), the layout alone, and a real
// click's selection latency. Baseline measured in the same run: ELK's layered layout (through
// cytoscape-elk) of the same graph, layout time alone.
//   node bench/run.mjs bench/web-map/main.ts [--runs 3] [--sizes 250,1000]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';

interface BenchResult { nodes: number; edges: number; layoutMs: number; totalMs: number; viewMs: number }

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] ?? fallback : fallback;
};
const runs = Number(arg('runs', '3'));
const sizes = arg('sizes', '250,1000').split(',').map(Number);
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

async function bundlePage(dir: string): Promise<string> {
  await build({
    entryPoints: [resolve('apps/web/src/features/service-map/canvas/layout-bench-page.tsx')], outfile: join(dir, 'page.js'),
    bundle: true, platform: 'browser', format: 'iife', target: 'es2022', jsx: 'automatic', minify: true,
    define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'warning',
  });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><style>.map-canvas{flex:1;min-width:0;position:relative;overflow:hidden}</style>'
    + '<body style="margin:0"><div id="root"></div><script src="page.js"></script>');
  return pathToFileURL(join(dir, 'index.html')).href;
}

/** Loads the page, waits for the first drawn frame, then clicks a client machine and times the selection. */
async function measure(page: Page, url: string): Promise<BenchResult & { loadMs: number; clickMs: number }> {
  const begun = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as { benchResult?: unknown }).benchResult !== undefined, undefined, { timeout: 60_000 });
  const loadMs = Date.now() - begun;
  const result = await page.evaluate(() => (globalThis as unknown as { benchResult: BenchResult }).benchResult);
  const target = 'm-00000001-0000-4000-8000-000000000000';
  const point = await page.evaluate((id) => (globalThis as unknown as { servicemapCanvas: { clientPoint(i: string): { x: number; y: number } | undefined } })
    .servicemapCanvas.clientPoint(id), target);
  if (point === undefined) throw new Error('the bench map lacks its first client');
  const clicked = Date.now();
  await page.mouse.click(point.x, point.y);
  await page.waitForSelector(`#bench[data-selected="${target}"]`);
  return { ...result, loadMs, clickMs: Date.now() - clicked };
}

const dir = mkdtempSync(join(tmpdir(), 'sm-web-map-bench-'));
const profile = mkdtempSync(join(tmpdir(), 'sm-web-map-profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true, viewport: { width: 1440, height: 900 },
});
try {
  const url = await bundlePage(dir);
  console.log(`web-map: headless Chromium (${context.browser()?.version() ?? 'Debian chromium'}), ${runs} runs per size, medians`);
  for (const size of sizes) {
    const samples: (BenchResult & { loadMs: number; clickMs: number })[] = [];
    for (let i = 0; i < runs; i++) {
      const page = await context.newPage();
      samples.push(await measure(page, `${url}?nodes=${size}`));
      await page.close();
    }
    const page = await context.newPage();
    await page.goto(`${url}?nodes=${size}`);
    await page.waitForFunction(() => (globalThis as { benchResult?: unknown }).benchResult !== undefined);
    // What a map of this size looks like, for the eye (bench/out is not committed).
    await page.screenshot({ path: resolve('bench/out', `web-map-${size}.png`) });
    const elkMs = await page.evaluate(() => (globalThis as unknown as { runElk: () => Promise<number> }).runElk());
    await page.close();
    const first = samples[0];
    const layoutMs = median(samples.map((s) => s.layoutMs));
    console.log([
      `nodes=${first?.nodes ?? size} edges=${first?.edges ?? 0}`,
      `  data → drawn and clickable (view + layout + cytoscape + first frame): ${median(samples.map((s) => s.totalMs)).toFixed(0)} ms`,
      `  column layout alone: ${layoutMs.toFixed(1)} ms; view model: ${median(samples.map((s) => s.viewMs)).toFixed(1)} ms`,
      `  page load incl. parsing the bundle → drawn: ${median(samples.map((s) => s.loadMs)).toFixed(0)} ms; click → selected: ${median(samples.map((s) => s.clickMs)).toFixed(0)} ms`,
      `  baseline ELK layered layout alone: ${elkMs.toFixed(0)} ms (${(elkMs / layoutMs).toFixed(0)}× the column layout)`,
    ].join('\n'));
  }
} finally {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
}
