import type { MapResponse } from '@servicemap/protocol';
import {
  buildMap,
  canonicalIp,
  parseMachineName,
  type ClientGroupAnnotation,
  type MapInput,
  type MapScope,
  type MapWindow,
  type WorkspaceScope,
} from '@servicemap/topology';
import type { Storage } from '../storage/storage.js';
import { addressOwners, inventoryNeeded, readMapInput } from './map-input.js';

/** What to read: one machine (`m-…` or `t-…`) of a workspace over a window. */
export interface MachineViewQuery {
  readonly workspaceId: string;
  readonly workspace: WorkspaceScope;
  readonly window: MapWindow;
  readonly machine: string;
}

/**
 * A machine's neighbourhood over a window: the rows read for it and the map drawn from them.
 * Every connection, port, acceptor and client group a route answers comes out of `map`, so its
 * names are the very names `generateMap` gives for the same window.
 */
export interface MachineView {
  readonly machine: string;
  readonly window: MapWindow;
  readonly input: MapInput;
  readonly map: MapResponse['map'];
  readonly clientGroups: readonly ClientGroupAnnotation[];
}

function draw(machine: string, input: MapInput): MachineView {
  const built = buildMap(input);
  return { machine, window: input.window, input, map: built.response.map, clientGroups: built.annotations.clientGroups };
}

/**
 * A discovered machine's view: the links of the monitored machines that called its address.
 * Its callers' outbound rows to that address are all a link to an agentless back-end is made of
 * (nothing answers from the far side), so only those rows are drawn. Inventory is read as
 * `readMapInput` reads it: every machine's addresses (small rows), then full rows only for the
 * callers, the address's owner, and those contesting their addresses (see `inventoryNeeded`).
 * So an address a monitored machine owns resolves to that machine exactly as on `generateMap`,
 * and the `t-…` name then has nothing in it.
 */
async function readDiscoveredInput(storage: Storage, query: MachineViewQuery, ip: string): Promise<MapInput> {
  const { workspaceId } = query;
  const from = new Date(query.window.startTime);
  const to = new Date(query.window.endTime);
  const [callers, addresses] = await Promise.all([
    storage.machinesReaching({ workspaceId, from, to, destinationIps: [ip] }),
    storage.machineAddresses({ workspaceId, asOf: to }),
  ]);
  const scope: MapScope = { kind: 'list', machines: callers, filterProcesses: false };
  const base = { workspace: query.workspace, window: query.window, scope, boundPorts: [] };
  if (callers.length === 0) return { ...base, connections: [], machines: [], processes: [] };
  const owner = addressOwners(addresses).get(ip);
  const drawn = owner == null ? callers : [...callers, owner];
  const [rows, machines, processes] = await Promise.all([
    storage.connectionSummaries({ workspaceId, from, to, machines: callers }),
    storage.latestComputers({ workspaceId, asOf: to, machines: inventoryNeeded(addresses, drawn) }),
    storage.latestProcesses({ workspaceId, asOf: to, machines: callers }),
  ]);
  const connections = rows.filter((row) => row.direction === 'outbound' && canonicalIp(row.destinationIp) === ip);
  return { ...base, connections, machines, processes };
}

/**
 * Reads and draws a machine's view: a monitored machine's single-machine map, or a discovered
 * `t-…` machine's callers' links to it (see {@link readDiscoveredInput}).
 */
export async function readMachineView(storage: Storage, query: MachineViewQuery): Promise<MachineView> {
  const parsed = parseMachineName(query.machine);
  const input = parsed?.kind === 'discovered'
    ? await readDiscoveredInput(storage, query, canonicalIp(parsed.ip))
    : await readMapInput(storage, {
      workspaceId: query.workspaceId, workspace: query.workspace, window: query.window,
      scope: { kind: 'single', machine: query.machine },
    });
  return draw(query.machine, input);
}
