// Live: a process that holds a TracefsEventSource and ends by signal or exit must leave no
// instance behind; open() must say why events are unavailable instead of throwing.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TracefsEventSource } from './index.js';

const HOLDER = `
import { TracefsEventSource } from ${JSON.stringify(join(import.meta.dirname, 'index.ts'))};
const opened = TracefsEventSource.open();
if (!opened.ok) { console.log('unavailable ' + opened.message); process.exit(3); }
console.log(opened.source.stats().instanceDir);
if (process.argv[2] === 'exit') setTimeout(() => process.exit(0), 50);
else setInterval(() => undefined, 1000);
`;

describe('TracefsEventSource clean-up at process end (live)', () => {
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tracefs-exit-'));
    writeFileSync(join(dir, 'holder.ts'), HOLDER);
    bundle = join(dir, 'holder.mjs');
    await build({ entryPoints: [join(dir, 'holder.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'esm', logLevel: 'silent' });
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['SIGTERM', 'SIGINT', 'exit'] as const)('removes the instance when the holder ends by %s', async (how) => {
    const child = spawn(process.execPath, [bundle, how], { stdio: ['ignore', 'pipe', 'inherit'] });
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => {
        resolve({ code, signal });
      }),
    );
    try {
      const instance = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => {
        resolve(d.toString().trim());
      }));
      expect(instance).toMatch(new RegExp(`/instances/servicemap-${child.pid ?? 0}$`));
      if (how !== 'exit') {
        expect(existsSync(instance)).toBe(true);
        child.kill(how);
      }
      const { code, signal } = await ended;
      // The signal is re-raised after clean-up, so the holder still dies of it.
      expect(how === 'exit' ? code : signal).toBe(how === 'exit' ? 0 : how);
      expect(existsSync(instance)).toBe(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }
  });
});

describe('TracefsEventSource.open reasons (live: needs root)', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });

  it('reports noTracefs when the root has no instances directory', () => {
    const root = mkdtempSync(join(tmpdir(), 'no-tracefs-'));
    roots.push(root);
    const opened = TracefsEventSource.open({ root });
    expect(opened.ok ? 'ok' : opened.reason).toBe('noTracefs');
  });

  it('reports noSuchEvent when the sock events are missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'no-sock-events-'));
    roots.push(root);
    mkdirSync(join(root, 'instances'));
    mkdirSync(join(root, 'events'));
    writeFileSync(join(root, 'events', 'header_page'), readHeaderPage());
    const opened = TracefsEventSource.open({ root });
    expect(opened.ok ? 'ok' : opened.reason).toBe('noSuchEvent');
    expect(opened.ok ? '' : opened.message).toMatch(/inet_sock_set_state/);
  });
});

function readHeaderPage(): string {
  return '\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n';
}
