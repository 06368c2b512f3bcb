import type { MapInput, MapScope, MapWindow, WorkspaceScope } from '@servicemap/topology';
import { canonicalIp, focusMachinesOf } from '@servicemap/topology';
import type { MachineAddresses, Storage, StoredConnection } from '../storage/storage.js';

/** What to read for one map: the workspace (storage id and ARM scope), the window and the scope. */
export interface MapInputQuery {
  readonly workspaceId: string;
  readonly workspace: WorkspaceScope;
  readonly window: MapWindow;
  readonly scope: MapScope;
  readonly showSelfLinks?: boolean;
}

/** Every machine claiming each inventory address (canonical form). */
function claimantsByAddress(inventory: readonly MachineAddresses[]): Map<string, Set<string>> {
  const claimants = new Map<string, Set<string>>();
  for (const row of inventory) {
    for (const ip of row.addresses) {
      const key = canonicalIp(ip);
      let set = claimants.get(key);
      if (!set) claimants.set(key, (set = new Set()));
      set.add(row.machine);
    }
  }
  return claimants;
}

/**
 * Who owns each inventory address: the machine whose newest inventory lists it, or null when two
 * machines claim it (such an address resolves to no one, as in the map's address book).
 */
export function addressOwners(inventory: readonly MachineAddresses[]): Map<string, string | null> {
  const owners = new Map<string, string | null>();
  for (const [ip, machines] of claimantsByAddress(inventory)) {
    owners.set(ip, machines.size === 1 ? (machines.values().next().value ?? null) : null);
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
 * The machines whose inventory the map needs: the drawn ones, and every other machine claiming an
 * address of theirs, so that such an address stays contested (resolves to no one) in the map's
 * address book as it would with the whole fleet's inventory. No other machine can be drawn: an
 * address only they own is never at the far end of a row the map keeps (it would be a peer).
 */
export function inventoryNeeded(inventory: readonly MachineAddresses[], drawn: readonly string[]): string[] {
  const needed = new Set(drawn);
  const drawnSet = new Set(drawn);
  for (const machines of claimantsByAddress(inventory).values()) {
    if (machines.size < 2 || ![...machines].some((m) => drawnSet.has(m))) continue;
    for (const m of machines) needed.add(m);
  }
  return [...needed];
}

/**
 * Reads the rows of one window from storage and shapes them as topology's `MapInput`. Connection
 * and bound-port rows come folded over the window (one row per connection half and per listener),
 * which the map draws exactly as it would the minutes.
 *
 * Two steps, so a map costs the rows of its own machines and not the fleet's: the focus
 * machines' connections, then those of their monitored peers, found by the addresses in every
 * machine's newest inventory (the far half of a link, e.g. the server's inbound row, lives in the
 * peer's rows). Full inventory is read for the drawn machines and those contesting their
 * addresses only (see {@link inventoryNeeded}). A peer without any inventory row within retention
 * is not found and is drawn from the focus side only (as a discovered machine); agents send
 * inventory at start and hourly.
 */
export async function readMapInput(storage: Storage, query: MapInputQuery): Promise<MapInput> {
  const { workspaceId } = query;
  const from = new Date(query.window.startTime);
  const to = new Date(query.window.endTime);
  const focus = [...focusMachinesOf(query.scope)];
  const [focusConnections, addresses] = await Promise.all([
    storage.connectionSummaries({ workspaceId, from, to, machines: focus }),
    storage.machineAddresses({ workspaceId, asOf: to }),
  ]);
  const peers = peersOf(focusConnections, addressOwners(addresses), new Set(focus));
  const drawn = [...focus, ...peers];
  const [peerConnections, boundPorts, machines, processes] = await Promise.all([
    peers.length === 0 ? [] : storage.connectionSummaries({ workspaceId, from, to, machines: peers }),
    storage.listeners({ workspaceId, from, to, machines: drawn }),
    storage.latestComputers({ workspaceId, asOf: to, machines: inventoryNeeded(addresses, drawn) }),
    storage.latestProcesses({ workspaceId, asOf: to, machines: drawn }),
  ]);
  return {
    workspace: query.workspace,
    window: query.window,
    scope: query.scope,
    connections: [...focusConnections, ...peerConnections],
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
