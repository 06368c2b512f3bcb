/**
 * Turns raw socket state changes (in timestamp order) into TcpEvents. Pure: no clock, no I/O.
 *
 * Keyed by the kernel socket address. The rules, and the false positives they avoid:
 * - CLOSE→SYN_SENT runs in the connecting task: remember its pid (sport is still 0 here).
 * - SYN_SENT→ESTABLISHED is `connected`.
 * - SYN_SENT→CLOSE is `failed` only when an inet_sk_error_report with a connect errno names the
 *   same 4-tuple close by (it carries no socket address); without one the application gave up on
 *   its own connect, which is not a failure.
 * - →SYN_RECV then SYN_RECV→ESTABLISHED is `accepted`; it runs in the client's softirq, so the
 *   pid is unknown (0).
 * - The first move out of ESTABLISHED (FIN_WAIT1, CLOSE_WAIT, or CLOSE on RST/abort) is the one
 *   `closed`; later steps of the same socket are silent. A reset is never a failure.
 * - LISTEN→CLOSE is a listener going away: silent.
 */
import { TcpState } from '../../model/socket-entry.js';
import type { TcpEvent, TcpEventCommon } from '../../model/tcp-event.js';
import type { SockErrorRecord, SockRecord, SockStateRecord } from './sock-record-decoder.js';

/** Options of {@link TcpTransitionCorrelator}. */
export interface CorrelatorOptions {
  /** Converts a trace timestamp (ns) to epoch milliseconds. */
  readonly toEpochMs: (tsNs: number) => number;
  /** Maps a task id to its process id (threads connect too); identity when omitted. */
  readonly resolvePid?: (tid: number) => number;
  /** Most sockets tracked at once; the oldest entries go first. Default 131072. */
  readonly maxSockets?: number;
  /** How far apart (trace ns) a SYN_SENT→CLOSE and its error report may be. Default 50 ms. */
  readonly errorWindowNs?: number;
}

/** Counters that explain what the correlator did with its input. */
export interface CorrelatorStats {
  /** SYN_SENT→CLOSE without an error report: the application closed its own connect. */
  abortedConnects: number;
  /** Socket entries dropped to keep the map bounded. */
  evictedSockets: number;
}

type Origin = 'connecting' | 'connected' | 'accepting' | 'accepted' | 'closing';

interface SocketEntry {
  readonly origin: Origin;
  readonly pid: number;
}

interface PendingFailure {
  readonly record: SockStateRecord;
  readonly pid: number;
}

interface PendingError {
  readonly tsNs: number;
  readonly error: number;
}

const FAILURE_REASONS: ReadonlyMap<number, 'refused' | 'timedOut' | 'unknown'> = new Map([
  [111, 'refused'],
  [110, 'timedOut'],
  [113, 'unknown'],
  [101, 'unknown'],
]);

/** Socket 4-tuple as seen from the socket's own side; error reports use the same orientation. */
function tupleKey(r: { family: number; saddr: string; sport: number; daddr: string; dport: number }): string {
  return `${r.family}|${r.saddr}|${r.sport}|${r.daddr}|${r.dport}`;
}

/** Correlates records fed in timestamp order; see the module comment for the rules. */
export class TcpTransitionCorrelator {
  private readonly sockets = new Map<string, SocketEntry>();
  private readonly pendingFailures = new Map<string, PendingFailure>();
  private readonly pendingErrors = new Map<string, PendingError>();
  private readonly maxSockets: number;
  private readonly errorWindowNs: number;
  private readonly resolvePid: (tid: number) => number;
  readonly stats: CorrelatorStats = { abortedConnects: 0, evictedSockets: 0 };

  constructor(private readonly options: CorrelatorOptions) {
    this.maxSockets = options.maxSockets ?? 131_072;
    this.errorWindowNs = options.errorWindowNs ?? 50_000_000;
    this.resolvePid = options.resolvePid ?? ((tid) => tid);
  }

  /** Sockets currently tracked (bounded by `maxSockets`). */
  get trackedSockets(): number {
    return this.sockets.size;
  }

  /** Feeds one record; events it completes are appended to `out`. */
  push(record: SockRecord, out: TcpEvent[]): void {
    this.expire(record.tsNs);
    if (record.type === 'error') this.onError(record, out);
    else this.onState(record, out);
  }

  /**
   * Declares that every record up to `tsNs` has been pushed: pending SYN_SENT→CLOSE older than
   * the error window can no longer get their report and count as aborted.
   */
  advanceTo(tsNs: number): void {
    this.expire(tsNs);
  }

  private expire(nowNs: number): void {
    const limit = nowNs - this.errorWindowNs;
    for (const [key, pending] of this.pendingFailures) {
      if (pending.record.tsNs >= limit) break;
      this.pendingFailures.delete(key);
      this.stats.abortedConnects++;
    }
    for (const [key, pending] of this.pendingErrors) {
      if (pending.tsNs >= limit) break;
      this.pendingErrors.delete(key);
    }
  }

