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

/** A box in client (viewport) coordinates. */
export interface ClientBox { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number }

/** A badge pill as the canvas probe reports it. */
export interface DrawnPill { id: string; severity: string; provider: string; text: string; colour: string; box: ClientBox }

/** The canvas probe the map exposes on `window` (see apps/web MapCanvas.tsx). */
interface ProbeHost {
  servicemapCanvas?: {
    ids(): string[];
    clientPoint(id: string): { x: number; y: number } | undefined;
    clientBox(id: string): ClientBox | undefined;
    badges(machine: string): DrawnPill[];
  };
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

/** A node's drawn box (no label) in client coordinates. */
export async function boxOf(page: Page, id: string): Promise<ClientBox> {
  await waitForMapElement(page, id);
  const box = await page.evaluate((target) => (globalThis as ProbeHost).servicemapCanvas?.clientBox(target), id);
  if (box === undefined) throw new Error(`no ${id} on the map`);
  return box;
}

/** The badge pills drawn for a machine, left to right. */
export async function pillsOf(page: Page, machine: string): Promise<DrawnPill[]> {
  return page.evaluate((target) => (globalThis as ProbeHost).servicemapCanvas?.badges(target) ?? [], machine);
}

/**
 * The share of the pixels inside `box` that the canvas painted in `rgb` (within a small
 * tolerance for antialiasing): read back from the graph's canvases, topmost layer first.
 */
export async function colourShare(page: Page, box: ClientBox, rgb: readonly [number, number, number]): Promise<number> {
  return page.evaluate(({ box, rgb }) => {
    interface Canvas { getBoundingClientRect(): { left: number; top: number; width: number }; width: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null }
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<Canvas> } }).document;
    const canvases = Array.from(doc.querySelectorAll('[data-testid="map-canvas"] canvas')).reverse();
    let hits = 0;
    let total = 0;
    for (let y = Math.ceil(box.y1) + 1; y < box.y2 - 1; y++) {
      for (let x = Math.ceil(box.x1) + 1; x < box.x2 - 1; x++) {
        total += 1;
        for (const canvas of canvases) {
          const rect = canvas.getBoundingClientRect();
          const scale = canvas.width / rect.width;
          const pixel = canvas.getContext('2d')?.getImageData(Math.floor((x - rect.left) * scale), Math.floor((y - rect.top) * scale), 1, 1).data;
          if (pixel === undefined || (pixel[3] ?? 0) === 0) continue;
          if (Math.abs((pixel[0] ?? 0) - rgb[0]) <= 8 && Math.abs((pixel[1] ?? 0) - rgb[1]) <= 8 && Math.abs((pixel[2] ?? 0) - rgb[2]) <= 8) hits += 1;
          break;
        }
      }
    }
    return total === 0 ? 0 : hits / total;
  }, { box, rgb });
}
