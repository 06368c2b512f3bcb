import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './write-file-atomic.js';

/** What the queue has lost or set aside since it was created; survives restarts. */
export interface QueueCounters {
  /** Batches deleted unsent because the queue hit a bound. */
  readonly batchesDropped: number;
  /** Their compressed size. */
  readonly bytesDropped: number;
  /** Batches the server refused for good (400/413) or that were unreadable on disk. */
  readonly batchesRejected: number;
}

export const ZERO_COUNTERS: QueueCounters = { batchesDropped: 0, bytesDropped: 0, batchesRejected: 0 };

function count(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

/**
 * Reads the counters file. A missing or unreadable file starts from zero: losing the statistics
 * is better than an agent that will not start.
 */
export async function loadQueueCounters(path: string): Promise<QueueCounters> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return ZERO_COUNTERS;
  }
  try {
    const parsed = JSON.parse(text) as Record<string, unknown> | null;
    if (parsed === null || typeof parsed !== 'object') return ZERO_COUNTERS;
    return {
      batchesDropped: count(parsed.batchesDropped),
      bytesDropped: count(parsed.bytesDropped),
      batchesRejected: count(parsed.batchesRejected),
    };
  } catch {
    return ZERO_COUNTERS;
  }
}

/** Writes the counters atomically (they change only on drops and rejections, so rarely). */
export async function saveQueueCounters(path: string, counters: QueueCounters): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify({ version: 1, ...counters })}\n`);
}
