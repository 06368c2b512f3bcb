import type { MapInput, MapScope, MapWindow, WorkspaceScope } from '@servicemap/topology';
import { canonicalIp, focusMachinesOf } from '@servicemap/topology';
import type { Storage, StoredComputer, StoredConnection } from '../storage/storage.js';

/** What to read for one map: the workspace (storage id and ARM scope), the window and the scope. */
export interface MapInputQuery {
  readonly workspaceId: string;
  readonly workspace: WorkspaceScope;
  readonly window: MapWindow;
  readonly scope: MapScope;
  readonly showSelfLinks?: boolean;
}

/**
 * Who owns each inventory address: the machine whose newest inventory lists it, or null when two
 * machines claim it (such an address resolves to no one, as in the map's address book).
 */
export function addressOwners(inventory: readonly StoredComputer[]): Map<string, string | null> {
  const owners = new Map<string, string | null>();
  for (const row of inventory) {
    for (const ip of [...row.ipv4Interfaces.map((i) => i.ipAddress), ...row.ipv6Addresses]) {
      const key = canonicalIp(ip);
      const owner = owners.get(key);
      owners.set(key, owner === undefined || owner === row.machine ? row.machine : null);
    }
  }
  return owners;
}

/** Monitored machines at the far end of the focus machines' rows, found by inventory address. */
export function peersOf(rows: readonly StoredConnection[], owners: ReadonlyMap<string, string | null>, focus: ReadonlySet<string>): string[] {
  const peers = new Set<string>();
  for (const row of rows) {
    const owner = owners.get(canonicalIp(row.direction === 'outbound' ? row.destinationIp : row.sourceIp));
    if (owner != null && !focus.has(owner)) peers.add(owner);
  }
  return [...peers];
}

/**
 * Reads the rows of one window from storage and shapes them as topology's `MapInput`. Connection
 * and bound-port rows come folded over the window (one row per connection half and per listener),
 * which the map draws exactly as it would the minutes.
 *
 * Two steps, so a map costs the rows of its own machines and not the fleet's: the focus
 * machines' connections, then those of their monitored peers, found by the addresses in every
 * machine's newest inventory (the far half of a link, e.g. the server's inbound row, lives in the
 * peer's rows). Inventory of every machine is passed on, so an address two machines claim still
 * resolves to no one. A peer without any inventory row within retention is not found and is drawn
 * from the focus side only (as a discovered machine); agents send inventory at start and hourly.
 */
export async function readMapInput(storage: Storage, query: MapInputQuery): Promise<MapInput> {
  const { workspaceId } = query;
  const from = new Date(query.window.startTime);
  const to = new Date(query.window.endTime);
  const focus = [...focusMachinesOf(query.scope)];
  const [focusConnections, inventory] = await Promise.all([
    storage.connectionSummaries({ workspaceId, from, to, machines: focus }),
    storage.latestComputers({ workspaceId, asOf: to }),
  ]);
  const peers = peersOf(focusConnections, addressOwners(inventory), new Set(focus));
  const drawn = [...focus, ...peers];
  const [peerConnections, boundPorts, processes] = await Promise.all([
    peers.length === 0 ? [] : storage.connectionSummaries({ workspaceId, from, to, machines: peers }),
    storage.listeners({ workspaceId, from, to, machines: drawn }),
    storage.latestProcesses({ workspaceId, asOf: to, machines: drawn }),
  ]);
  return {
    workspace: query.workspace,
    window: query.window,
    scope: query.scope,
    connections: [...focusConnections, ...peerConnections],
    boundPorts,
    machines: inventory,
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
  // A stored inventory row dated in [since, until) came in a batch whose records span it, so its
  // machine reported in the span. Agents send inventory hourly: this small read settles nearly
  // every machine, and only the rest need machinesSeen, which scans every batch of the span.
  const inventory = await storage.latestComputers({ workspaceId, asOf: new Date(until.getTime() - 1), notBefore: since, machines: monitored });
  const withInventory = new Set(inventory.map((m) => m.machine));
  const rest = monitored.filter((m) => !withInventory.has(m));
  if (rest.length === 0) return [];
  const seen = await storage.machinesSeen({ workspaceId, from: since, to: until, machines: rest });
  const known = new Set(seen.map((m) => m.machine));
  return rest.filter((m) => !known.has(m));
}
