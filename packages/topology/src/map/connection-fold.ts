import type { BoundPortRow, ConnectionRow } from './map-input.js';

/** A row standing for every minute of one connection half in a window (see `ConnectionRow.lastTimeGenerated`). */
export type FoldedConnectionRow<Row extends ConnectionRow = ConnectionRow> = Row & { readonly lastTimeGenerated: string };

/** Every minute of one listener in a window, as a map reads bound ports: who listened where, and when. */
export type ListenerRow = Pick<BoundPortRow, 'machine' | 'process' | 'processName' | 'ip' | 'port' | 'timeGenerated'> & {
  readonly lastTimeGenerated: string;
};

interface Fold<Row> {
  row: Row;
  firstMs: number;
  lastMs: number;
  liveMs: number;
  live: number;
}

const connectionKey = (r: ConnectionRow): string =>
  `${r.machine}|${r.process}|${r.direction}|${r.sourceIp}|${r.destinationIp}|${r.destinationPort}`;

/**
 * The reference fold of connection rows per (machine, process, direction, source, destination,
 * port), addresses compared as written: counters summed, `linksLive` of the newest minute (summed
 * over that minute's rows), the first minute's process name, self-link when any minute was one.
 * Storage adapters may do this in their query instead; their result must equal this one's.
 */
export function foldConnectionRows<Row extends ConnectionRow>(rows: readonly Row[]): FoldedConnectionRow<Row>[] {
  const folds = new Map<string, Fold<Row>>();
  for (const row of rows) {
    const firstMs = Date.parse(row.timeGenerated);
    const lastMs = row.lastTimeGenerated === undefined ? firstMs : Date.parse(row.lastTimeGenerated);
    const key = connectionKey(row);
    const fold = folds.get(key);
    if (fold === undefined) {
      folds.set(key, { row: { ...row }, firstMs, lastMs, liveMs: lastMs, live: row.linksLive });
      continue;
    }
    const into = fold.row as ConnectionRow & Record<string, unknown>;
    const sum = (field: 'linksEstablished' | 'linksTerminated' | 'linksFailed' | 'bytesSent' | 'bytesReceived'): void => {
      into[field] = into[field] + row[field];
    };
    for (const field of ['linksEstablished', 'linksTerminated', 'linksFailed', 'bytesSent', 'bytesReceived'] as const) sum(field);
    for (const field of ['failedRefused', 'failedTimedOut'] as const) {
      const more = (row as Record<string, unknown>)[field];
      if (typeof more === 'number') into[field] = (typeof into[field] === 'number' ? into[field] : 0) + more;
    }
    if (row.selfLink) into.selfLink = true;
    if (firstMs < fold.firstMs) {
      into.processName = row.processName;
      fold.firstMs = firstMs;
    }
    if (lastMs > fold.liveMs) {
      fold.liveMs = lastMs;
      fold.live = row.linksLive;
    } else if (lastMs === fold.liveMs) fold.live += row.linksLive;
    fold.lastMs = Math.max(fold.lastMs, lastMs);
  }
  return [...folds.values()].map((f) => ({
    ...f.row,
    timeGenerated: new Date(f.firstMs).toISOString(),
    lastTimeGenerated: new Date(f.lastMs).toISOString(),
    linksLive: f.live,
  }));
}

/**
 * The reference fold of bound-port rows per (machine, process, ip, port) into listeners: who
 * listened where, from the first to the last minute seen, with the first minute's process name.
 * That is all a map reads of bound ports; per-minute counters are left out.
 */
export function foldBoundPortRows(rows: readonly BoundPortRow[]): ListenerRow[] {
  const folds = new Map<string, { row: BoundPortRow; firstMs: number; lastMs: number }>();
  for (const row of rows) {
    const at = Date.parse(row.timeGenerated);
    const key = `${row.machine}|${row.process}|${row.ip}|${row.port}`;
    const fold = folds.get(key);
    if (fold === undefined) folds.set(key, { row, firstMs: at, lastMs: at });
    else {
      if (at < fold.firstMs) Object.assign(fold, { row, firstMs: at });
      fold.lastMs = Math.max(fold.lastMs, at);
    }
  }
  return [...folds.values()].map(({ row, lastMs }) => ({
    machine: row.machine, process: row.process, processName: row.processName, ip: row.ip, port: row.port,
    timeGenerated: row.timeGenerated, lastTimeGenerated: new Date(lastMs).toISOString(),
  }));
}
