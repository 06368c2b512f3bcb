import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, never a downloaded one. */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** Where screenshots go (kept as test artifacts). */
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');

/** A headless Chromium with a fresh profile directory, removed on close (test support). */
export async function openBrowser(viewport = { width: 1440, height: 900 }): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'sm-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** The canvas probe the map exposes on `window` (see apps/web MapCanvas.tsx). */
interface ProbeHost {
  servicemapCanvas?: { ids(): string[]; clientPoint(id: string): { x: number; y: number } | undefined };
}

/** The client (viewport) point of a map element, read from the canvas probe. */
export async function pointOf(page: Page, id: string): Promise<{ x: number; y: number }> {
  await page.waitForFunction((target) => (globalThis as ProbeHost).servicemapCanvas?.clientPoint(target) !== undefined, id);
  const point = await page.evaluate((target) => (globalThis as ProbeHost).servicemapCanvas?.clientPoint(target), id);
  if (point === undefined) throw new Error(`no ${id} on the map`);
  return point;
}

/** The ids on the map now. */
export async function mapIds(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as ProbeHost).servicemapCanvas?.ids() ?? []);
}

/** Waits until the map holds an element with this id. */
export async function waitForMapElement(page: Page, id: string): Promise<void> {
  await page.waitForFunction((target) => (globalThis as ProbeHost).servicemapCanvas?.ids().includes(target) ?? false, id, { timeout: 15_000 });
}
