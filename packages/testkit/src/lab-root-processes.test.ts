import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cmdlineIs, endStaleRootProcesses, forgetRootProcesses, recordRootProcess } from './lab-root-processes.js';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sm-labstate-'));
  dirs.push(dir);
  return dir;
}

async function sleeper(seconds: string): Promise<ChildProcess> {
  const child = spawn('sleep', [seconds], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child;
}

const exited = (child: ChildProcess): Promise<NodeJS.Signals | null> => new Promise((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode);
  else child.once('exit', (_code, signal) => { resolve(signal); });
});

describe('cmdlineIs', () => {
  it('matches the exact NUL-separated argv only', () => {
    expect(cmdlineIs('node\0a b\0--x\0', ['node', 'a b', '--x'])).toBe(true);
    expect(cmdlineIs('node\0a b\0--x\0', ['node', 'a', 'b', '--x'])).toBe(false);
    expect(cmdlineIs('node\0a\0', ['node'])).toBe(false);
    expect(cmdlineIs('', [])).toBe(false);
  });
});

describe('endStaleRootProcesses', () => {
  it("ends a dead creator's recorded process that still runs its argv, and nothing else", async () => {
    const dir = stateDir();
    const DEAD = 999_999_999;
    const ours = await sleeper('30');
    const reused = await sleeper('31');
    const alive = await sleeper('32');
    recordRootProcess(`smlab-${DEAD}-ab12-`, { pid: ours.pid!, argv: ['sleep', '30'] }, dir);
    // The pid now runs something else (as after pid reuse): not ours to end.
    recordRootProcess(`smlab-${DEAD}-ab12-`, { pid: reused.pid!, argv: ['node', 'server'] }, dir);
    // A lab whose creator lives is not stale.
    recordRootProcess(`smlab-${process.ppid}-cd34-`, { pid: alive.pid!, argv: ['sleep', '32'] }, dir);
    const isAlive = (pid: number): boolean => pid !== DEAD;

    expect(endStaleRootProcesses(isAlive, dir)).toEqual([ours.pid]);
    expect(await exited(ours)).toBe('SIGKILL');
    expect(reused.exitCode === null && reused.signalCode === null).toBe(true);
    expect(alive.exitCode === null && alive.signalCode === null).toBe(true);
    expect(readdirSync(dir)).toEqual([`smlab-${process.ppid}-cd34-root-processes.json`]);
    forgetRootProcesses(`smlab-${process.ppid}-cd34-`, dir);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('does nothing without a state dir', () => {
    const missing = join(stateDir(), 'none');
    expect(endStaleRootProcesses(() => false, missing)).toEqual([]);
    expect(existsSync(missing)).toBe(false);
  });
});
