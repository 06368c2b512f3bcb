/**
 * TcpEventSource over a private tracefs instance: sock:inet_sock_set_state and
 * sock:inet_sk_error_report, read in binary from trace_pipe_raw, merged across CPUs and
 * correlated per socket. No eBPF, no native code; needs root and tracefs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TcpEvent, TcpEventSource } from '../../model/tcp-event.js';
import { CpuBatchMerger } from './cpu-batch-merger.js';
import { parseEventFormat, parsePageLayout, type PageLayout } from './event-format.js';
import { onProcessExit } from './exit-cleanup.js';
import { createSockRecordDecoder, type SockRecord, type SockRecordDecoder } from './sock-record-decoder.js';
import { TcpTransitionCorrelator } from './tcp-transition-correlator.js';
import { TgidResolver } from './tgid-resolver.js';
import { TracePipeReader } from './trace-pipe-reader.js';
import { TRACEFS_ROOT, TracefsInstance, removeStaleInstances, type InstanceEvent } from './tracefs-instance.js';

/** Options of {@link TracefsEventSource.open}; every field has a default. */
export interface TracefsEventSourceOptions {
  /** tracefs mount point. Default /sys/kernel/tracing (mounted there if missing and root). */
  readonly root?: string;
  /** Ring buffer per CPU; sized for bursts between polls. Default 4096 KiB. */
  readonly bufferSizeKb?: number;
  /** Background poll period while records come; `drain()` also reads. Default 20 ms. */
  readonly pollIntervalMs?: number;
  /** Longest background poll period while none come. Default 200 ms. */
  readonly idlePollMs?: number;
  /** Sockets tracked at once by the correlator. Default 131072. */
  readonly maxSockets?: number;
  /** Events kept for `drain()` before new ones are dropped (and counted lost). Default 1 M. */
  readonly maxQueuedEvents?: number;
  /** Let the kernel drop transitions the correlator ignores. Default true. */
  readonly kernelFilter?: boolean;
}

/** Why events are unavailable; the agent falls back to snapshots and reports this. */
export type TracefsUnavailableReason = 'notRoot' | 'noTracefs' | 'noSuchEvent' | 'permissionDenied' | 'failed';

/** Result of {@link TracefsEventSource.open}. */
export type TracefsOpenResult =
  | { readonly ok: true; readonly source: TracefsEventSource }
  | { readonly ok: false; readonly reason: TracefsUnavailableReason; readonly message: string };

/** Counters for status pages and benchmarks. */
export interface TracefsSourceStats {
  readonly instanceDir: string;
  readonly recordsDecoded: number;
  readonly pagesRead: number;
  readonly bytesRead: number;
  readonly malformedPages: number;
  readonly trackedSockets: number;
  readonly abortedConnects: number;
  readonly evictedSockets: number;
  /** Events dropped because nobody drained them (included in lostEvents()). */
  readonly droppedEvents: number;
}

const STATE_EVENT = 'sock/inet_sock_set_state';
const ERROR_EVENT = 'sock/inet_sk_error_report';
/** Only transitions the correlator uses: attempts, handshakes, leaving ESTABLISHED, ends. */
const STATE_FILTER = 'protocol == 6 && (oldstate == 7 || newstate == 7 || oldstate == 2 || oldstate == 3 || newstate == 3 || oldstate == 1)';
/** Only connect outcomes (error 0 and resets follow on every close and carry nothing new). */
const ERROR_FILTER = 'protocol == 6 && (error == 111 || error == 110 || error == 113 || error == 101)';
/** Records younger than this stay held: another CPU may still be read past them. */
const HOLDBACK_NS = 2_000_000;

const openedNames = new Set<string>();

class Unavailable extends Error {
  constructor(readonly reason: TracefsUnavailableReason, message: string) {
    super(message);
  }
}

function classify(e: unknown, what: string): Unavailable {
  if (e instanceof Unavailable) return e;
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EACCES' || err.code === 'EPERM') return new Unavailable('permissionDenied', `${what}: ${err.message}`);
  if (err.code === 'ENOENT') return new Unavailable('noSuchEvent', `${what}: ${err.message}`);
  return new Unavailable('failed', `${what}: ${err.message}`);
}

