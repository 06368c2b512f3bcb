import type { MapInput, MapScope, MapWindow, WorkspaceScope } from '@servicemap/topology';
import { focusMachinesOf } from '@servicemap/topology';
import type { Storage } from '../storage/storage.js';

/** What to read for one map: the workspace (storage id and ARM scope), the window and the scope. */
export interface MapInputQuery {
  readonly workspaceId: string;
  readonly workspace: WorkspaceScope;
  readonly window: MapWindow;
  readonly scope: MapScope;
  readonly showSelfLinks?: boolean;
}

/**
 * Reads the rows of one window from storage and shapes them as topology's `MapInput`.
 *
 * Connections and bound ports are read for every machine of the workspace, not only the focus:
 * the far end of a link (the server's inbound half, a remote process that talks to the focus) is
 * in the peer's own rows, and a peer without inventory is only known by the local ends of its
 * rows, so the peers cannot be chosen before reading them. Inventory is the newest row per entity
 * not after the window's end (inventory is hourly, so the window itself may hold none), for the
 * machines that have rows in the window only.
 */
export async function readMapInput(storage: Storage, query: MapInputQuery): Promise<MapInput> {
  const from = new Date(query.window.startTime);
  const to = new Date(query.window.endTime);
  const window = { workspaceId: query.workspaceId, from, to };
  const [connections, boundPorts] = await Promise.all([storage.connections(window), storage.boundPorts(window)]);
  const active = new Set<string>(focusMachinesOf(query.scope));
  for (const row of connections) active.add(row.machine);
  for (const row of boundPorts) active.add(row.machine);
  const asOf = { workspaceId: query.workspaceId, asOf: to, machines: [...active] };
  const [machines, processes] = await Promise.all([storage.latestComputers(asOf), storage.latestProcesses(asOf)]);
  return {
    workspace: query.workspace,
    window: query.window,
    scope: query.scope,
    connections,
    boundPorts,
    machines,
    processes,
    ...(query.showSelfLinks === undefined ? {} : { showSelfLinks: query.showSelfLinks }),
  };
}

/**
 * The `m-…` machines of `machines` that never reported to the workspace between `since` and
 * `until` (the retention span): a map or membership of such a machine is a 404. Discovered
 * `t-…` machines have no reports of their own and are never unknown here.
 */
export async function unknownMachines(
  storage: Storage,
  workspaceId: string,
  machines: readonly string[],
  since: Date,
  until: Date,
): Promise<string[]> {
  const monitored = machines.filter((m) => m.startsWith('m-'));
  if (monitored.length === 0) return [];
  const seen = await storage.machinesSeen({ workspaceId, from: since, to: until, machines: monitored });
  const known = new Set(seen.map((m) => m.machine));
  return monitored.filter((m) => !known.has(m));
}
