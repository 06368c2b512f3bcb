import type { ProcessInfo } from '../model/process-info.js';
import { TcpState, type SocketEntry } from '../model/socket-entry.js';
import type { TcpEvent } from '../model/tcp-event.js';
import type { ProcessPool } from '../pools/process-pools.js';
import { connectionKeyId, type ConnectionKey } from './connection-key.js';
import type { SocketView } from './socket-view.js';
import type { WindowAggregator } from './window-aggregator.js';

/** Who a pid is, as far as the agent knows right now (it may rescan to find out). */
export interface PidResolver {
  pool(pid: number): ProcessPool | undefined;
  process(pid: number): ProcessInfo | undefined;
}

export interface TrackerOptions {
  /** events: counts come from kernel events; snapshots: from differences between table reads. */
  readonly mode: 'events' | 'snapshots';
  /** own: only the agent's own network namespace counts. */
  readonly namespaces: 'own' | 'all';
}

/** What the tracker could not attribute, for the agent's status. */
export interface TrackerStats {
  unattributedEvents: number;
  unattributedSockets: number;
  foreignNamespaceEvents: number;
}

const MAX_TRACKED_SOCKETS = 500_000;
const OPEN_STATES = new Set<number>([TcpState.ESTABLISHED, TcpState.CLOSE_WAIT]);

const tupleId = (localIp: string, localPort: number, remoteIp: string, remotePort: number): string =>
  `${localIp}|${localPort}|${remoteIp}|${remotePort}`;

/**
 * Turns kernel events and socket-table reads into counts in the window aggregator, attributing
 * each to a process pool and a direction through the current SocketView.
 */
export class ConnectionTracker {
  readonly #agg: WindowAggregator;
  readonly #options: TrackerOptions;
  #view: SocketView | undefined;
  /** Key of each socket whose start was seen as an event, by kernel socket id. */
  readonly #keyOfSocket = new Map<string, ConnectionKey>();
  /** Key of each open socket from the last table read, by 4-tuple (for closes of older sockets). */
  #keyOfTuple = new Map<string, ConnectionKey>();
  /** Open sockets at the last table read (snapshot mode), by netns:inode. */
  #previousOpen: Map<string, ConnectionKey> | undefined;
  /**
   * Open sockets per key (events mode): set from each table read, then moved by every
   * connect, accept and close event, so a window end needs no table read. Lost events make it
   * drift until the next table read (a reconciliation scan) sets it again.
   */
  #live = new Map<string, { key: ConnectionKey; count: number }>();
  readonly stats: TrackerStats = { unattributedEvents: 0, unattributedSockets: 0, foreignNamespaceEvents: 0 };

  constructor(aggregator: WindowAggregator, options: TrackerOptions) {
    this.#agg = aggregator;
    this.#options = options;
  }

  setView(view: SocketView): void {
    this.#view = view;
  }

  /** Counts a batch of kernel events (events mode). */
  onEvents(events: readonly TcpEvent[], pids: PidResolver): void {
    const view = this.#view;
    if (!view) return;
    for (const event of events) {
      const c = event.common;
      switch (event.kind) {
        case 'connected':
        case 'failed': {
          const key = this.#outboundKeyOfPid(view, pids, c.pid, c.localIp, c.remoteIp, c.remotePort);
          if (!key) break;
          if (event.kind === 'connected') {
            this.#agg.count(key, c.timeMs, 'established');
            this.#remember(c, key);
          } else {
            const field = event.reason === 'refused' ? 'refused' : event.reason === 'timedOut' ? 'timedOut' : 'failed';
            this.#agg.count(key, c.timeMs, field);
          }
          break;
        }
        case 'accepted': {
          const own = this.#options.namespaces === 'own';
          if (own && !view.netnsHasAddress(view.ownNetns, c.localIp)) {
            this.stats.foreignNamespaceEvents++;
            break;
          }
          const listener = view.listenerFor(own ? view.ownNetns : undefined, c.localIp, c.localPort);
          if (!listener) {
            this.stats.unattributedEvents++;
            break;
          }
          const key = view.inboundKey(listener, c.remoteIp, c.localIp);
          this.#agg.count(key, c.timeMs, 'established');
          this.#remember(c, key);
          break;
        }
        case 'closed': {
          const tuple = tupleId(c.localIp, c.localPort, c.remoteIp, c.remotePort);
          const key = this.#keyOfSocket.get(c.sockId) ?? this.#keyOfTuple.get(tuple);
          this.#keyOfSocket.delete(c.sockId);
          this.#keyOfTuple.delete(tuple);
          if (key) {
            this.#agg.count(key, c.timeMs, 'terminated');
            this.#moveLive(key, -1);
          }
          break;
        }
        default: {
          const never: never = event;
          throw new Error(`unknown event ${JSON.stringify(never)}`);
        }
      }
    }
  }

