import { StorageBusyError, StorageClosedError } from './storage.js';

/**
 * Commits a group of items in one transaction and returns one result per item, in order. `lane`
 * (0 ≤ lane < concurrency) tells concurrent commits apart, e.g. to give each its own connection.
 */
export type GroupCommit<T, R> = (items: readonly T[], lane: number) => Promise<R[]>;

/** Bounds of a {@link GroupCommitQueue}, in the caller's weight unit (records, for ingest). */
export interface GroupCommitLimits {
  /** Enqueueing past this much waiting weight is refused with {@link StorageBusyError}. */
  readonly maxQueuedWeight: number;
  /** A group closes once it holds this much weight (it always takes at least one item). */
  readonly maxGroupWeight: number;
  /**
   * Groups committed at once (default 1). Two let the next group be built while the previous one
   * commits; the committer must then cope with concurrent transactions.
   */
  readonly concurrency?: number;
}

interface Pending<T, R> {
  readonly item: T;
  readonly weight: number;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Serialises writes through one committer and groups whatever queued up while the previous commit
 * ran into the next transaction. One commit (one WAL sync) then covers many small batches, which is
 * where the ingest throughput comes from; each caller is still answered only after the commit
 * that holds its item. A failed group is retried item by item so that one bad item cannot fail
 * the others.
 */
export class GroupCommitQueue<T, R> {
  private readonly pending: Pending<T, R>[] = [];
  private queuedWeight = 0;
  private readonly lanes: (Promise<void> | undefined)[];
  private closed = false;

  constructor(
    private readonly commit: GroupCommit<T, R>,
    private readonly weigh: (item: T) => number,
    private readonly limits: GroupCommitLimits,
  ) {
    this.lanes = Array.from({ length: Math.max(1, limits.concurrency ?? 1) }, () => undefined);
  }

  /** Weight waiting for a commit, for metrics and back-pressure. */
  get depth(): number {
    return this.queuedWeight;
  }

  /** Queues an item; resolves with its result after the commit that holds it. */
  enqueue(item: T): Promise<R> {
    if (this.closed) return Promise.reject(new StorageClosedError('storage is closing'));
    const weight = this.weigh(item);
    // An empty queue takes anything, so a single batch above the bound still gets through.
    if (this.pending.length > 0 && this.queuedWeight + weight > this.limits.maxQueuedWeight) {
      return Promise.reject(new StorageBusyError('write queue is full'));
    }
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, weight, resolve, reject });
      this.queuedWeight += weight;
      const idle = this.lanes.indexOf(undefined);
      if (idle >= 0) this.lanes[idle] = this.run(idle);
    });
  }

  /** Refuses new items and resolves once every queued item is committed or failed. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.lanes.filter((lane): lane is Promise<void> => lane !== undefined));
  }

  private async run(lane: number): Promise<void> {
    // Yield once so that items enqueued in the same tick join the first group.
    await Promise.resolve();
    try {
      while (this.pending.length > 0) {
        const group = this.takeGroup();
        await this.commitGroup(group, lane);
      }
    } finally {
      this.lanes[lane] = undefined;
    }
  }

  private takeGroup(): Pending<T, R>[] {
    const group: Pending<T, R>[] = [];
    let weight = 0;
    while (this.pending.length > 0) {
      const next = this.pending[0];
      if (next === undefined || (group.length > 0 && weight + next.weight > this.limits.maxGroupWeight)) break;
      this.pending.shift();
      group.push(next);
      weight += next.weight;
    }
    this.queuedWeight -= weight;
    return group;
  }

  private async commitGroup(group: readonly Pending<T, R>[], lane: number): Promise<void> {
    try {
      const results = await this.commit(group.map((p) => p.item), lane);
      group.forEach((p, i) => {
        p.resolve(results[i] as R);
      });
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      for (const p of group) await this.commitGroup([p], lane);
    }
  }
}
