import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { AgentReport } from '@servicemap/protocol';
import { assertQueueLimits, DEFAULT_QUEUE_LIMITS, excessOldest, type QueueLimits } from './queue-bounds.js';
import { loadQueueCounters, saveQueueCounters, type QueueCounters } from './queue-counters.js';
import { fsyncDir, TEMP_SUFFIX, tempPathFor, writeFileAtomic, writeSyncedFile } from './write-file-atomic.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** `<16-digit sequence>-<batchId>.json.gz`: the names sort in queue order, across restarts too. */
const BATCH_FILE = /^(\d{16})-([0-9a-fA-F-]{36})\.json\.gz$/;
const SEQ_DIGITS = 16;

/** Options of {@link DiskQueue.open}. */
export interface DiskQueueOptions {
  /** The agent's state directory; the queue lives in `queue/`, set-aside batches in `rejected/`. */
  readonly stateDir: string;
  readonly limits?: Partial<QueueLimits>;
  /** How many set-aside batches to keep for inspection (oldest deleted first). Default 100. */
  readonly maxRejectedKept?: number;
  /** Wall clock, injectable for tests. */
  readonly now?: () => number;
}

/** The oldest queued batch, ready to send. */
export interface QueuedBatch {
  /** Queue-local id (the file name); pass it to `ack` or `setAside`. */
  readonly id: string;
  readonly batchId: string;
  /** The gzip-compressed JSON body, exactly the bytes to send. */
  readonly body: Buffer;
}

/** What `enqueue` did. */
export interface EnqueueResult {
  /** The queue-local id, or undefined when the batch alone is larger than the byte bound. */
  readonly id: string | undefined;
  /** How many older batches were dropped to make room. */
  readonly droppedOldest: number;
}

/** Temp files are half-written leftovers of a crash: never valid, always safe to delete. */
async function removeTempFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.startsWith('.') && name.endsWith(TEMP_SUFFIX)) await rm(join(dir, name), { force: true });
  }
}

interface Entry {
  readonly id: string;
  readonly seq: number;
  readonly batchId: string;
  readonly sizeBytes: number;
}

/**
 * A bounded on-disk FIFO of agent reports, one gzip file per batch, so a server outage or an
 * agent restart loses nothing until the bounds are hit. Every write is temp file + fsync +
 * rename + directory fsync, so a crash leaves either the whole batch or none of it.
 *
 * Operations are serialised inside the instance; one process owns a state directory.
 */
export class DiskQueue {
  readonly #queueDir: string;
  readonly #rejectedDir: string;
  readonly #countersPath: string;
  readonly #limits: QueueLimits;
  readonly #maxRejectedKept: number;
  readonly #now: () => number;
  #entries: Entry[] = [];
  #totalBytes = 0;
  #nextSeq = 0;
  #counters: QueueCounters;
  #chain: Promise<unknown> = Promise.resolve();

  private constructor(options: DiskQueueOptions, limits: QueueLimits, counters: QueueCounters) {
    this.#queueDir = join(options.stateDir, 'queue');
    this.#rejectedDir = join(options.stateDir, 'rejected');
    this.#countersPath = join(options.stateDir, 'queue-counters.json');
    this.#limits = limits;
    this.#maxRejectedKept = options.maxRejectedKept ?? 100;
    this.#now = options.now ?? Date.now;
    this.#counters = counters;
  }

  /**
   * Opens (creating if needed) the queue in `stateDir`: removes temp files a crash left behind,
   * indexes the batches in order and applies the bounds (they may have been lowered since).
   */
  static async open(options: DiskQueueOptions): Promise<DiskQueue> {
    const limits = { ...DEFAULT_QUEUE_LIMITS, ...options.limits };
    assertQueueLimits(limits);
    await mkdir(join(options.stateDir, 'queue'), { recursive: true, mode: 0o700 });
    await mkdir(join(options.stateDir, 'rejected'), { recursive: true, mode: 0o700 });
    const counters = await loadQueueCounters(join(options.stateDir, 'queue-counters.json'));
    const queue = new DiskQueue(options, limits, counters);
    await removeTempFiles(options.stateDir);
    await removeTempFiles(join(options.stateDir, 'rejected'));
    await queue.#load();
    return queue;
  }

  /** Batches waiting to be sent. */
  depth(): number {
    return this.#entries.length;
  }

  /** Total compressed size of the waiting batches. */
  bytes(): number {
    return this.#totalBytes;
  }

  /** Drop and rejection counters since the queue was created (persisted). */
  counters(): QueueCounters {
    return this.#counters;
  }

  /** Compresses the report and appends it durably; drops the oldest batches if a bound is hit. */
  async enqueue(report: AgentReport): Promise<EnqueueResult> {
    if (!UUID.test(report.batchId)) throw new TypeError(`batchId is not a UUID: ${report.batchId}`);
    // Compressed inside the exclusive section so concurrent callers keep their call order.
    return this.#exclusive(async () => this.#append(report.batchId, await gzipAsync(JSON.stringify(report))));
  }

