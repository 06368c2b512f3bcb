/**
 * Merges per-CPU record batches into one timestamp order. Each CPU's ring buffer is in order,
 * but one socket's transitions may be recorded on different CPUs (process context on one,
 * softirq on another) and the reader visits CPUs one after the other, so a record from a CPU
 * read later may be older than one already seen. Records newer than a cut-off are held back
 * until the next round, when every CPU has been read past them.
 */

/** Anything with a trace timestamp. */
export interface Timestamped {
  readonly tsNs: number;
}

/** Holds records until every CPU has been read past them, then releases them in order. */
export class CpuBatchMerger<T extends Timestamped> {
  private pending: T[] = [];

  /** Records waiting for a later cut-off. */
  get held(): number {
    return this.pending.length;
  }

  /** Adds one CPU's records (in that CPU's order). */
  add(batch: readonly T[]): void {
    for (const record of batch) this.pending.push(record);
  }

  /**
   * Returns the records with `tsNs <= cutoffNs` in timestamp order and keeps the rest.
   * The sort is stable, so records with equal stamps keep their per-CPU order.
   */
  release(cutoffNs: number): T[] {
    if (this.pending.length === 0) return [];
    this.pending.sort((a, b) => a.tsNs - b.tsNs);
    let split = this.pending.length;
    while (split > 0 && (this.pending[split - 1]?.tsNs ?? 0) > cutoffNs) split--;
    const ready = this.pending.slice(0, split);
    this.pending = this.pending.slice(split);
    return ready;
  }

  /** Returns everything, in order (on close). */
  releaseAll(): T[] {
    return this.release(Number.POSITIVE_INFINITY);
  }
}
