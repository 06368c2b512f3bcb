import type { ProcessRole } from '@servicemap/protocol';
import { processGroupOf } from '../process-group.js';
import { roleOf } from '../roles.js';
import type { MapGraph } from './map-graph.js';
import type { BoundPortRow } from './map-input.js';
import type { InventoryIndex } from './map-inventory.js';
import type { ProcessGroupIndex } from './map-annotations.js';

/** Roles and process groups of the map's processes. */
export interface ProcessFacts {
  /** Keyed `machine|process`. */
  readonly roles: ReadonlyMap<string, readonly ProcessRole[]>;
  readonly groups: ProcessGroupIndex;
}

/** Ports each process listens on: bound-port rows of the window plus the ports it accepted on in the map. */
function listeningPorts(graph: MapGraph, boundPorts: readonly BoundPortRow[]): Map<string, Set<number>> {
  const ports = new Map<string, Set<number>>();
  const add = (key: string, port: number): void => {
    let set = ports.get(key);
    if (!set) ports.set(key, (set = new Set()));
    set.add(port);
  };
  for (const row of boundPorts) add(`${row.machine}|${row.process}`, row.port);
  for (const acceptor of graph.acceptors.values()) {
    add(`${acceptor.process.machine}|${acceptor.process.process}`, acceptor.port.portNumber);
  }
  return ports;
}

/**
 * Roles: the agent's own inference from inventory when it made one, else `roleOf` over what the
 * map knows. A discovered acceptor on an agentless machine is an `appServer` unless its port says
 * more (Azure's examples mark them `appServer`).
 */
function rolesOf(graph: MapGraph, inventory: InventoryIndex, ports: Map<string, Set<number>>) {
  const roles = new Map<string, readonly ProcessRole[]>();
  for (const [key, process] of graph.processes) {
    const listening = [...(ports.get(key) ?? [])].sort((a, b) => a - b);
    if (process.acceptorOf) {
      const byPort = roleOf({ executableName: '', listeningPorts: listening });
      // On a monitored machine a discovered acceptor means nothing listened: no role to claim.
      const fallback: ProcessRole[] = graph.machines.get(process.machine) === false ? ['appServer'] : [];
      roles.set(key, byPort.length > 0 ? byPort : fallback);
      continue;
    }
    const row = inventory.processes.get(key);
    if (row && row.roles.length > 0) {
      roles.set(key, row.roles);
      continue;
    }
    const executableName = row?.executableName ?? process.processName ?? '';
    roles.set(key, roleOf({ executableName, listeningPorts: listening, commandLine: row?.commandLine }));
  }
  return roles;
}

/** Process groups: processes of one product on one machine, when there are two or more on the map. */
function groupsOf(graph: MapGraph, inventory: InventoryIndex): ProcessGroupIndex {
  const candidates = new Map<string, { machine: string; group: string; keys: string[] }>();
  for (const [key, process] of graph.processes) {
    if (process.acceptorOf) continue;
    const row = inventory.processes.get(key);
    const executableName = row?.executableName ?? process.processName ?? '';
    const group = row?.group || processGroupOf({ executableName, productName: row?.productName });
    if (group === '') continue;
    const id = `${process.machine}|group:${group}`;
    let candidate = candidates.get(id);
    if (!candidate) candidates.set(id, (candidate = { machine: process.machine, group, keys: [] }));
    candidate.keys.push(key);
  }
  const index = new Map<string, { id: string; machine: string; group: string }>();
  for (const [id, candidate] of candidates) {
    if (candidate.keys.length < 2) continue;
    for (const key of candidate.keys) index.set(key, { id, machine: candidate.machine, group: candidate.group });
  }
  return index;
}

export function processFacts(graph: MapGraph, inventory: InventoryIndex, boundPorts: readonly BoundPortRow[]): ProcessFacts {
  return { roles: rolesOf(graph, inventory, listeningPorts(graph, boundPorts)), groups: groupsOf(graph, inventory) };
}
