import type { BoundPortRecord, ConnectionRecord } from '@servicemap/protocol';
import { ConnectionTracker, type TrackerStats } from '../aggregate/connection-tracker.js';
import { SocketView } from '../aggregate/socket-view.js';
import { WindowAggregator } from '../aggregate/window-aggregator.js';
import type { ProcessInfo } from '../model/process-info.js';
import type { SocketEntry } from '../model/socket-entry.js';
import type { Snapshot } from '../model/snapshot.js';
import type { TcpEventSource } from '../model/tcp-event.js';
import { ByteDeltas, type SocketBytes } from '../collectors/bytes/ss-tcp-info.js';
import { TcpState as States } from '../model/socket-entry.js';
import { buildPools, type PoolIndex } from '../pools/process-pools.js';

/** The procfs reader as the collection uses it (a fake in unit tests). */
export interface ProcReader {
  snapshot(nowMs: number): Snapshot;
  rescan(pids: Iterable<number>): ProcessInfo[];
}

export interface CollectionOptions {
  readonly procfs: ProcReader;
  /** Kernel events; absent in snapshot mode. */
  readonly events?: TcpEventSource;
  readonly machine: string;
  readonly namespaces: 'own' | 'all';
  readonly userName: (uid: number) => string;
  /**
   * Local addresses of the namespace a process lives in ('self': the agent's), for self-links
   * and inbound attribution.
   */
  readonly netnsAddresses: (pid: number | 'self') => readonly string[];
  readonly windowMs?: number;
  /** Per-socket byte counters of the namespace of a pid ('self': the agent's); absent: no bytes. */
  readonly readBytes?: (pid: number | 'self', onText: (text: string) => void) => Promise<void>;
}

/** Bytes moved by one socket since the previous read. */
export interface ByteSample {
  readonly netns: number;
  readonly socket: SocketBytes;
  readonly sent: number;
  readonly received: number;
}

/**
 * The agent's collection state: the latest processes, pools and socket view, and the windows
 * being filled. The runner calls it on a schedule; nothing here sets timers or reads the clock.
 */
export class Collection {
  readonly #options: CollectionOptions;
  readonly #aggregator: WindowAggregator;
  readonly #tracker: ConnectionTracker;
  #snapshot: Snapshot | undefined;
  #processes = new Map<number, ProcessInfo>();
  #pools: PoolIndex = { pools: new Map(), poolOfPid: new Map() };
  #view: SocketView | undefined;
  /** Pool ids that had a socket or a counted event since the last `takeActivePools`. */
  #activePools = new Set<string>();
  #addressesOfNetns = new Map<number, readonly string[]>();
  /** One process per covered namespace, to read that namespace's files through. */
  #pidOfNetns = new Map<number, number | 'self'>();
  readonly #byteDeltas = new ByteDeltas();

