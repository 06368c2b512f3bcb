import type { BoundPortRecord, ConnectionRecord } from '@servicemap/protocol';
import { connectionKeyId, isWildcard, listenerKeyId, type ConnectionKey, type ListenerKey } from './connection-key.js';

export const WINDOW_MS = 60_000;

/** Start of the one-minute window that holds a time. */
export function windowStart(timeMs: number, windowMs = WINDOW_MS): number {
  return Math.floor(timeMs / windowMs) * windowMs;
}

interface Counters {
  key: ConnectionKey;
  established: number;
  terminated: number;
  failed: number;
  refused: number;
  timedOut: number;
  live: number;
  bytesSent: number;
  bytesReceived: number;
}

type CountField = 'established' | 'terminated' | 'failed' | 'refused' | 'timedOut';

interface Window {
  readonly startMs: number;
  readonly connections: Map<string, Counters>;
  /** Listeners seen during the window. */
  readonly listeners: Map<string, ListenerKey>;
}

/**
 * Folds observations into one-minute windows of logical connections (VMConnection) and bound
 * ports (VMBoundPort). Pure: times come in with the observations, and the caller says when a
 * window is over. Observations for a window already closed go into the oldest open window
 * rather than being lost (events are drained with some delay).
 */
export class WindowAggregator {
  readonly #windowMs: number;
  readonly #windows = new Map<number, Window>();
  #closedBeforeMs = 0;

  constructor(windowMs = WINDOW_MS) {
    this.#windowMs = windowMs;
  }

  #window(timeMs: number): Window {
    const start = Math.max(windowStart(timeMs, this.#windowMs), this.#closedBeforeMs);
    let window = this.#windows.get(start);
    if (!window) {
      window = { startMs: start, connections: new Map(), listeners: new Map() };
      this.#windows.set(start, window);
    }
    return window;
  }

  #counters(window: Window, key: ConnectionKey): Counters {
    const id = connectionKeyId(key);
    let counters = window.connections.get(id);
    if (!counters) {
      counters = { key, established: 0, terminated: 0, failed: 0, refused: 0, timedOut: 0, live: 0, bytesSent: 0, bytesReceived: 0 };
      window.connections.set(id, counters);
    }
    return counters;
  }

  /** Counts one physical connection event (established, terminated, or failed with a cause). */
  count(key: ConnectionKey, timeMs: number, field: CountField, n = 1): void {
    const counters = this.#counters(this.#window(timeMs), key);
    counters[field] += n;
    if (field === 'refused' || field === 'timedOut') counters.failed += n;
  }

  /** Sets the live count of a key as seen at a time (the last setting in a window wins). */
  setLive(key: ConnectionKey, timeMs: number, live: number): void {
    this.#counters(this.#window(timeMs), key).live = live;
  }

  /** Adds bytes moved in a window. */
  addBytes(key: ConnectionKey, timeMs: number, sent: number, received: number): void {
    const counters = this.#counters(this.#window(timeMs), key);
    counters.bytesSent += sent;
    counters.bytesReceived += received;
  }

  /** Records that a listener existed during the window holding timeMs. */
  observeListener(listener: ListenerKey, timeMs: number): void {
    this.#window(timeMs).listeners.set(listenerKeyId(listener), listener);
  }

  /** Windows not yet closed, oldest first. */
  openWindows(): number[] {
    return [...this.#windows.keys()].sort((a, b) => a - b);
  }

  /**
   * Closes every window that ends at or before `endMs` and returns its records. Live counts
   * must have been set by the caller before (from a socket table read at the window's end).
   */
  close(endMs: number): { connections: ConnectionRecord[]; boundPorts: BoundPortRecord[] } {
    const connections: ConnectionRecord[] = [];
    const boundPorts: BoundPortRecord[] = [];
    for (const start of this.openWindows()) {
      if (start + this.#windowMs > endMs) break;
      const window = this.#windows.get(start);
      this.#windows.delete(start);
      if (!window) continue;
      const timeGenerated = new Date(start).toISOString();
      for (const c of window.connections.values()) {
        connections.push(toConnectionRecord(c, timeGenerated));
      }
      boundPorts.push(...boundPortRecords(window, timeGenerated));
      this.#closedBeforeMs = Math.max(this.#closedBeforeMs, start + this.#windowMs);
    }
    return { connections, boundPorts };
  }
}

function toConnectionRecord(c: Counters, timeGenerated: string): ConnectionRecord {
  const record: ConnectionRecord = {
    timeGenerated,
    direction: c.key.direction,
    process: c.key.poolId,
    processName: c.key.processName,
    sourceIp: c.key.sourceIp,
    destinationIp: c.key.destinationIp,
    destinationPort: c.key.destinationPort,
    protocol: 'tcp',
    linksEstablished: c.established,
    linksTerminated: c.terminated,
    linksFailed: c.failed,
    linksLive: c.live,
    bytesSent: c.bytesSent,
    bytesReceived: c.bytesReceived,
    selfLink: c.key.selfLink,
  };
  if (c.refused > 0) record.failedRefused = c.refused;
  if (c.timedOut > 0) record.failedTimedOut = c.timedOut;
  return record;
}

/**
 * VMBoundPort rows: one per (pool, local ip, port). A wildcard listener's activity is reported
 * per local address that was connected to (IsWildcardBind true); a wildcard listener without
 * activity still gets one row on its wildcard address, so idle servers stay on the map.
 */
function boundPortRecords(window: Window, timeGenerated: string): BoundPortRecord[] {
  const rows = new Map<string, BoundPortRecord>();
  const find = (pool: string, ip: string, port: number): ListenerKey | undefined =>
    window.listeners.get(`${pool}|${ip}|${port}`) ??
    window.listeners.get(`${pool}|0.0.0.0|${port}`) ??
    window.listeners.get(`${pool}|::|${port}`);
  for (const c of window.connections.values()) {
    if (c.key.direction !== 'inbound') continue;
    const listener = find(c.key.poolId, c.key.destinationIp, c.key.destinationPort);
    if (!listener) continue;
    const ip = listener.wildcard ? c.key.destinationIp : listener.ip;
    const id = `${listener.poolId}|${ip}|${listener.port}`;
    let row = rows.get(id);
    if (!row) {
      row = {
        timeGenerated,
        process: listener.poolId,
        processName: listener.processName,
        ip,
        port: listener.port,
        protocol: 'tcp',
        isWildcardBind: listener.wildcard,
        linksEstablished: 0,
        linksTerminated: 0,
        linksLive: 0,
        bytesSent: 0,
        bytesReceived: 0,
      };
      rows.set(id, row);
    }
    row.linksEstablished += c.established;
    row.linksTerminated += c.terminated;
    row.linksLive += c.live;
    row.bytesSent += c.bytesSent;
    row.bytesReceived += c.bytesReceived;
  }
  for (const l of window.listeners.values()) {
    const active = l.wildcard
      ? [...rows.values()].some((r) => r.isWildcardBind && r.process === l.poolId && r.port === l.port)
      : rows.has(listenerKeyId(l));
    if (active) continue;
    rows.set(listenerKeyId(l), {
      timeGenerated,
      process: l.poolId,
      processName: l.processName,
      ip: l.ip,
      port: l.port,
      protocol: 'tcp',
      isWildcardBind: isWildcard(l.ip),
      linksEstablished: 0,
      linksTerminated: 0,
      linksLive: 0,
      bytesSent: 0,
      bytesReceived: 0,
    });
  }
  return [...rows.values()];
}
