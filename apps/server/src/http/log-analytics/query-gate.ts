/**
 * A counting semaphore for queries: at most `slots` run at once, the rest wait in order. Without
 * it, a burst of heavy queries would take every DuckDB thread and every libuv worker, and ingest
 * commits (which need one) would stall behind them.
 */
export class QueryGate {
  private running = 0;
  private readonly waiting: { grant: () => void }[] = [];

  constructor(private readonly slots: number) {}

  /** Queries running and waiting, for metrics and tests. */
  get load(): { readonly running: number; readonly waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Resolves with a release function once a slot is free; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
    if (this.running < this.slots) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser());
        },
      };
      const onAbort = (): void => {
        const index = this.waiting.indexOf(entry);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next query, so `running` stays as it is.
      if (next === undefined) this.running--;
      else next.grant();
    };
  }
}
