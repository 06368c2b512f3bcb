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

/** One timed run. */
interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Something to time: returns one sample per call. */
export type Subject = () => Sample;

/** `fn` in this process; CPU from process.cpuUsage (all threads, helper included). */
export function inProcess(fn: () => unknown): Subject {
  return () => {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    fn();
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    const used = process.cpuUsage(cpu);
    return { wallMs, cpuMs: (used.user + used.system) / 1000 };
  };
}

/** CPU of this process's reaped children so far, ms (cutime + cstime of /proc/self/stat, 10 ms ticks). */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // cutime and cstime are fields 16 and 17; fields[0] is field 3.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/**
 * A whole process, start-up included, its stdout into a pipe (read and discarded, as the
 * reference measurements did). `onOutput` sees the output of each run.
 */
export function wholeProcess(command: string, args: readonly string[], onOutput?: (stdout: string) => void): Subject {
  return () => {
    const cpu = childrenCpuMs();
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 30 });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
    onOutput?.(result.stdout.toString());
    return { wallMs, cpuMs: childrenCpuMs() - cpu };
  };
}

/**
 * Times several subjects in rounds (A B C, A B C, …) so that a machine shared with other jobs
 * loads them alike; the first round is a discarded warm-up. Median wall, mean CPU.
 */
export function timeInterleaved<K extends string>(subjects: Readonly<Record<K, Subject>>, runs = 7): Record<K, Timing> {
  const keys = Object.keys(subjects) as K[];
  const samples = new Map<K, Sample[]>(keys.map((k) => [k, []]));
  for (let round = 0; round <= runs; round++) {
    for (const key of keys) {
      const sample = subjects[key]();
      if (round > 0) samples.get(key)?.push(sample);
    }
  }
  const result = {} as Record<K, Timing>;
  for (const key of keys) {
    const list = samples.get(key) ?? [];
    result[key] = { wallMs: median(list.map((s) => s.wallMs)), cpuMs: list.reduce((sum, s) => sum + s.cpuMs, 0) / list.length };
  }
  return result;
}
