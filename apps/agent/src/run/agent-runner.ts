import { mkdirSync } from 'node:fs';
import type { AgentHealth, MachineInventory } from '@servicemap/protocol';
import type { TcpEventSource } from '../model/tcp-event.js';
import type { DiskQueue, Shipper } from '../ship/index.js';
import type { Collection } from './collection.js';
import { processInventoryOf, type ProductLookup } from './process-inventory.js';
import { ReportBuilder } from './report-builder.js';
import { writeStatus, type AgentStatus } from './status-file.js';

/** Structurally a subset of pino's logger. */
export interface RunnerLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface RunnerParts {
  readonly agentId: string;
  readonly version: string;
  readonly stateDir: string;
  readonly namespaces: 'own' | 'all';
  readonly serverUrl: string | null;
  readonly collection: Collection;
  readonly events: TcpEventSource | undefined;
  readonly limitations: readonly string[];
  readonly queue: DiskQueue;
  readonly shipper: Shipper | undefined;
  readonly machineInventory: (nowMs: number) => MachineInventory;
  readonly products: ProductLookup;
  readonly names: { user(uid: number): string; group(gid: number): string };
  readonly logger: RunnerLogger;
  /** Values never to report in a command line (the agent's key); common secret patterns are redacted anyway. */
  readonly secrets?: readonly string[];
  /** Full scans: every this often in snapshot mode (counting), in events mode to reconcile. */
  readonly snapshotIntervalMs: number;
  readonly reconcileIntervalMs?: number;
  readonly drainIntervalMs?: number;
  readonly windowMs?: number;
  /** After a window ends, wait this long for late events before closing it. */
  readonly windowGraceMs?: number;
  /** On stop, how long to wait for the shipper to send what is queued. Default 5 s. */
  readonly finalFlushMs?: number;
  readonly now?: () => number;
}

/**
 * Runs collection on a schedule: drains kernel events often, reads socket tables at each window
 * end, closes one-minute windows into reports and queues them for the shipper. All timing lives
 * here; the collection and aggregation it drives are pure.
 */
export class AgentRunner {
  readonly #p: RunnerParts;
  readonly #now: () => number;
  readonly #windowMs: number;
  readonly #builder: ReportBuilder;
  readonly #timers: NodeJS.Timeout[] = [];
  #windowTimer: NodeJS.Timeout | undefined;
  #lastWindowAtMs: number | null = null;
  readonly #startedAt: string;
  #stopped = false;
  #closing: Promise<void> = Promise.resolve();

  constructor(parts: RunnerParts) {
    this.#p = parts;
    this.#now = parts.now ?? Date.now;
    this.#windowMs = parts.windowMs ?? 60_000;
    this.#builder = new ReportBuilder(parts.agentId);
    this.#startedAt = new Date(this.#now()).toISOString();
  }

