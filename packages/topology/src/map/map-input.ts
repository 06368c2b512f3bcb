import type { BoundPortRecord, ConnectionRecord, MachineInventory, ProcessInventory } from '@servicemap/protocol';
import type { WorkspaceScope } from '../resource-ids.js';

/** A stored VMConnection row: the agent's record plus the reporting machine. */
export type ConnectionRow = Pick<
  ConnectionRecord,
  | 'timeGenerated'
  | 'direction'
  | 'process'
  | 'processName'
  | 'sourceIp'
  | 'destinationIp'
  | 'destinationPort'
  | 'linksEstablished'
  | 'linksTerminated'
  | 'linksFailed'
  | 'linksLive'
  | 'bytesSent'
  | 'bytesReceived'
  | 'selfLink'
> & {
  readonly machine: string;
  /**
   * Set on a row that folds several minutes of one connection (storage sums them so a map does not
   * ship every minute): the start of its last minute. `timeGenerated` is then the first minute's,
   * the counters are sums over the minutes and `linksLive` is the last minute's. A folded row must
   * lie wholly inside the map window.
   */
  readonly lastTimeGenerated?: string;
};

/** A stored VMBoundPort row. */
export type BoundPortRow = Pick<BoundPortRecord, 'timeGenerated' | 'process' | 'processName' | 'ip' | 'port'> & {
  readonly machine: string;
};

/** A stored VMComputer row. */
export type MachineRow = MachineInventory & { readonly machine: string };

/** A stored VMProcess row. */
export type ProcessRow = ProcessInventory & { readonly machine: string };

/** The map's time window, ISO-8601 UTC: rows whose minute overlaps [startTime, endTime) count. */
export interface MapWindow {
  readonly startTime: string;
  readonly endTime: string;
}

/**
 * What to draw: one machine and its direct peers, or a set of machines (a stored group or an
 * ad-hoc list; they are drawn alike). `filterProcesses` keeps only processes that talk to another
 * machine of the set, with all their connections (the Azure API's meaning).
 */
export type MapScope =
  | { readonly kind: 'single'; readonly machine: string }
  | {
      readonly kind: 'group' | 'list';
      readonly machines: readonly string[];
      readonly filterProcesses: boolean;
    };

/** Everything a map is built from. No clock: the window is given. */
export interface MapInput {
  readonly workspace: WorkspaceScope;
  readonly window: MapWindow;
  readonly scope: MapScope;
  readonly connections: readonly ConnectionRow[];
  readonly boundPorts: readonly BoundPortRow[];
  /** Machine inventory rows; the newest per machine not after the window's end is used. */
  readonly machines: readonly MachineRow[];
  /** Process inventory rows; the newest per (machine, process) not after the window's end is used. */
  readonly processes: readonly ProcessRow[];
  /** Draw connections whose both ends are on one machine (the UI's "Show self-links"). */
  readonly showSelfLinks?: boolean;
}

/** The machines the map is centred on. */
export function focusMachinesOf(scope: MapScope): readonly string[] {
  return scope.kind === 'single' ? [scope.machine] : scope.machines;
}
