import type { LinkCounters } from './failure-state.js';
import { addCounters, zeroCounters } from './failure-state.js';
import type { LogicalLink } from './logical-links.js';
import { connectionName, acceptorName } from '../relationship-names.js';
import {
  clientGroupName,
  discoveredMachineName,
  discoveredProcessName,
  parseMachineName,
  portName,
  type ClientGroupTarget,
} from '../resource-names.js';

/** A server port in the graph. */
export interface GraphPort {
  readonly machine: string;
  readonly name: string;
  readonly ip: string;
  readonly portNumber: number;
}

/** A process in the graph: a reported pool, or a discovered acceptor standing behind a port. */
export interface GraphProcess {
  readonly machine: string;
  readonly name: string;
  /** Executable name from the connection rows (inventory may be missing). */
  readonly processName?: string;
  /** Set for discovered acceptors (`ts-…`): the port they accept on. */
  readonly acceptorOf?: GraphPort;
}

export type GraphSource =
  | { readonly kind: 'process'; readonly machine: string; readonly process: string }
  | { readonly kind: 'clientGroup'; readonly group: ClientGroupTarget; readonly name: string };

export interface GraphConnection {
  readonly name: string;
  readonly source: GraphSource;
  readonly destination: { readonly machine: string; readonly process: string };
  readonly port: GraphPort;
  readonly counters: LinkCounters;
  firstSeenMs: number;
  lastSeenMs: number;
  selfLink: boolean;
}

export interface GraphClientGroup {
  readonly name: string;
  readonly target: ClientGroupTarget;
  readonly memberIps: Set<string>;
}

export interface GraphAcceptor {
  readonly name: string;
  readonly port: GraphPort;
  readonly process: { readonly machine: string; readonly process: string };
  firstSeenMs: number;
  lastSeenMs: number;
}

/** The map in names only, before it is dressed as Azure resources. */
export interface MapGraph {
  /** Machine name → monitored (true) or discovered (false). */
  readonly machines: Map<string, boolean>;
  /** Keyed `machine|process`. */
  readonly processes: Map<string, GraphProcess>;
  /** Keyed `machine|port`. */
  readonly ports: Map<string, GraphPort>;
  readonly connections: Map<string, GraphConnection>;
  readonly clientGroups: Map<string, GraphClientGroup>;
  readonly acceptors: Map<string, GraphAcceptor>;
}

function emptyGraph(): MapGraph {
  return {
    machines: new Map(),
    processes: new Map(),
    ports: new Map(),
    connections: new Map(),
    clientGroups: new Map(),
    acceptors: new Map(),
  };
}

function widen(span: { firstSeenMs: number; lastSeenMs: number }, link: LogicalLink): void {
  span.firstSeenMs = Math.min(span.firstSeenMs, link.firstSeenMs);
  span.lastSeenMs = Math.max(span.lastSeenMs, link.lastSeenMs);
}

function addProcess(graph: MapGraph, process: GraphProcess): void {
  const key = `${process.machine}|${process.name}`;
  if (!graph.processes.has(key)) graph.processes.set(key, process);
}

/** The server end: machine (monitored or discovered), port, accepting process, acceptor. */
function addServer(graph: MapGraph, link: LogicalLink): { port: GraphPort; process: string } {
  const machine = link.server.machine ?? discoveredMachineName(link.server.ip);
  if (!graph.machines.has(machine)) graph.machines.set(machine, link.server.machine !== undefined);
  const port: GraphPort = {
    machine,
    name: portName(link.server.ip, link.server.port),
    ip: link.server.ip,
    portNumber: link.server.port,
  };
  graph.ports.set(`${machine}|${port.name}`, port);
  const reported = link.server.process;
  const process = reported?.process ?? discoveredProcessName(machine, port.name);
  addProcess(
    graph,
    reported ? { machine, name: process, processName: reported.processName } : { machine, name: process, acceptorOf: port },
  );
  const name = acceptorName({
    port: { kind: 'port', machine, port: port.name },
    process: { kind: 'process', machine, process },
  });
  const acceptor = graph.acceptors.get(name);
  if (acceptor) widen(acceptor, link);
  else {
    const { firstSeenMs, lastSeenMs } = link;
    graph.acceptors.set(name, { name, port, process: { machine, process }, firstSeenMs, lastSeenMs });
  }
  return { port, process };
}

/** Client sources: the client process, or the machine- and process-level client groups (as Azure draws both). */
function sourcesOf(graph: MapGraph, link: LogicalLink, server: { machine: string; process: string }): GraphSource[] {
  const { machine, process } = link.client;
  if (machine !== undefined && process !== undefined) {
    graph.machines.set(machine, true);
    addProcess(graph, { machine, name: process.process, processName: process.processName });
    return [{ kind: 'process', machine, process: process.process }];
  }
  const targets: ClientGroupTarget[] = [
    { kind: 'machine', machine: server.machine },
    { kind: 'process', machine: server.machine, process: server.process },
  ];
  return targets.map((target) => {
    const name = clientGroupName(target);
    let group = graph.clientGroups.get(name);
    if (!group) graph.clientGroups.set(name, (group = { name, target, memberIps: new Set() }));
    group.memberIps.add(link.client.ip);
    return { kind: 'clientGroup', group: target, name };
  });
}

function addConnection(graph: MapGraph, link: LogicalLink, source: GraphSource, port: GraphPort, process: string): void {
  const destination = { machine: port.machine, process };
  const name = connectionName({
    source: source.kind === 'process' ? source : { kind: 'clientGroup', group: source.group },
    destination: { kind: 'process', ...destination },
    serverPort: { kind: 'port', machine: port.machine, port: port.name },
  });
  let connection = graph.connections.get(name);
  if (!connection) {
    const { firstSeenMs, lastSeenMs, selfLink } = link;
    connection = { name, source, destination, port, counters: zeroCounters(), firstSeenMs, lastSeenMs, selfLink };
    graph.connections.set(name, connection);
  }
  addCounters(connection.counters, link.counters);
  widen(connection, link);
  connection.selfLink ||= link.selfLink;
}

/**
 * Builds the graph of the selected links. Links that map to one connection name (a client on
 * two of its addresses, many agentless clients of one process) are summed into one connection.
 * Focus machines are present even when they had no connection in the window.
 */
export function buildMapGraph(links: readonly LogicalLink[], focusMachines: readonly string[]): MapGraph {
  const graph = emptyGraph();
  for (const machine of focusMachines) graph.machines.set(machine, parseMachineName(machine)?.kind !== 'discovered');
  for (const link of links) {
    const { port, process } = addServer(graph, link);
    for (const source of sourcesOf(graph, link, { machine: port.machine, process })) {
      addConnection(graph, link, source, port, process);
    }
  }
  return graph;
}
