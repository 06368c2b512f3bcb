import type { BoundPortRow, ConnectionRow, MachineRow, MapWindow, ProcessRow } from './map-input.js';

/** One-minute windows: a row stands for [timeGenerated, timeGenerated + 1 min). */
export const ROW_WINDOW_MS = 60_000;

/** Rows whose minute overlaps the map window. */
export function rowsInWindow<Row extends ConnectionRow | BoundPortRow>(
  rows: readonly Row[],
  window: MapWindow,
): Row[] {
  const start = Date.parse(window.startTime);
  const end = Date.parse(window.endTime);
  return rows.filter((row) => {
    const at = Date.parse(row.timeGenerated);
    const last = 'lastTimeGenerated' in row && row.lastTimeGenerated !== undefined ? Date.parse(row.lastTimeGenerated) : at;
    return at < end && last + ROW_WINDOW_MS > start;
  });
}

/** The newest inventory of each machine and process not after the window's end. */
export interface InventoryIndex {
  readonly machines: ReadonlyMap<string, MachineRow>;
  /** Keyed `machine|process`. */
  readonly processes: ReadonlyMap<string, ProcessRow>;
}

function newestBy<Row extends { timeGenerated: string }>(
  rows: readonly Row[],
  key: (row: Row) => string,
  notAfterMs: number,
): Map<string, Row> {
  const newest = new Map<string, Row>();
  for (const row of rows) {
    const at = Date.parse(row.timeGenerated);
    if (at > notAfterMs) continue;
    const k = key(row);
    const current = newest.get(k);
    if (!current || at > Date.parse(current.timeGenerated)) newest.set(k, row);
  }
  return newest;
}

export function indexInventory(
  machines: readonly MachineRow[],
  processes: readonly ProcessRow[],
  window: MapWindow,
): InventoryIndex {
  const end = Date.parse(window.endTime);
  return {
    machines: newestBy(machines, (row) => row.machine, end),
    processes: newestBy(processes, (row) => `${row.machine}|${row.process}`, end),
  };
}
