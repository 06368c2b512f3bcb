import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { bundleServerEntry, spawnServer, type ServerChild } from '../../apps/server/src/testing/spawn-server.js';
import { openBrowser } from './browser-session.js';
import { ingestBrowserWorld } from './browser-world.js';

/** A real server child serving the built UI, loaded with the browser world, and a Chromium page on it. */
export interface UiServer {
  readonly server: ServerChild;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Closes the browser, stops the server (by its pid) and removes its data dir. Idempotent enough for afterAll. */
  close(): Promise<void>;
}

/**
 * Starts what every browser test stands on. Whatever was started is stopped again if a later
 * step fails, so a failing beforeAll leaves no server or browser behind.
 */
export async function startUiServer(dataDirPrefix: string): Promise<UiServer> {
  const bundle = await bundleServerEntry();
  const dataDir = mkdtempSync(join(tmpdir(), dataDirPrefix));
  let server: ServerChild | undefined;
  let browser: { context: BrowserContext; close: () => Promise<void> } | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    if (server !== undefined && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
    bundle.cleanup();
  };
  try {
    server = await spawnServer(bundle.file, dataDir, { SERVICEMAP_WEB_DIR: resolve('apps/cli/dist/web') });
    await ingestBrowserWorld(server.url, server.credentials.workspaceId, server.credentials.agentKey, new Date());
    browser = await openBrowser();
    const page = await browser.context.newPage();
    return { server, context: browser.context, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
