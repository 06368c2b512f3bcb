import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BootstrapCredentials } from '../bootstrap.js';
import { SERVER_STATE_FILE, type ServerState } from '../server.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');

/**
 * Bundles `server-entry.ts` into a temp dir (test support): Node 20 cannot run our TypeScript
 * directly. DuckDB stays external (native); a `node_modules` link lets the bundle resolve it.
 */
export async function bundleServerEntry(): Promise<{ file: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'sm-server-bundle-'));
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  const file = join(dir, 'server.mjs');
  await build({
    entryPoints: [join(here, 'server-entry.ts')], outfile: file, bundle: true, platform: 'node', format: 'esm',
    target: 'node20', external: ['@duckdb/*'], logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return { file, cleanup: () => { rmSync(dir, { recursive: true, force: true }); } };
}

/** A server child process on 127.0.0.1 with an ephemeral port. */
export interface ServerChild {
  readonly child: ChildProcess;
  readonly url: string;
  readonly credentials: BootstrapCredentials;
  /** Resolves with the exit code (or signal name) when the process ends. */
  readonly exited: Promise<number | string>;
}

/** Starts the bundled server on `dataDir` and waits until it listens. */
export async function spawnServer(bundle: string, dataDir: string, env: Record<string, string> = {}): Promise<ServerChild> {
  const statePath = join(dataDir, SERVER_STATE_FILE);
  rmSync(statePath, { force: true });
  const child = spawn(process.execPath, [bundle], {
    env: {
      ...process.env, SERVICEMAP_DATA_DIR: dataDir, SERVICEMAP_HOST: '127.0.0.1', SERVICEMAP_PORT: '0',
      SERVICEMAP_LOG_LEVEL: 'warn', ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<number | string>((done) => {
    child.once('exit', (code, signal) => { done(code ?? signal ?? -1); });
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const state = readState(statePath);
    if (state !== undefined) {
      if (state.pid === child.pid) {
        const credentials = JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as BootstrapCredentials;
        return { child, url: state.url, credentials, exited };
      }
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The state file, or undefined while it is absent or half-written. */
function readState(path: string): ServerState | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ServerState;
  } catch {
    return undefined;
  }
}