  /** Takes the first full look and starts the schedule. */
  start(): void {
    mkdirSync(this.#p.stateDir, { recursive: true });
    const { collection, logger } = this.#p;
    const snapshot = collection.fullScan(this.#now());
    logger.info(
      { mode: collection.mode, processes: snapshot.processes.size, sockets: snapshot.sockets.length, netns: snapshot.netns.length },
      'first scan done',
    );
    if (collection.mode === 'events') {
      this.#every(this.#p.drainIntervalMs ?? 250, () => {
        collection.drainEvents();
      });
      this.#every(this.#p.reconcileIntervalMs ?? 300_000, () => {
        collection.drainEvents();
        collection.fullScan(this.#now());
      });
    } else {
      this.#every(this.#p.snapshotIntervalMs, () => collection.fullScan(this.#now()));
    }
    this.#every(10_000, () => { this.#writeStatus(); });
    this.#scheduleWindow();
    this.#p.shipper?.start();
    this.#writeStatus();
  }

  #every(ms: number, task: () => unknown): void {
    const timer = setInterval(() => {
      try {
        task();
      } catch (error) {
        this.#p.logger.error({ err: error }, 'collection task failed');
      }
    }, ms);
    this.#timers.push(timer);
  }

  #scheduleWindow(): void {
    if (this.#stopped) return;
    const now = this.#now();
    const nextEnd = Math.floor(now / this.#windowMs) * this.#windowMs + this.#windowMs;
    const delay = nextEnd + (this.#p.windowGraceMs ?? 1500) - now;
    this.#windowTimer = setTimeout(() => {
      this.#closing = this.#closeWindow(nextEnd).finally(() => {
        this.#scheduleWindow();
      });
    }, delay);
  }

  /** Ends the window(s) up to `endMs`: live counts from a table read, records, reports, queue. */
  async #closeWindow(endMs: number): Promise<void> {
    const { collection, logger } = this.#p;
    try {
      // Bytes first: `ss` runs in the background while events keep coming.
      const bytes = await collection.readBytes().catch((error: unknown) => {
        logger.warn({ err: error }, 'reading byte counters failed');
        return [];
      });
      collection.drainEvents();
      if (collection.mode === 'events') collection.markWindowEndFromEvents(endMs - 1);
      else {
        collection.fullScan(this.#now());
        collection.markWindowEnd(endMs - 1);
      }
      collection.applyBytes(bytes, endMs - 1);
      const records = collection.closeWindows(endMs);
      await this.#report(records, this.#now());
      this.#lastWindowAtMs = endMs;
    } catch (error) {
      logger.error({ err: error }, 'closing a window failed');
    }
    this.#writeStatus();
  }

  async #report(records: ReturnType<Collection['closeWindows']>, nowMs: number): Promise<void> {
    const { collection, queue, logger } = this.#p;
    const active = collection.takeActivePools();
    const listeners = collection.view?.listeners() ?? [];
    const rows = [...active]
      .map((id) => collection.pools.pools.get(id))
      .flatMap((pool) => (pool ? [processInventoryOf(pool, listeners, this.#p.products, this.#p.names, nowMs, this.#p.secrets)] : []));
    const reports = this.#builder.build(
      {
        computer: this.#builder.machineIfDue(this.#p.machineInventory(nowMs), nowMs),
        processes: this.#builder.processesDue(rows, nowMs),
        connections: records.connections,
        boundPorts: records.boundPorts,
      },
      this.#health(),
      nowMs,
    );
    for (const report of reports) {
      const result = await queue.enqueue(report);
      if (result.droppedOldest > 0) logger.warn({ dropped: result.droppedOldest }, 'queue full: dropped the oldest batches');
    }
    logger.info(
      { connections: records.connections.length, boundPorts: records.boundPorts.length, reports: reports.length, queued: queue.depth() },
      'window closed',
    );
    this.#p.shipper?.kick();
  }

  #health(): AgentHealth {
    const { collection, queue } = this.#p;
    return {
      mode: collection.mode,
      limitations: [...this.#p.limitations, ...(collection.snapshot?.limitations ?? [])].slice(0, 32),
      eventsLost: collection.lostEvents(),
      batchesDropped: queue.counters().batchesDropped,
      queueDepth: queue.depth(),
    };
  }

  status(): AgentStatus {
    const { collection, queue, shipper } = this.#p;
    const shipping = shipper?.status();
    const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
    return {
      pid: process.pid,
      agentId: this.#p.agentId,
      version: this.#p.version,
      startedAt: this.#startedAt,
      updatedAt: new Date(this.#now()).toISOString(),
      mode: collection.mode,
      namespaces: this.#p.namespaces,
      limitations: this.#health().limitations,
      server: this.#p.serverUrl,
      lastWindowAt: iso(this.#lastWindowAtMs),
      lastSuccessfulSendAt: iso(shipping?.lastSuccessAtMs),
      lastError: shipping?.lastError
        ? { at: new Date(shipping.lastError.atMs).toISOString(), message: shipping.lastError.message, ...(shipping.lastError.status === undefined ? {} : { status: shipping.lastError.status }) }
        : null,
      queueDepth: queue.depth(),
      queueBytes: queue.bytes(),
      batchesDropped: queue.counters().batchesDropped,
      batchesSetAside: queue.counters().batchesRejected,
      eventsLost: collection.lostEvents(),
      unattributedEvents: collection.stats.unattributedEvents,
      unattributedSockets: collection.stats.unattributedSockets,
    };
  }

  #writeStatus(): void {
    try {
      writeStatus(this.#p.stateDir, this.status());
    } catch (error) {
      this.#p.logger.warn({ err: error }, 'cannot write the status file');
    }
  }

  /** Gives the shipper a bounded time to send what is queued; what it cannot send stays queued. */
  async #flush(deadlineMs: number): Promise<void> {
    const shipper = this.#p.shipper;
    if (!shipper) return;
    shipper.kick();
    const until = Date.now() + deadlineMs;
    while (this.#p.queue.depth() > 0 && Date.now() < until && shipper.status().consecutiveFailures === 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Stops collecting. The window in progress is closed early and queued, so a restart loses
   * nothing it had counted; the queue keeps whatever the shipper has not sent.
   */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const timer of this.#timers) clearInterval(timer);
    if (this.#windowTimer) clearTimeout(this.#windowTimer);
    await this.#closing;
    const now = this.#now();
    const partialEnd = Math.floor(now / this.#windowMs) * this.#windowMs + this.#windowMs;
    await this.#closeWindow(partialEnd);
    await this.#flush(this.#p.finalFlushMs ?? 5000);
    await this.#p.shipper?.stop();
    await this.#p.events?.close();
    this.#writeStatus();
  }
}
