/**
 * Builds bench/connstorm into bench/out and runs it inside a private network namespace that has
 * only `lo`, so the storm's 127.0.0.1 traffic never meets the host's.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** The storm's own report (one JSON line). */
export interface StormResult {
  attempts: number;
  ok: number;
  failed: number;
  seconds: number;
  cpuUserS: number;
  cpuSysS: number;
  lastErrno: number;
}

/** Compiles connstorm.c with the system compiler; returns the binary's path. */
export function compileConnstorm(): string {
  const out = resolve(import.meta.dirname, '..', 'out');
  mkdirSync(out, { recursive: true });
  const binary = resolve(out, 'connstorm');
  const source = resolve(import.meta.dirname, '..', 'connstorm', 'connstorm.c');
  execFileSync('cc', ['-O2', '-Wall', '-o', binary, source], { stdio: 'inherit' });
  return binary;
}

/** A network namespace with `lo` up, deleted by `remove()` or at exit. */
export class StormNetns {
  readonly name = `smbench-${process.pid}`;
  private readonly exitHook = (): void => {
    this.remove();
  };

  constructor() {
    execFileSync('ip', ['netns', 'add', this.name]);
    process.on('exit', this.exitHook);
    execFileSync('ip', ['-n', this.name, 'link', 'set', 'lo', 'up']);
  }

  /** Runs the storm to completion without blocking the event loop (the reader polls meanwhile). */
  run(binary: string, rate: number, seconds: number, port: number, workers: number): Promise<StormResult> {
    const args = ['netns', 'exec', this.name, binary, '--rate', String(rate), '--seconds', String(seconds), '--port', String(port), '--workers', String(workers)];
    const child = spawn('ip', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    return new Promise((resolvePromise, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => {
        if (code === 0) resolvePromise(JSON.parse(out) as StormResult);
        else reject(new Error(`connstorm exited with ${code}`));
      });
    });
  }

  remove(): void {
    process.off('exit', this.exitHook);
    try {
      execFileSync('ip', ['netns', 'del', this.name], { stdio: 'ignore' });
    } catch {
      // Already gone.
    }
  }
}
