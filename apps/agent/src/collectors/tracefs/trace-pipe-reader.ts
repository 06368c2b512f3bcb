/**
 * Reads `per_cpu/cpuN/trace_pipe_raw` without blocking: opened O_NONBLOCK and drained with
 * readSync until EAGAIN. Async fs.read parks a libuv thread on the pipe until the next event:
 * it loses events under load and makes process.exit() hang (see reference §3d).
 */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { PageLayout } from './event-format.js';
import { parseRingBufferPage, type PageEventHandler } from './ring-buffer-page.js';

/** Totals over the reader's life. */
export interface ReaderStats {
  pages: number;
  bytes: number;
  malformedPages: number;
}

/** One fd per CPU; each read returns at most one ring-buffer page. */
export class TracePipeReader {
  private readonly fds: number[];
  private readonly page: Buffer;
  readonly stats: ReaderStats = { pages: 0, bytes: 0, malformedPages: 0 };

  constructor(cpuDirs: readonly string[], private readonly layout: PageLayout) {
    this.page = Buffer.alloc(layout.pageSize);
    this.fds = [];
    try {
      for (const dir of cpuDirs) {
        this.fds.push(openSync(join(dir, 'trace_pipe_raw'), constants.O_RDONLY | constants.O_NONBLOCK));
      }
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** Number of CPUs read. */
  get cpuCount(): number {
    return this.fds.length;
  }

  /** Reads everything CPU `index` has committed so far, calling `onEvent` per data event. */
  drainCpu(index: number, onEvent: PageEventHandler): void {
    const fd = this.fds[index];
    if (fd === undefined) return;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, this.page, 0, this.page.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return;
        throw e;
      }
      if (n === 0) return;
      this.stats.pages++;
      this.stats.bytes += n;
      if (n < this.layout.dataOffset) {
        this.stats.malformedPages++;
        continue;
      }
      if (parseRingBufferPage(this.page, 0, this.layout, onEvent).malformed) this.stats.malformedPages++;
    }
  }

  /** Closes every fd. Idempotent. */
  close(): void {
    for (const fd of this.fds.splice(0)) {
      try {
        closeSync(fd);
      } catch {
        // Already closed: nothing to release.
      }
    }
  }
}