  #outboundKeyOfPid(
    view: SocketView,
    pids: PidResolver,
    pid: number,
    localIp: string,
    remoteIp: string,
    remotePort: number,
  ): ConnectionKey | undefined {
    const info = pids.process(pid);
    const pool = pids.pool(pid);
    if (!info || !pool) {
      this.stats.unattributedEvents++;
      return undefined;
    }
    if (!view.coveredNetns.has(info.netns) && info.netns !== 0) {
      this.stats.foreignNamespaceEvents++;
      return undefined;
    }
    // Netns 0 means unreadable, as for a process exiting when we read it (a zombie has no ns
    // links): kernel events come from every namespace, so watching only our own, the socket's
    // address must say it is ours, or an exiting client elsewhere would be counted here.
    if (info.netns === 0 && this.#options.namespaces === 'own' && !view.netnsHasAddress(view.ownNetns, localIp)) {
      this.stats.foreignNamespaceEvents++;
      return undefined;
    }
    return view.outboundKey(pool, localIp, remoteIp, remotePort);
  }

  #remember(c: TcpEvent['common'], key: ConnectionKey): void {
    if (this.#keyOfSocket.size >= MAX_TRACKED_SOCKETS) {
      // Sockets whose close was lost (buffer overrun) would otherwise pile up forever; the
      // oldest entries are the likeliest to be such leftovers.
      const oldest = this.#keyOfSocket.keys().next();
      if (!oldest.done) this.#keyOfSocket.delete(oldest.value);
    }
    this.#keyOfSocket.set(c.sockId, key);
    if (this.#keyOfTuple.size < MAX_TRACKED_SOCKETS) this.#keyOfTuple.set(tupleId(c.localIp, c.localPort, c.remoteIp, c.remotePort), key);
    this.#moveLive(key, 1);
  }

  #moveLive(key: ConnectionKey, delta: number): void {
    const id = connectionKeyId(key);
    const entry = this.#live.get(id);
    if (entry) entry.count = Math.max(0, entry.count + delta);
    else if (delta > 0) this.#live.set(id, { key, count: delta });
  }

  /** The key of an open socket by its addresses, as the last table read and events since know it. */
  keyOfTuple(localIp: string, localPort: number, remoteIp: string, remotePort: number): ConnectionKey | undefined {
    return this.#keyOfTuple.get(tupleId(localIp, localPort, remoteIp, remotePort));
  }

  /**
   * A window end in events mode without a table read: live counts as the events moved them.
   */
  markWindowEnd(timeMs: number): void {
    for (const [id, entry] of this.#live) {
      if (entry.count > 0) this.#agg.setLive(entry.key, timeMs, entry.count);
      else this.#live.delete(id);
    }
  }

  /**
   * A socket-table read at `timeMs`. Records listeners; at a window's end (`windowEnd`) sets live
   * counts; in snapshot mode counts sockets that appeared or disappeared since the last read.
   */
  onTable(sockets: readonly SocketEntry[], timeMs: number, windowEnd: boolean): void {
    const view = this.#view;
    if (!view) return;
    for (const listener of view.listeners()) this.#agg.observeListener(listener, timeMs);
    const live = new Map<string, { key: ConnectionKey; count: number }>();
    const open = new Map<string, ConnectionKey>();
    const tuples = new Map<string, ConnectionKey>();
    const snapshots = this.#options.mode === 'snapshots';
    let unattributed = 0;
    for (const sock of sockets) {
      if (!OPEN_STATES.has(sock.state) || !view.coveredNetns.has(sock.netns)) continue;
      const key = view.classifySocket(sock);
      if (!key) {
        unattributed++;
        continue;
      }
      tuples.set(tupleId(sock.localIp, sock.localPort, sock.remoteIp, sock.remotePort), key);
      // Only snapshot mode compares open sockets between reads; events mode has the events.
      if (snapshots) open.set(`${sock.netns}:${sock.inode}`, key);
      const id = connectionKeyId(key);
      const entry = live.get(id);
      if (entry) entry.count++;
      else live.set(id, { key, count: 1 });
    }
    this.stats.unattributedSockets = unattributed;
    this.#keyOfTuple = tuples;
    this.#live = live;
    if (windowEnd) {
      for (const { key, count } of live.values()) this.#agg.setLive(key, timeMs, count);
    }
    if (snapshots) {
      const previous = this.#previousOpen;
      if (previous) {
        for (const [id, key] of open) if (!previous.has(id)) this.#agg.count(key, timeMs, 'established');
        for (const [id, key] of previous) if (!open.has(id)) this.#agg.count(key, timeMs, 'terminated');
      }
      this.#previousOpen = open;
    }
  }
}
