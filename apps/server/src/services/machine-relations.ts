import type { ClientGroup, ClientGroupMember, Connection, Port, Process } from '@servicemap/protocol';
import {
  canonicalIp,
  clientGroupMemberName,
  parseAcceptorName,
  parseConnectionName,
  parseIp,
  portName,
  portReference,
  portResource,
  processReference,
  processResource,
  resourceId,
  resourceType,
  type ConnectionNameParts,
  type GraphPort,
} from '@servicemap/topology';
import type { MachineView } from './machine-view.js';

/** A server port of the view's machine and the processes that accept on it. */
export interface PortEntry {
  readonly port: Port;
  /** Accepting process names (`p-…` or a discovered `ts-…`), sorted. */
  readonly processes: readonly string[];
}

/** Which connections a list wants: those of a machine, of one of its processes, or made through one of its ports. */
export type ConnectionFilter =
  | { readonly kind: 'machine'; readonly machine: string }
  | { readonly kind: 'process'; readonly machine: string; readonly process: string }
  | { readonly kind: 'port'; readonly machine: string; readonly port: string };

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const WILDCARDS = new Set(['0.0.0.0', '::']);

function sourceMachine(parts: ConnectionNameParts): string {
  return parts.source.kind === 'process' ? parts.source.machine : parts.source.group.machine;
}

function matches(parts: ConnectionNameParts, filter: ConnectionFilter): boolean {
  switch (filter.kind) {
    case 'machine':
      return sourceMachine(parts) === filter.machine || parts.destination.machine === filter.machine;
    case 'process': {
      const { source, destination } = parts;
      const asSource = source.kind === 'process' && source.machine === filter.machine && source.process === filter.process;
      return asSource || (destination.machine === filter.machine && destination.process === filter.process);
    }
    case 'port':
      return parts.serverPort.machine === filter.machine && parts.serverPort.port === filter.port;
  }
}

/** The view's connections that start or end at the machine or process, or go through the port. */
export function connectionsOf(view: MachineView, filter: ConnectionFilter): Connection[] {
  return view.map.edges.connections.filter((connection) => {
    const parts = parseConnectionName(connection.name);
    return parts !== undefined && matches(parts, filter);
  });
}

/**
 * The machine's server ports in the window: every port the map draws on it (named by the address
 * clients reached), then ports it listened on without traffic, from its bound-port rows. A
 * wildcard bind names no address: it joins the drawn ports of its number, or, when none was
 * reached, stands as a port on the wildcard address itself (`b-00000000_{n}`).
 */
export function portsOf(view: MachineView): PortEntry[] {
  const { workspace } = view.input;
  const entries = new Map<string, { port: Port; processes: Set<string> }>();
  for (const port of view.map.nodes.ports) {
    if (port.properties.machine?.name === view.machine) entries.set(port.name, { port, processes: new Set() });
  }
  for (const acceptor of view.map.edges.acceptors) {
    const parts = parseAcceptorName(acceptor.name);
    if (parts?.port.machine === view.machine) entries.get(parts.port.port)?.processes.add(parts.process.process);
  }
  const bound = view.input.boundPorts.filter((row) => row.machine === view.machine);
  // Specific addresses first, so that a wildcard row finds every port of its number.
  const ordered = [...bound].sort((a, b) => Number(WILDCARDS.has(canonicalIp(a.ip))) - Number(WILDCARDS.has(canonicalIp(b.ip))));
  for (const row of ordered) {
    const ip = canonicalIp(row.ip);
    if (parseIp(ip) === undefined) continue;
    const sameNumber = [...entries.values()].filter((e) => e.port.properties.portNumber === row.port);
    if (WILDCARDS.has(ip) && sameNumber.length > 0) {
      for (const entry of sameNumber) entry.processes.add(row.process);
      continue;
    }
    const name = portName(ip, row.port);
    const graphPort: GraphPort = { machine: view.machine, name, ip, portNumber: row.port };
    const entry = entries.get(name) ?? { port: portResource(workspace, graphPort, true), processes: new Set<string>() };
    entry.processes.add(row.process);
    entries.set(name, entry);
  }
  return [...entries.values()]
    .map((entry) => ({ port: entry.port, processes: [...entry.processes].sort() }))
    .sort((a, b) => byName(a.port, b.port));
}

/**
 * A process of the view's machine as a resource: as the map draws it, else from its newest
 * inventory (a pool that only listened, or had no traffic at all). Undefined when neither knows it.
 */
export function processOf(view: MachineView, process: string): Process | undefined {
  const drawn = view.map.nodes.processes.find((p) => p.name === process && p.properties.machine?.name === view.machine);
  if (drawn !== undefined) return drawn;
  const row = view.input.processes.find((p) => p.machine === view.machine && p.process === process);
  if (row !== undefined) return processResource(view.input.workspace, { machine: row.machine, name: row.process }, row, row.roles[0]);
  const bound = view.input.boundPorts.find((p) => p.machine === view.machine && p.process === process);
  if (bound === undefined) return undefined;
  return processResource(view.input.workspace, { machine: view.machine, name: process, processName: bound.processName }, undefined, undefined);
}

/** The client group as the view's map draws it. */
export function clientGroupOf(view: MachineView, name: string): ClientGroup | undefined {
  return view.map.nodes.clientGroups.find((group) => group.name === name);
}

/**
 * The members of a client group: one per agentless client address, with the (first, by name)
 * port it connected to and the processes that accepted its connections, read from the server's
 * inbound rows. Undefined when the view has no such group.
 */
export function clientGroupMembersOf(view: MachineView, name: string): ClientGroupMember[] | undefined {
  const group = view.clientGroups.find((g) => g.name === name);
  const drawn = clientGroupOf(view, name);
  if (group === undefined || drawn === undefined) return undefined;
  const { workspace } = view.input;
  const clientsOf = drawn.properties.clientsOf;
  const onlyProcess = group.clientsOf === 'process' ? clientsOf.name : undefined;
  const members = new Set(group.memberIps.map(canonicalIp));
  const reached = new Map<string, { ports: Map<string, GraphPort>; processes: Set<string> }>();
  for (const row of view.input.connections) {
    if (row.direction !== 'inbound' || row.machine !== view.machine) continue;
    if (onlyProcess !== undefined && row.process !== onlyProcess) continue;
    const ip = canonicalIp(row.sourceIp);
    if (!members.has(ip)) continue;
    const serverIp = canonicalIp(row.destinationIp);
    const port: GraphPort = { machine: row.machine, name: portName(serverIp, row.destinationPort), ip: serverIp, portNumber: row.destinationPort };
    const entry = reached.get(ip) ?? { ports: new Map<string, GraphPort>(), processes: new Set<string>() };
    entry.ports.set(port.name, port);
    entry.processes.add(row.process);
    reached.set(ip, entry);
  }
  return [...members].map((ip): ClientGroupMember => {
    const member = clientGroupMemberName(ip);
    const path = { kind: 'clientGroupMember', clientGroup: name, member } as const;
    const entry = reached.get(ip);
    const [firstPort] = [...(entry?.ports.values() ?? [])].sort(byName);
    const processes = [...(entry?.processes ?? [])].sort().map((p) => processReference(workspace, view.machine, p));
    return {
      id: resourceId(workspace, path), type: resourceType(path), name: member,
      properties: {
        ipAddress: ip,
        ...(firstPort === undefined ? {} : { port: portReference(workspace, firstPort) }),
        ...(processes.length === 0 ? {} : { processes }),
      },
    };
  }).sort(byName);
}
