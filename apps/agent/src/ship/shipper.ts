import { backoffDelayMs, DEFAULT_BACKOFF, parseRetryAfterMs, type BackoffPolicy } from './backoff.js';
import type { QueuedBatch } from './disk-queue.js';
import type { IngestPoster, IngestResponse } from './ingest-client.js';
import { classifyIngestStatus } from './ingest-outcome.js';

/** The part of `DiskQueue` the shipper uses (a fake in unit tests). */
export interface ShipperQueue {
  peek(): Promise<QueuedBatch | undefined>;
  ack(id: string): Promise<void>;
  setAside(id: string, reason: string): Promise<void>;
}

/** Timer functions, injectable so unit tests run backoff without waiting. */
export interface ShipperTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Structurally a subset of pino's logger. */
export interface ShipperLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** Options of {@link Shipper}. */
export interface ShipperOptions {
  readonly queue: ShipperQueue;
  readonly poster: IngestPoster;
  readonly backoff?: Partial<BackoffPolicy>;
  /** How often an idle shipper looks at the queue without being kicked. Default 5 s. */
  readonly idlePollMs?: number;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly timers?: ShipperTimers;
  readonly logger?: ShipperLogger;
}

/** The last error the shipper met, for `agent status`. */
export interface ShipperError {
  readonly atMs: number;
  readonly message: string;
  /** The HTTP status when the server answered. */
  readonly status?: number;
}

/** What `agent status` shows about shipping. */
export interface ShipperStatus {
  readonly running: boolean;
  readonly lastSuccessAtMs: number | null;
  readonly lastError: ShipperError | null;
  readonly consecutiveFailures: number;
  /** When the next retry is due, while backing off. */
  readonly nextAttemptAtMs: number | null;
  readonly batchesSent: number;
  readonly batchesSetAside: number;
}

const REASON_BODY_CHARS = 4096;

const realTimers: ShipperTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/**
 * Sends the queue's batches to the server, oldest first, one at a time: a batch leaves the queue
 * only on a 200 (the server's durable commit), so at-least-once plus the server's dedup on
 * `batchId` gives exactly-once storage. Retryable failures back off exponentially with full
 * jitter; 400/413 set the batch aside and the queue moves on.
 */
