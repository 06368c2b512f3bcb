import { describe, expect, it } from 'vitest';
import { GroupCommitQueue } from './group-commit-queue.js';
import { StorageBusyError, StorageClosedError } from './storage.js';

/** A committer that records its groups and can be told to fail on an item. */
function recorder(failOn?: number) {
  const groups: number[][] = [];
  const commit = async (items: readonly number[], lane: number): Promise<string[]> => {
    await new Promise((r) => setTimeout(r, 5));
    groups.push([...items]);
    if (failOn !== undefined && items.includes(failOn)) throw new Error(`bad item ${failOn}`);
    return items.map((i) => `ok ${i} lane ${lane}`);
  };
  return { groups, commit };
}

describe('GroupCommitQueue', () => {
  it('groups what queues up during a commit and answers each item with its own result', async () => {
    const { groups, commit } = recorder();
    const queue = new GroupCommitQueue(commit, () => 1, { maxQueuedWeight: 100, maxGroupWeight: 100 });
    const first = queue.enqueue(1);
    await new Promise((r) => setTimeout(r, 1));
    const rest = [2, 3, 4].map((i) => queue.enqueue(i));
    expect(await Promise.all([first, ...rest])).toEqual(['ok 1 lane 0', 'ok 2 lane 0', 'ok 3 lane 0', 'ok 4 lane 0']);
    expect(groups).toEqual([[1], [2, 3, 4]]);
  });

  it('caps a group by weight but always takes at least one item', async () => {
    const { groups, commit } = recorder();
    const queue = new GroupCommitQueue(commit, (i: number) => i, { maxQueuedWeight: 1000, maxGroupWeight: 10 });
    await Promise.all([50, 4, 4, 4].map((i) => queue.enqueue(i)));
    expect(groups).toEqual([[50], [4, 4], [4]]);
  });

  it('refuses work past the queued weight, except into an empty queue', async () => {
    const { commit } = recorder();
    const queue = new GroupCommitQueue(commit, (i: number) => i, { maxQueuedWeight: 10, maxGroupWeight: 10 });
    const big = queue.enqueue(100);
    await expect(queue.enqueue(1)).rejects.toBeInstanceOf(StorageBusyError);
    await new Promise((r) => setTimeout(r, 1)); // the big item is now committing, the queue empty
    const fits = queue.enqueue(5);
    await expect(queue.enqueue(6)).rejects.toBeInstanceOf(StorageBusyError);
    await expect(Promise.all([big, fits])).resolves.toHaveLength(2);
  });

  it('retries a failed group item by item so that only the bad item fails', async () => {
    const { groups, commit } = recorder(3);
    const queue = new GroupCommitQueue(commit, () => 1, { maxQueuedWeight: 100, maxGroupWeight: 100 });
    const results = await Promise.allSettled([2, 3, 4].map((i) => queue.enqueue(i)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(groups).toEqual([[2, 3, 4], [2], [3], [4]]);
  });

  it('runs groups on several lanes at once when asked', async () => {
    const { commit } = recorder();
    const queue = new GroupCommitQueue(commit, () => 1, { maxQueuedWeight: 100, maxGroupWeight: 1, concurrency: 2 });
    const results = await Promise.all([1, 2, 3, 4].map((i) => queue.enqueue(i)));
    expect(new Set(results.map((r) => r.slice(-6)))).toEqual(new Set(['lane 0', 'lane 1']));
  });

  it('finishes queued items on close and refuses new ones', async () => {
    const { commit } = recorder();
    const queue = new GroupCommitQueue(commit, () => 1, { maxQueuedWeight: 100, maxGroupWeight: 100 });
    const pending = [1, 2].map((i) => queue.enqueue(i));
    await queue.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(2);
    await expect(queue.enqueue(3)).rejects.toBeInstanceOf(StorageClosedError);
  });
});
