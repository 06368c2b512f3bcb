/**
 * A private tracefs instance (`instances/servicemap-<pid>`): its own ring buffer, clock and
 * enabled events, so the collector never touches the global tracer or other users' instances.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where tracefs is normally mounted. */
export const TRACEFS_ROOT = '/sys/kernel/tracing';

/** Instance names this collector creates: `servicemap-<pid>` or `servicemap-<pid>-<n>`. */
export const INSTANCE_NAME = /^servicemap-(\d+)(?:-\d+)?$/;

/** An event to enable, as `system/name`, with an optional kernel-side filter expression. */
export interface InstanceEvent {
  readonly path: string;
  readonly filter?: string;
}

/** Options of {@link TracefsInstance.create}. */
export interface InstanceOptions {
  readonly root: string;
  readonly name: string;
  /** Ring buffer size per CPU. */
  readonly bufferSizeKb: number;
  readonly events: readonly InstanceEvent[];
}

/** True unless signalling the pid says it does not exist (EPERM still means alive). */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Removes `servicemap-<pid>` instances left by processes that died without cleaning up. */
export function removeStaleInstances(root: string, isAlive: (pid: number) => boolean = isPidAlive): string[] {
  const dir = join(root, 'instances');
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = Number(INSTANCE_NAME.exec(name)?.[1] ?? NaN);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    try {
      rmdirSync(join(dir, name));
      removed.push(name);
    } catch {
      // Someone else (another agent starting at the same time) may have removed it first.
    }
  }
  return removed;
}

/** A created instance; `remove()` must be called after every reader fd is closed. */
export class TracefsInstance {
  private removed = false;

  private constructor(readonly dir: string) {}

  /**
   * Creates and configures the instance: buffer size and the `mono` clock first (changing them
   * clears the buffer), then filters, then the events. On failure the instance is removed again.
   */
  static create(options: InstanceOptions): TracefsInstance {
    const dir = join(options.root, 'instances', options.name);
    mkdirSync(dir);
    const instance = new TracefsInstance(dir);
    try {
      writeFileSync(join(dir, 'buffer_size_kb'), String(options.bufferSizeKb));
      writeFileSync(join(dir, 'trace_clock'), 'mono');
      for (const event of options.events) {
        if (event.filter !== undefined) tryWrite(join(dir, 'events', event.path, 'filter'), event.filter);
        writeFileSync(join(dir, 'events', event.path, 'enable'), '1');
      }
      writeFileSync(join(dir, 'tracing_on'), '1');
    } catch (e) {
      instance.remove();
      throw e;
    }
    return instance;
  }

  /** `per_cpu/cpuN` directories, in CPU order. */
  cpuDirs(): string[] {
    const base = join(this.dir, 'per_cpu');
    return readdirSync(base)
      .filter((n) => /^cpu\d+$/.test(n))
      .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))
      .map((n) => join(base, n));
  }

  /** Sum of `overrun` over the CPUs: events the kernel overwrote before we read them. */
  overruns(): number {
    let total = 0;
    for (const cpu of this.cpuDirs()) {
      const m = /^overrun:\s*(\d+)/m.exec(readFileSync(join(cpu, 'stats'), 'latin1'));
      total += Number(m?.[1] ?? 0);
    }
    return total;
  }

  /** Removes the instance (and with it its events and buffer). Idempotent. */
  remove(): void {
    if (this.removed) return;
    this.removed = true;
    if (!existsSync(this.dir)) return;
    try {
      rmdirSync(this.dir);
    } catch (e) {
      this.removed = false;
      throw e;
    }
  }
}

/** A filter the kernel rejects only costs us the saving: record unfiltered rather than fail. */
function tryWrite(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch {
    // Unfiltered is still correct: the decoder and correlator ignore what they do not need.
  }
}