export class Shipper {
  readonly #queue: ShipperQueue;
  readonly #poster: IngestPoster;
  readonly #backoff: BackoffPolicy;
  readonly #idlePollMs: number;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #timers: ShipperTimers;
  readonly #logger: ShipperLogger | undefined;
  #loop: Promise<void> | undefined;
  #stopping = false;
  #inFlight: AbortController | undefined;
  #sleepTimer: unknown;
  #wake: (() => void) | undefined;
  #idle = false;
  #kicked = false;
  #status: Omit<ShipperStatus, 'running'> = {
    lastSuccessAtMs: null,
    lastError: null,
    consecutiveFailures: 0,
    nextAttemptAtMs: null,
    batchesSent: 0,
    batchesSetAside: 0,
  };

  constructor(options: ShipperOptions) {
    this.#queue = options.queue;
    this.#poster = options.poster;
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.#idlePollMs = options.idlePollMs ?? 5_000;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#timers = options.timers ?? realTimers;
    this.#logger = options.logger;
  }

  /** Starts the send loop (no-op when running). */
  start(): void {
    if (this.#loop !== undefined) return;
    this.#stopping = false;
    this.#loop = this.#run();
  }

  /**
   * Stops promptly: aborts the request in flight (its batch stays queued and is sent again
   * later; the server deduplicates), cancels any backoff timer, and resolves when the loop is out.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#inFlight?.abort();
    this.#endSleep();
    await this.#loop;
    this.#loop = undefined;
  }

  /** Tells an idle shipper that a batch was queued. A backoff wait is not cut short. */
  kick(): void {
    this.#kicked = true;
    if (this.#idle) this.#endSleep();
  }

  status(): ShipperStatus {
    return { running: this.#loop !== undefined && !this.#stopping, ...this.#status };
  }

  /** A method, not the field: the loop reads it after awaits, where stop() may have flipped it. */
  #stopRequested(): boolean {
    return this.#stopping;
  }

  #wasKicked(): boolean {
    return this.#kicked;
  }

  async #run(): Promise<void> {
    while (!this.#stopRequested()) {
      try {
        // A kick that lands while peek runs must not be lost to the idle wait below.
        this.#kicked = false;
        const batch = await this.#queue.peek();
        if (this.#stopRequested()) break;
        if (batch === undefined) {
          if (!this.#wasKicked()) await this.#sleep(this.#idlePollMs, true);
          continue;
        }
        await this.#sendOne(batch);
      } catch (error) {
        // The queue's disk failed (full, read-only): same treatment as a network error.
        if (this.#stopRequested()) break;
        await this.#failed(`queue: ${(error as Error).message}`, undefined, undefined);
      }
    }
  }

  async #sendOne(batch: QueuedBatch): Promise<void> {
    let response: IngestResponse;
    const controller = new AbortController();
    this.#inFlight = controller;
    try {
      response = await this.#poster.post(batch.body, controller.signal);
    } catch (error) {
      if (this.#stopping) return;
      await this.#failed((error as Error).message, undefined, undefined);
      return;
    } finally {
      this.#inFlight = undefined;
    }
    if (this.#stopping && response.status !== 200) return;
    const verdict = classifyIngestStatus(response.status);
    switch (verdict) {
      case 'ack':
        await this.#queue.ack(batch.id);
        this.#succeeded({ batchesSent: this.#status.batchesSent + 1 });
        return;
      case 'permanent': {
        const reason = `HTTP ${response.status}: ${response.body.slice(0, REASON_BODY_CHARS)}`;
        await this.#queue.setAside(batch.id, reason);
        this.#logger?.warn({ batchId: batch.batchId, status: response.status, reason }, 'batch refused, set aside');
        // The server answered, so the link is fine: no backoff for the next batch.
        this.#succeeded({ batchesSetAside: this.#status.batchesSetAside + 1 });
        this.#status = { ...this.#status, lastError: { atMs: this.#now(), message: reason, status: response.status } };
        return;
      }
      case 'retry':
        await this.#failed(`HTTP ${response.status}: ${response.body.slice(0, 512)}`, response.status, response);
        return;
    }
  }

  #succeeded(counts: Partial<Pick<ShipperStatus, 'batchesSent' | 'batchesSetAside'>>): void {
    this.#status = {
      ...this.#status,
      ...counts,
      lastSuccessAtMs: this.#now(),
      consecutiveFailures: 0,
      nextAttemptAtMs: null,
    };
  }

  async #failed(message: string, status: number | undefined, response: IngestResponse | undefined): Promise<void> {
    const nowMs = this.#now();
    const failures = this.#status.consecutiveFailures + 1;
    const retryAfterMs = parseRetryAfterMs(response?.retryAfter, nowMs);
    const delayMs = backoffDelayMs(failures, this.#backoff, this.#random, retryAfterMs);
    this.#status = {
      ...this.#status,
      consecutiveFailures: failures,
      lastError: status === undefined ? { atMs: nowMs, message } : { atMs: nowMs, message, status },
      nextAttemptAtMs: nowMs + delayMs,
    };
    this.#logger?.warn({ failures, delayMs, status }, `send failed, retrying: ${message}`);
    await this.#sleep(delayMs, false);
  }

  #sleep(ms: number, idle: boolean): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#idle = idle;
      this.#wake = resolve;
      this.#sleepTimer = this.#timers.setTimeout(() => {
        this.#endSleep();
      }, ms);
    });
  }

  #endSleep(): void {
    if (this.#sleepTimer !== undefined) this.#timers.clearTimeout(this.#sleepTimer);
    this.#sleepTimer = undefined;
    this.#idle = false;
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