function ensureMounted(root: string): void {
  if (existsSync(join(root, 'instances'))) return;
  if (root === TRACEFS_ROOT) {
    try {
      execFileSync('mount', ['-t', 'tracefs', 'nodev', root], { stdio: 'ignore' });
    } catch {
      // Reported below as noTracefs.
    }
  }
  if (!existsSync(join(root, 'instances'))) throw new Unavailable('noTracefs', `tracefs is not mounted at ${root} and could not be mounted`);
}

/** Picks `servicemap-<pid>`, or `-<n>` when this process already has one open. */
function chooseInstanceName(root: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? `servicemap-${process.pid}` : `servicemap-${process.pid}-${n}`;
    if (openedNames.has(name)) continue;
    const dir = join(root, 'instances', name);
    // Not ours yet exists: left by an earlier process that had our pid. Stale by definition.
    if (existsSync(dir)) rmdirSync(dir);
    return name;
  }
}

/** Collects TcpEvents from the kernel's socket tracepoints. Create with {@link TracefsEventSource.open}. */
export class TracefsEventSource implements TcpEventSource {
  private readonly merger = new CpuBatchMerger<SockRecord>();
  private readonly correlator: TcpTransitionCorrelator;
  private timer: NodeJS.Timeout | undefined;
  private readonly unregisterExit: () => void;
  private queue: TcpEvent[] = [];
  private epochOffsetMs = 0;
  private recordsDecoded = 0;
  private droppedEvents = 0;
  private lastOverruns = 0;
  private closed = false;
  private batch: SockRecord[] = [];
  /** Last error a background poll hit (the timer cannot throw to anyone). */
  lastError: Error | undefined;

  private constructor(
    private readonly instance: TracefsInstance,
    private readonly reader: TracePipeReader,
    private readonly decode: SockRecordDecoder,
    private readonly name: string,
    private readonly options: TracefsEventSourceOptions,
  ) {
    const tgids = new TgidResolver();
    this.correlator = new TcpTransitionCorrelator({
      toEpochMs: (tsNs) => tsNs / 1e6 + this.epochOffsetMs,
      resolvePid: (tid) => tgids.resolve(tid),
      maxSockets: options.maxSockets,
    });
    this.unregisterExit = onProcessExit(() => {
      this.release();
    });
    this.schedule(this.busyPollMs);
  }

  private get busyPollMs(): number {
    return this.options.pollIntervalMs ?? 20;
  }

