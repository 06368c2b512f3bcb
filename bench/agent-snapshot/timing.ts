import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Wall time (median) and CPU time (mean, user + system, every thread) in milliseconds. */
export interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** `fn` in this process: median wall of `runs` after `warmups` discarded runs, mean CPU. */
export function timeInProcess(fn: () => unknown, runs = 7, warmups = 1): Timing {
  for (let i = 0; i < warmups; i++) fn();
  const times: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs: median(times), cpuMs: (cpu.user + cpu.system) / 1000 / runs };
}

/** CPU of this process's reaped children so far, ms (cutime + cstime of /proc/self/stat, 10 ms ticks). */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // cutime and cstime are fields 16 and 17; fields[0] is field 3.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** Result of timing a whole process. */
export interface ProcessTiming extends Timing {
  readonly stdout: string;
}

/**
 * A whole process, start-up included, stdout into a pipe (read and discarded, as the reference
 * measurements did): median wall and mean CPU of `runs` after one warm-up.
 */
export function timeProcess(command: string, args: readonly string[], runs = 7): ProcessTiming {
  const once = () => {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
    return { ms, stdout: result.stdout.toString() };
  };
  const warm = once();
  const times: number[] = [];
  const cpuBefore = childrenCpuMs();
  for (let i = 0; i < runs; i++) times.push(once().ms);
  return { wallMs: median(times), cpuMs: (childrenCpuMs() - cpuBefore) / runs, stdout: warm.stdout };
}
