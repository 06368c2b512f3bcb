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
import { readMapInput } from './map-input.js';

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
 * Reads and draws a machine's view. A monitored machine is drawn as its single-machine map. A
 * discovered `t-…` machine is drawn as the map of the monitored machines that called it, so it
 * appears (or not) exactly as it does on their maps: an address that belongs to a monitored
 * machine is drawn as that machine and the `t-…` name then has nothing in it.
 */
export async function readMachineView(storage: Storage, query: MachineViewQuery): Promise<MachineView> {
  const parsed = parseMachineName(query.machine);
  let scope: MapScope = { kind: 'single', machine: query.machine };
  if (parsed?.kind === 'discovered') {
    // A discovered machine has no rows of its own: only its callers' outbound rows know it.
    const clients = await storage.machinesReaching({
      workspaceId: query.workspaceId, from: new Date(query.window.startTime), to: new Date(query.window.endTime),
      destinationIps: [canonicalIp(parsed.ip)],
    });
    scope = { kind: 'list', machines: clients, filterProcesses: false };
    if (clients.length === 0) {
      const empty = { connections: [], boundPorts: [], machines: [], processes: [] };
      return draw(query.machine, { workspace: query.workspace, window: query.window, scope, ...empty });
    }
  }
  const input = await readMapInput(storage, {
    workspaceId: query.workspaceId, workspace: query.workspace, window: query.window, scope,
  });
  return draw(query.machine, input);
}