  private onError(r: SockErrorRecord, out: TcpEvent[]): void {
    if (!FAILURE_REASONS.has(r.error)) return; // error 0 follows every real report; others are not connect outcomes
    const key = tupleKey(r);
    const pending = this.pendingFailures.get(key);
    if (pending) {
      this.pendingFailures.delete(key);
      out.push(this.failed(pending, r.error));
      return;
    }
    // The kernel reports after the state change today; keep the error briefly in case one day it does not.
    this.pendingErrors.delete(key);
    this.pendingErrors.set(key, { tsNs: r.tsNs, error: r.error });
    this.boundMap(this.pendingErrors);
  }

  private onState(r: SockStateRecord, out: TcpEvent[]): void {
    const { oldState, newState } = r;
    const entry = this.sockets.get(r.skaddr);
    if (oldState === TcpState.CLOSE && newState === TcpState.SYN_SENT) {
      this.track(r.skaddr, { origin: 'connecting', pid: this.resolvePid(r.pid) });
    } else if (oldState === TcpState.SYN_SENT && newState === TcpState.ESTABLISHED) {
      const pid = entry?.origin === 'connecting' ? entry.pid : 0;
      out.push({ kind: 'connected', common: this.common(r, pid) });
      this.track(r.skaddr, { origin: 'connected', pid });
    } else if (oldState === TcpState.SYN_SENT && newState === TcpState.CLOSE) {
      this.sockets.delete(r.skaddr);
      this.onConnectClosed(r, entry?.origin === 'connecting' ? entry.pid : 0, out);
    } else if (newState === TcpState.SYN_RECV) {
      this.track(r.skaddr, { origin: 'accepting', pid: 0 });
    } else if (oldState === TcpState.SYN_RECV && newState === TcpState.ESTABLISHED) {
      out.push({ kind: 'accepted', common: this.common(r, 0) });
      this.track(r.skaddr, { origin: 'accepted', pid: 0 });
    } else if (oldState === TcpState.ESTABLISHED) {
      this.onLeaveEstablished(r, entry, out);
    } else if (newState === TcpState.CLOSE) {
      this.sockets.delete(r.skaddr);
    }
  }

  private onConnectClosed(r: SockStateRecord, pid: number, out: TcpEvent[]): void {
    const key = tupleKey(r);
    const error = this.pendingErrors.get(key);
    if (error) {
      this.pendingErrors.delete(key);
      out.push(this.failed({ record: r, pid }, error.error));
      return;
    }
    this.pendingFailures.delete(key);
    this.pendingFailures.set(key, { record: r, pid });
    this.boundMap(this.pendingFailures);
  }

  private onLeaveEstablished(r: SockStateRecord, entry: SocketEntry | undefined, out: TcpEvent[]): void {
    if (entry?.origin === 'closing') {
      if (r.newState === TcpState.CLOSE) this.sockets.delete(r.skaddr);
      return;
    }
    const origin = entry?.origin === 'connected' || entry?.origin === 'accepted' ? entry.origin : 'unknown';
    // An active close (→FIN_WAIT1) runs in the closing process: its pid is the owner's. Passive
    // closes and resets run in softirq context, where the pid means nothing.
    let pid = entry?.pid ?? 0;
    if (pid === 0 && r.newState === TcpState.FIN_WAIT1) pid = this.resolvePid(r.pid);
    out.push({ kind: 'closed', common: this.common(r, pid), origin });
    if (r.newState === TcpState.CLOSE) this.sockets.delete(r.skaddr);
    else this.track(r.skaddr, { origin: 'closing', pid });
  }

  private failed(pending: PendingFailure, error: number): TcpEvent {
    return { kind: 'failed', common: this.common(pending.record, pending.pid), reason: FAILURE_REASONS.get(error) ?? 'unknown' };
  }

  private track(skaddr: string, entry: SocketEntry): void {
    // Re-insert so Map order approximates age of last activity; eviction takes the front.
    this.sockets.delete(skaddr);
    this.sockets.set(skaddr, entry);
    if (this.sockets.size > this.maxSockets) {
      this.stats.evictedSockets += this.boundMap(this.sockets);
    }
  }

  private boundMap(map: Map<string, unknown>): number {
    let dropped = 0;
    for (const key of map.keys()) {
      if (map.size <= this.maxSockets) break;
      map.delete(key);
      dropped++;
    }
    return dropped;
  }

  private common(r: SockStateRecord, pid: number): TcpEventCommon {
    return {
      timeMs: this.options.toEpochMs(r.tsNs),
      sockId: r.skaddr,
      pid,
      family: r.family,
      localIp: r.saddr,
      localPort: r.sport,
      remoteIp: r.daddr,
      remotePort: r.dport,
    };
  }
}
