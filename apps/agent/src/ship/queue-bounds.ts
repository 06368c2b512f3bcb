/** The two bounds of the on-disk queue. */
export interface QueueLimits {
  /** Largest total size of the queued batch files (compressed, as they will be sent). */
  readonly maxBytes: number;
  /** Largest number of queued batches. */
  readonly maxBatches: number;
}

/** 256 MiB and 10,000 batches: about a week of one-minute windows for a busy host. */
export const DEFAULT_QUEUE_LIMITS: QueueLimits = { maxBytes: 256 * 1024 * 1024, maxBatches: 10_000 };

/**
 * How many of the oldest entries must go so that the rest fit the limits. `sizesBytes` is in
 * queue order, oldest first. The newest entries are kept because they carry the freshest
 * windows and, after an outage, the oldest ones are the least useful to the maps.
 */
export function excessOldest(sizesBytes: readonly number[], limits: QueueLimits): number {
  let total = sizesBytes.reduce((sum, size) => sum + size, 0);
  let count = sizesBytes.length;
  let drop = 0;
  while (count > 0 && (count > limits.maxBatches || total > limits.maxBytes)) {
    total -= sizesBytes[drop] ?? 0;
    count -= 1;
    drop += 1;
  }
  return drop;
}

/** Throws when a limit cannot hold even one batch. */
export function assertQueueLimits(limits: QueueLimits): void {
  if (!Number.isSafeInteger(limits.maxBytes) || limits.maxBytes < 1) {
    throw new RangeError(`queue maxBytes must be a positive integer, got ${limits.maxBytes}`);
  }
  if (!Number.isSafeInteger(limits.maxBatches) || limits.maxBatches < 1) {
    throw new RangeError(`queue maxBatches must be a positive integer, got ${limits.maxBatches}`);
  }
}