  /**
   * The oldest batch with its bytes, or undefined when the queue is empty. A batch that cannot be
   * read back (truncated, not gzip, not a report) is set aside here so it cannot block the queue.
   */
  async peek(): Promise<QueuedBatch | undefined> {
    return this.#exclusive(async () => {
      for (;;) {
        const entry = this.#entries[0];
        if (entry === undefined) return undefined;
        const problem = await this.#readBatch(entry);
        if (typeof problem !== 'string') return problem;
        await this.#setAside(entry, `corrupt on disk: ${problem}`);
      }
    });
  }

  /** Deletes a batch the server acknowledged. Unknown ids (already dropped) are ignored. */
  async ack(id: string): Promise<void> {
    await this.#exclusive(async () => {
      const entry = this.#entries.find((e) => e.id === id);
      if (entry === undefined) return;
      await rm(join(this.#queueDir, id), { force: true });
      await fsyncDir(this.#queueDir);
      this.#forget(entry);
    });
  }

  /**
   * Moves a batch the server refused for good to `rejected/` with the reason beside it, and
   * counts it. Unknown ids are ignored.
   */
  async setAside(id: string, reason: string): Promise<void> {
    await this.#exclusive(async () => {
      const entry = this.#entries.find((e) => e.id === id);
      if (entry !== undefined) await this.#setAside(entry, reason);
    });
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#chain.then(task);
    // The chain must survive a failed task, or one I/O error would wedge every later call.
    this.#chain = result.catch(() => undefined);
    return result;
  }

  async #load(): Promise<void> {
    await removeTempFiles(this.#queueDir);
    const entries: Entry[] = [];
    for (const name of await readdir(this.#queueDir)) {
      const match = BATCH_FILE.exec(name);
      if (match === null) continue;
      const info = await stat(join(this.#queueDir, name));
      entries.push({ id: name, seq: Number(match[1]), batchId: match[2] ?? '', sizeBytes: info.size });
    }
    entries.sort((a, b) => a.seq - b.seq);
    this.#entries = entries;
    this.#totalBytes = entries.reduce((sum, e) => sum + e.sizeBytes, 0);
    this.#nextSeq = (entries.at(-1)?.seq ?? -1) + 1;
    await this.#dropOldest(excessOldest(entries.map((e) => e.sizeBytes), this.#limits));
  }

  async #append(batchId: string, body: Buffer): Promise<EnqueueResult> {
    if (body.length > this.#limits.maxBytes) {
      await this.#count(1, body.length, 0);
      return { id: undefined, droppedOldest: 0 };
    }
    const sizes = [...this.#entries.map((e) => e.sizeBytes), body.length];
    const droppedOldest = excessOldest(sizes, this.#limits);
    await this.#dropOldest(droppedOldest);
    const seq = this.#nextSeq;
    this.#nextSeq += 1;
    const id = `${String(seq).padStart(SEQ_DIGITS, '0')}-${batchId}.json.gz`;
    const path = join(this.#queueDir, id);
    const temp = tempPathFor(path);
    try {
      await writeSyncedFile(temp, body, 0o600);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await fsyncDir(this.#queueDir);
    this.#entries.push({ id, seq, batchId, sizeBytes: body.length });
    this.#totalBytes += body.length;
    return { id, droppedOldest };
  }

  async #dropOldest(count: number): Promise<void> {
    if (count === 0) return;
    const victims = this.#entries.slice(0, count);
    for (const victim of victims) await rm(join(this.#queueDir, victim.id), { force: true });
    await fsyncDir(this.#queueDir);
    for (const victim of victims) this.#forget(victim);
    await this.#count(count, victims.reduce((sum, v) => sum + v.sizeBytes, 0), 0);
  }

  async #count(dropped: number, droppedBytes: number, rejected: number): Promise<void> {
    this.#counters = {
      batchesDropped: this.#counters.batchesDropped + dropped,
      bytesDropped: this.#counters.bytesDropped + droppedBytes,
      batchesRejected: this.#counters.batchesRejected + rejected,
    };
    await saveQueueCounters(this.#countersPath, this.#counters);
  }

  #forget(entry: Entry): void {
    const index = this.#entries.indexOf(entry);
    if (index < 0) return;
    this.#entries.splice(index, 1);
    this.#totalBytes -= entry.sizeBytes;
  }

  /** Reads and checks one batch; returns what is wrong with it as a string. */
  async #readBatch(entry: Entry): Promise<QueuedBatch | string> {
    let body: Buffer;
    try {
      body = await readFile(join(this.#queueDir, entry.id));
    } catch (error) {
      return `unreadable: ${(error as Error).message}`;
    }
    try {
      const parsed = JSON.parse((await gunzipAsync(body)).toString('utf8')) as { batchId?: unknown } | null;
      if (parsed?.batchId !== entry.batchId) return 'batchId in the file does not match its name';
    } catch (error) {
      return (error as Error).message;
    }
    return { id: entry.id, batchId: entry.batchId, body };
  }

  async #setAside(entry: Entry, reason: string): Promise<void> {
    const rejectedAtMs = this.#now();
    const name = `${String(rejectedAtMs).padStart(SEQ_DIGITS, '0')}-${entry.id}`;
    const target = join(this.#rejectedDir, name);
    await writeFileAtomic(
      `${target}.reason.json`,
      `${JSON.stringify({ batchId: entry.batchId, rejectedAt: new Date(rejectedAtMs).toISOString(), reason })}\n`,
    );
    await rename(join(this.#queueDir, entry.id), target).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    });
    await fsyncDir(this.#queueDir);
    await fsyncDir(this.#rejectedDir);
    this.#forget(entry);
    await this.#count(0, 0, 1);
    await this.#pruneRejected();
  }

  /** Keeps `rejected/` bounded: it is for a person to inspect, not a second queue. */
  async #pruneRejected(): Promise<void> {
    const batches = (await readdir(this.#rejectedDir)).filter((n) => n.endsWith('.json.gz')).sort();
    const excess = batches.length - this.#maxRejectedKept;
    for (const name of batches.slice(0, Math.max(0, excess))) {
      await rm(join(this.#rejectedDir, name), { force: true });
      await rm(join(this.#rejectedDir, `${name}.reason.json`), { force: true });
    }
  }
}