  constructor(options: CollectionOptions) {
    this.#options = options;
    this.#aggregator = new WindowAggregator(options.windowMs);
    this.#tracker = new ConnectionTracker(this.#aggregator, {
      mode: options.events ? 'events' : 'snapshots',
      namespaces: options.namespaces,
    });
  }

  get mode(): 'events' | 'snapshots' {
    return this.#options.events ? 'events' : 'snapshots';
  }

  /** A full look at processes and sockets (start-up, reconciliation, every scan in snapshot mode). */
  fullScan(nowMs: number): Snapshot {
    const snapshot = this.#options.procfs.snapshot(nowMs);
    // Events mode never looks at these sockets again (events keep the live counts): keeping
    // tens of thousands of entries until the next scan would only cost memory.
    this.#snapshot = this.mode === 'events' ? { ...snapshot, sockets: [] } : snapshot;
    this.#processes = new Map(snapshot.processes);
    this.#addressesOfNetns = this.#readAddresses(snapshot);
    this.#rebuild(snapshot.sockets, nowMs);
    this.#tracker.onTable(snapshot.sockets, nowMs, false);
    return snapshot;
  }

  /**
   * Decodes pending kernel events and counts them. Pids the agent has not seen yet are read
   * at once, while the (often short-lived) process still exists.
   */
  drainEvents(): number {
    const source = this.#options.events;
    const view = this.#view;
    if (!source || !view) return 0;
    const events = source.drain();
    if (events.length === 0) return 0;
    const unknown = new Set<number>();
    for (const e of events) {
      const pid = e.common.pid;
      if (pid > 0 && !this.#processes.has(pid)) unknown.add(pid);
    }
    if (unknown.size > 0) {
      for (const info of this.#options.procfs.rescan(unknown)) this.#processes.set(info.pid, info);
      this.#pools = buildPools(this.#processes, this.#options.machine, this.#options.userName);
    }
    this.#tracker.onEvents(events, {
      pool: (pid) => this.#pools.poolOfPid.get(pid),
      process: (pid) => this.#processes.get(pid),
    });
    return events.length;
  }

  /**
   * Marks a window end in events mode from the live counts the events keep: no table read, so
   * an idle host costs almost nothing per window (reconciliation scans correct any drift).
   */
  markWindowEndFromEvents(liveAtMs: number): void {
    this.#tracker.markWindowEnd(liveAtMs);
  }

  /** Marks a window end in snapshot mode, where the last full scan is the table read. */
  markWindowEnd(liveAtMs: number): void {
    if (!this.#snapshot) return;
    this.#tracker.onTable(this.#snapshot.sockets, liveAtMs, true);
  }

  #rebuild(sockets: readonly SocketEntry[], nowMs: number): void {
    const base = this.#snapshot;
    if (!base) return;
    this.#pools = buildPools(this.#processes, this.#options.machine, this.#options.userName);
    const snapshot: Snapshot = { ...base, takenAtMs: nowMs, processes: this.#processes, sockets };
    this.#view = new SocketView(snapshot, this.#pools, this.#addressesOfNetns);
    this.#tracker.setView(this.#view);
    for (const sock of sockets) {
      const pool = this.#view.ownerOf(sock.netns, sock.inode);
      if (pool && this.#view.coveredNetns.has(sock.netns)) this.#activePools.add(pool.id);
    }
  }

  /** Each covered namespace's addresses, read through one of its processes (the agent for its own). */
  #readAddresses(snapshot: Snapshot): Map<number, readonly string[]> {
    const pidOf = new Map<number, number | 'self'>([[snapshot.ownNetns, 'self']]);
    for (const info of snapshot.processes.values()) {
      if (info.netns !== 0 && !pidOf.has(info.netns)) pidOf.set(info.netns, info.pid);
    }
    this.#pidOfNetns = new Map([...pidOf].filter(([netns]) => snapshot.netns.includes(netns)));
    const result = new Map<number, readonly string[]>();
    for (const [netns, pid] of this.#pidOfNetns) result.set(netns, this.#options.netnsAddresses(pid));
    return result;
  }

  /**
   * Reads byte counters of every covered namespace (in the background: it runs `ss`) and returns
   * what each socket moved since the previous read. A namespace that cannot be read is skipped.
   */
  async readBytes(): Promise<ByteSample[]> {
    const read = this.#options.readBytes;
    if (!read) return [];
    const samples: ByteSample[] = [];
    for (const [netns, pid] of this.#pidOfNetns) {
      const session = this.#byteDeltas.begin(netns);
      const ok = await read(pid, (text) => {
        session.feed(text);
      }).then(
        () => true,
        () => false,
      );
      // A namespace whose read failed keeps its previous counters (finish() is not called).
      if (!ok) continue;
      for (const d of session.finish()) samples.push({ netns, ...d });
    }
    return samples;
  }

  /** Adds byte samples to the connections they belong to, in the window holding `atMs`. */
  applyBytes(samples: readonly ByteSample[], atMs: number): void {
    const view = this.#view;
    if (!view) return;
    for (const { netns, socket, sent, received } of samples) {
      const key =
        this.#tracker.keyOfTuple(socket.localIp, socket.localPort, socket.remoteIp, socket.remotePort) ??
        view.classifySocket({ ...socket, netns, family: socket.localIp.includes(':') ? 6 : 4, state: States.ESTABLISHED, uid: 0 });
      if (key) this.#aggregator.addBytes(key, atMs, sent, received);
    }
  }

  /** Closes the windows that end at or before `endMs`. */
  closeWindows(endMs: number): { connections: ConnectionRecord[]; boundPorts: BoundPortRecord[] } {
    const records = this.#aggregator.close(endMs);
    for (const c of records.connections) this.#activePools.add(c.process);
    return records;
  }

  /** Pool ids with TCP activity since the last call. */
  takeActivePools(): Set<string> {
    const active = this.#activePools;
    this.#activePools = new Set();
    return active;
  }

  get pools(): PoolIndex {
    return this.#pools;
  }

  get snapshot(): Snapshot | undefined {
    return this.#snapshot;
  }

  get view(): SocketView | undefined {
    return this.#view;
  }

  get stats(): TrackerStats {
    return this.#tracker.stats;
  }

  lostEvents(): number {
    return this.#options.events?.lostEvents() ?? 0;
  }
}
