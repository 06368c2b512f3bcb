import type { MapResponse, ProcessRole } from '@servicemap/protocol';
import { buildAddressBook } from './address-book.js';
import { acceptorResource, connectionResource } from './edge-resources.js';
import { selectLinks } from './link-selection.js';
import { buildLogicalLinks } from './logical-links.js';
import {
  clientGroupAnnotations,
  connectionAnnotations,
  processGroupAnnotations,
  serverPortGroupAnnotations,
  type MachineAnnotation,
  type MapAnnotations,
  type ProcessAnnotation,
} from './map-annotations.js';
import { buildMapGraph, type MapGraph } from './map-graph.js';
import { focusMachinesOf, type MapInput } from './map-input.js';
import { indexInventory, rowsInWindow, type InventoryIndex } from './map-inventory.js';
import { clientGroupResource, machineResource, portResource, processResource } from './node-resources.js';
import { processFacts, type ProcessFacts } from './process-facts.js';

/** The Azure map and what the UI needs beside it. */
export interface BuiltMap {
  readonly response: MapResponse;
  readonly annotations: MapAnnotations;
}

const ROLE_ORDER: readonly ProcessRole[] = ['webServer', 'appServer', 'databaseServer', 'ldapServer', 'smbServer'];

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function renderResponse(input: MapInput, graph: MapGraph, inventory: InventoryIndex, facts: ProcessFacts): MapResponse {
  const { workspace: scope, window } = input;
  const machines = [...graph.machines].map(([name, monitored]) =>
    machineResource(scope, name, monitored, inventory.machines.get(name)),
  );
  const processes = [...graph.processes].map(([key, process]) =>
    processResource(scope, process, inventory.processes.get(key), facts.roles.get(key)?.[0]),
  );
  // A port is monitored when a reported process accepted on it; behind a discovered acceptor
  // (an agentless machine, or a monitored one where nothing listened) it is discovered.
  const inferred = new Set(
    [...graph.processes.values()].flatMap((p) => (p.acceptorOf ? [`${p.machine}|${p.acceptorOf.name}`] : [])),
  );
  const ports = [...graph.ports].map(([key, port]) =>
    portResource(scope, port, graph.machines.get(port.machine) === true && !inferred.has(key)),
  );
  return {
    startTime: window.startTime,
    endTime: window.endTime,
    map: {
      nodes: {
        machines: machines.sort(byName),
        processes: processes.sort((a, b) => byName({ name: a.id }, { name: b.id })),
        ports: ports.sort((a, b) => byName({ name: a.id }, { name: b.id })),
        clientGroups: [...graph.clientGroups.values()].map((g) => clientGroupResource(scope, g)).sort(byName),
      },
      edges: {
        connections: [...graph.connections.values()].map((c) => connectionResource(scope, c, window)).sort(byName),
        acceptors: [...graph.acceptors.values()].map((a) => acceptorResource(scope, a, window)).sort(byName),
      },
    },
  };
}

function machineAnnotations(graph: MapGraph, focus: ReadonlySet<string>, facts: ProcessFacts): MachineAnnotation[] {
  const keysOf = new Map<string, string[]>();
  for (const [key, process] of graph.processes) {
    const keys = keysOf.get(process.machine);
    if (keys) keys.push(key);
    else keysOf.set(process.machine, [key]);
  }
  return [...graph.machines]
    .map(([name, monitored]) => {
      const keys = keysOf.get(name) ?? [];
      const roles = new Set(keys.flatMap((key) => facts.roles.get(key) ?? []));
      return {
        name,
        monitored,
        focus: focus.has(name),
        roles: ROLE_ORDER.filter((role) => roles.has(role)),
        processCount: keys.length,
      };
    })
    .sort(byName);
}

function processAnnotations(graph: MapGraph, facts: ProcessFacts): ProcessAnnotation[] {
  return [...graph.processes]
    .map(([key, process]) => {
      const group = facts.groups.get(key)?.id;
      const base = { machine: process.machine, name: process.name, roles: facts.roles.get(key) ?? [] };
      return group === undefined ? base : { ...base, processGroup: group };
    })
    .sort((a, b) => byName({ name: `${a.machine}|${a.name}` }, { name: `${b.machine}|${b.name}` }));
}

/**
 * Builds a dependency map from the rows of one window. Pure: no I/O, no clock. Every list is
 * sorted by name (processes and ports by id) so equal inputs give byte-equal JSON.
 */
export function buildMap(input: MapInput): BuiltMap {
  const connections = rowsInWindow(input.connections, input.window);
  const boundPorts = rowsInWindow(input.boundPorts, input.window);
  const inventory = indexInventory(input.machines, input.processes, input.window);
  const book = buildAddressBook([...inventory.machines.values()], connections);
  const focusMachines = [...focusMachinesOf(input.scope)];
  const links = buildLogicalLinks(connections, boundPorts, book, new Set(focusMachines));
  const selection = selectLinks(links, input.scope, input.showSelfLinks ?? false);
  const graph = buildMapGraph(selection.links, focusMachines);
  const facts = processFacts(graph, inventory, boundPorts);
  return {
    response: renderResponse(input, graph, inventory, facts),
    annotations: {
      kind: input.scope.kind,
      focusMachines: focusMachines.sort(),
      machines: machineAnnotations(graph, new Set(focusMachines), facts),
      processes: processAnnotations(graph, facts),
      connections: connectionAnnotations(graph),
      clientGroups: clientGroupAnnotations(graph),
      serverPortGroups: serverPortGroupAnnotations(graph),
      processGroups: processGroupAnnotations(graph, facts.groups),
      hiddenSelfLinks: selection.hiddenSelfLinks,
    },
  };
}
