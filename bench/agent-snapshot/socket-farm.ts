import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where bench binaries go (git-ignored). */
export const BENCH_OUT = resolve(import.meta.dirname, '..', 'out');
const SOURCE = resolve(import.meta.dirname, '..', 'farm', 'farm.c');

/** Compiles bench/farm/farm.c with cc into bench/out/farm; returns the binary path. */
export function compileFarm(): string {
  mkdirSync(BENCH_OUT, { recursive: true });
  const binary = resolve(BENCH_OUT, 'farm');
  const cc = spawnSync('cc', ['-O2', '-Wall', '-o', binary, SOURCE], { stdio: 'inherit' });
  if (cc.status !== 0) throw new Error('cc failed to build the socket farm');
  return binary;
}

/** A running farm: its parent pid and its children's pids. */
export interface RunningFarm {
  readonly pid: number;
  readonly readyLine: string;
  stop(): Promise<void>;
}

/** Starts the farm and resolves once it prints READY (all connections accepted). */
export function startFarm(binary: string, n: number, k: number, m: number): Promise<RunningFarm> {
  const child = spawn(binary, ['-n', String(n), '-k', String(k), '-m', String(m), '--v6', '0.2'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveFarm, reject) => {
    let output = '';
    child.once('exit', (code) => {
      reject(new Error(`farm exited (${code}) before READY: ${output}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('READY'));
      if (line !== undefined) {
        child.removeAllListeners('exit');
        resolveFarm({ pid: child.pid ?? 0, readyLine: line, stop: () => stopFarm(child) });
      }
    });
  });
}

/** SIGTERM to the farm parent (by pid), which kills and reaps its children. */
function stopFarm(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) {
      done();
      return;
    }
    child.once('exit', () => {
      done();
    });
    child.kill('SIGTERM');
  });
}