  /**
   * Polls every `pollIntervalMs` while records come, and backs off (doubling, up to
   * `idlePollMs`) while none do: an idle host then costs a few polls a second, not fifty. The
   * per-CPU buffer holds several times what a busy host writes during the longest idle wait.
   */
  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      const decoded = this.pollSafely();
      if (this.closed) return;
      this.schedule(decoded > 0 ? this.busyPollMs : Math.min(delayMs * 2, this.options.idlePollMs ?? 200));
    }, delayMs);
    this.timer.unref();
  }

  /**
   * Sets up the instance and readers, or says why events are unavailable. Removes instances
   * left by dead processes first (only those).
   */
  static open(options: TracefsEventSourceOptions = {}): TracefsOpenResult {
    const root = options.root ?? TRACEFS_ROOT;
    try {
      if (process.getuid?.() !== 0) throw new Unavailable('notRoot', 'socket events need root (tracefs instances)');
      ensureMounted(root);
      const { layout, decode } = readFormats(root);
      removeStaleInstances(root);
      const name = chooseInstanceName(root);
      const filter = options.kernelFilter ?? true;
      const events: InstanceEvent[] = [
        { path: STATE_EVENT, ...(filter ? { filter: STATE_FILTER } : {}) },
        { path: ERROR_EVENT, ...(filter ? { filter: ERROR_FILTER } : {}) },
      ];
      let instance: TracefsInstance;
      try {
        instance = TracefsInstance.create({ root, name, bufferSizeKb: options.bufferSizeKb ?? 4096, events });
      } catch (e) {
        throw classify(e, `creating instance ${name}`);
      }
      let reader: TracePipeReader;
      try {
        reader = new TracePipeReader(instance.cpuDirs(), layout);
      } catch (e) {
        instance.remove();
        throw classify(e, 'opening trace_pipe_raw');
      }
      openedNames.add(name);
      return { ok: true, source: new TracefsEventSource(instance, reader, decode, name, options) };
    } catch (e) {
      const u = classify(e, 'tracefs');
      return { ok: false, reason: u.reason, message: u.message };
    }
  }

  /** Reads what the kernel has recorded and returns the events completed since the last call. */
  drain(): TcpEvent[] {
    this.poll();
    const out = this.queue;
    this.queue = [];
    return out;
  }

  /** Kernel overruns plus events dropped from an undrained queue, since the source opened. */
  lostEvents(): number {
    if (!this.closed) this.lastOverruns = this.instance.overruns();
    return this.lastOverruns + this.droppedEvents;
  }

  /** Counters for status and benchmarks. */
  stats(): TracefsSourceStats {
    return {
      instanceDir: this.instance.dir,
      recordsDecoded: this.recordsDecoded,
      pagesRead: this.reader.stats.pages,
      bytesRead: this.reader.stats.bytes,
      malformedPages: this.reader.stats.malformedPages,
      trackedSockets: this.correlator.trackedSockets,
      abortedConnects: this.correlator.stats.abortedConnects,
      evictedSockets: this.correlator.stats.evictedSockets,
      droppedEvents: this.droppedEvents,
    };
  }

  /** Stops polling, closes the readers and removes the instance. Idempotent. */
  close(): Promise<void> {
    if (!this.closed) {
      this.lastOverruns = this.instance.overruns();
      this.release();
      this.unregisterExit();
    }
    return Promise.resolve();
  }

  private release(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.reader.close(); // the instance cannot be removed while its pipes are open (EBUSY)
    this.instance.remove();
    openedNames.delete(this.name);
  }

  private pollSafely(): number {
    try {
      return this.poll();
    } catch (e) {
      this.lastError = e instanceof Error ? e : new Error(String(e));
      return 0;
    }
  }

  private readonly collect = (page: Buffer, offset: number, length: number, tsNs: number): void => {
    const record = this.decode(page, offset, length, tsNs);
    if (record) this.batch.push(record);
  };

  /** Reads what the kernel has; returns how many records it decoded. */
  private poll(): number {
    if (this.closed) return 0;
    const decodedBefore = this.recordsDecoded;
    // Take the clock before reading: everything stamped before it is committed by now.
    const nowNs = Number(process.hrtime.bigint());
    this.epochOffsetMs = Date.now() - nowNs / 1e6;
    for (let cpu = 0; cpu < this.reader.cpuCount; cpu++) {
      this.batch = [];
      this.reader.drainCpu(cpu, this.collect);
      this.recordsDecoded += this.batch.length;
      this.merger.add(this.batch);
    }
    const cutoffNs = nowNs - HOLDBACK_NS;
    const events: TcpEvent[] = [];
    for (const record of this.merger.release(cutoffNs)) this.correlator.push(record, events);
    this.correlator.advanceTo(cutoffNs);
    const room = (this.options.maxQueuedEvents ?? 1_000_000) - this.queue.length;
    if (events.length > room) this.droppedEvents += events.length - Math.max(room, 0);
    for (let i = 0; i < Math.min(events.length, Math.max(room, 0)); i++) this.queue.push(events[i] as TcpEvent);
    return this.recordsDecoded - decodedBefore;
  }
}

function readFormats(root: string): { layout: PageLayout; decode: SockRecordDecoder } {
  const read = (rel: string): string => {
    try {
      return readFileSync(join(root, rel), 'latin1');
    } catch (e) {
      throw classify(e, `reading ${rel}`);
    }
  };
  const layout = parsePageLayout(read('events/header_page'));
  const decode = createSockRecordDecoder(
    parseEventFormat(read(`events/${STATE_EVENT}/format`)),
    parseEventFormat(read(`events/${ERROR_EVENT}/format`)),
  );
  return { layout, decode };
}
