/**
 * Trace records carry the task (thread) id; TcpEvent wants the process. Threads of Go, Java or
 * libuv programs connect from threads whose id differs from the pid, so look up `Tgid:` in
 * /proc/TID/status, cached briefly (a tid is only reused after the old thread is gone).
 */
import { readFileSync } from 'node:fs';

/** Maps thread ids to process ids through /proc, with a small time-bounded cache. */
export class TgidResolver {
  private readonly cache = new Map<number, { tgid: number; atMs: number }>();

  constructor(
    private readonly procRoot = '/proc',
    private readonly ttlMs = 1000,
    private readonly nowMs: () => number = Date.now,
    private readonly maxEntries = 4096,
  ) {}

  /** The tid's process id, or the tid itself when the thread is gone or 0 (idle/softirq). */
  resolve(tid: number): number {
    if (tid <= 0) return tid;
    const now = this.nowMs();
    const hit = this.cache.get(tid);
    if (hit && now - hit.atMs < this.ttlMs) return hit.tgid;
    const tgid = this.readTgid(tid) ?? tid;
    if (this.cache.size >= this.maxEntries) this.cache.clear();
    this.cache.set(tid, { tgid, atMs: now });
    return tgid;
  }

  private readTgid(tid: number): number | undefined {
    try {
      const status = readFileSync(`${this.procRoot}/${tid}/status`, 'latin1');
      const m = /^Tgid:\s*(\d+)/m.exec(status);
      return m ? Number(m[1]) : undefined;
    } catch {
      return undefined; // exited already: the tid is the best we have
    }
  }
}
