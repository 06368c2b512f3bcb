// The agent without root: it still runs, in snapshot mode, and says what it cannot see.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const NOBODY = 65534;
const DIST = join(import.meta.dirname, '../../cli/dist');

describe('servicemap agent as an unprivileged user', () => {
  let work: string;
  let cli: string;
  let agent: ChildProcess | undefined;

  const asNobody = ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups'];

  beforeAll(() => {
    // A copy the unprivileged user can read, wherever the checkout lives.
    work = mkdtempSync(join(tmpdir(), 'sm-unpriv-'));
    chmodSync(work, 0o755);
    cpSync(DIST, join(work, 'dist'), { recursive: true });
    execFileSync('chmod', ['-R', 'a+rX', join(work, 'dist')]);
    cli = join(work, 'dist', 'servicemap.mjs');
    mkdirSync(join(work, 'state'), { mode: 0o700 });
    chownSync(join(work, 'state'), NOBODY, NOBODY);
  });

  afterAll(async () => {
    if (agent && agent.exitCode === null) {
      const exited = new Promise((r) => agent?.once('exit', r));
      agent.kill('SIGTERM');
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('prints a snapshot of its own processes and names what it cannot see', () => {
    const out = execFileSync('setpriv', [...asNobody, process.execPath, cli, 'agent', 'snapshot', '--json'], { encoding: 'utf8' });
    const report = JSON.parse(out) as { limitations: string[]; pools: unknown[] };
    expect(report.limitations.join('\n')).toMatch(/not running as root/);
  });

  it('runs in snapshot mode and reports why in its status', async () => {
    agent = spawn(
      'setpriv',
      [...asNobody, process.execPath, cli, 'agent', 'run', '--state-dir', join(work, 'state'), '--server', 'http://127.0.0.1:9',
        '--workspace', '4b9c93f9-bc37-46df-b43c-899ba829e07b', '--key', 'k', '--log-level', 'warn'],
      { stdio: 'ignore' },
    );
    const statusFile = join(work, 'state', 'status.json');
    for (let i = 0; i < 100 && !existsSync(statusFile); i++) await new Promise((r) => setTimeout(r, 100));
    const status = JSON.parse(readFileSync(statusFile, 'utf8')) as { mode: string; limitations: string[] };
    expect(status.mode).toBe('snapshots');
    expect(status.limitations.join('\n')).toMatch(/kernel events unavailable \(notRoot\)/);
    expect(status.limitations.join('\n')).toMatch(/not running as root/);
    const text = execFileSync('setpriv', [...asNobody, process.execPath, cli, 'agent', 'status', '--state-dir', join(work, 'state')], { encoding: 'utf8' });
    expect(text).toContain('snapshots only');
    expect(text).toContain('running, pid');
  });
});
