import type { ClientGroup, ClientGroupMember, Connection, Port, Process } from '@servicemap/protocol';
import {
  canonicalIp,
  clientGroupMemberName,
  clientGroupName,
  clientGroupResource,
  parseAcceptorName,
  parseClientGroupName,
  parseConnectionName,
  parseIp,
  portName,
  portReference,
  portResource,
  processReference,
  processResource,
  resourceId,
  resourceType,
  type ClientGroupTarget,
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

/** A client group of the view's machine: its resource and its members' addresses (canonical, sorted). */
export interface ClientGroupEntry {
  readonly group: ClientGroup;
  readonly memberIps: readonly string[];
}

interface Reached {
  readonly ports: Map<string, GraphPort>;
  readonly processes: Set<string>;
}

/** The view machine's inbound rows from the given client addresses that pass `keep`, by client address. */
function reachedBy(view: MachineView, clients: ReadonlySet<string>, keep: (process: string, port: string) => boolean): Map<string, Reached> {
  const reached = new Map<string, Reached>();
  for (const row of view.input.connections) {
    if (row.direction !== 'inbound' || row.machine !== view.machine) continue;
    const ip = canonicalIp(row.sourceIp);
    if (!clients.has(ip)) continue;
    const serverIp = canonicalIp(row.destinationIp);
    const port: GraphPort = { machine: row.machine, name: portName(serverIp, row.destinationPort), ip: serverIp, portNumber: row.destinationPort };
    if (!keep(row.process, port.name)) continue;
    const entry = reached.get(ip) ?? { ports: new Map<string, GraphPort>(), processes: new Set<string>() };
    entry.ports.set(port.name, port);
    entry.processes.add(row.process);
    reached.set(ip, entry);
  }
  return reached;
}

function keepFor(target: ClientGroupTarget): (process: string, port: string) => boolean {
  switch (target.kind) {
    case 'machine':
      return () => true;
    case 'process':
      return (process) => process === target.process;
    case 'port':
      return (_process, port) => port === target.port;
  }
}

/**
 * A client group of the view's machine. Machine and process groups are the map's own. The map
 * draws no port groups (`m!{machine}!b!{port}`, which Azure answered too): such a group is the
 * machine group's members that reached that port, and exists while one did.
 */
export function clientGroupOf(view: MachineView, name: string): ClientGroupEntry | undefined {
  const target = parseClientGroupName(name);
  if (target?.machine !== view.machine) return undefined;
  if (target.kind !== 'port') {
    const group = view.map.nodes.clientGroups.find((g) => g.name === name);
    const members = view.clientGroups.find((g) => g.name === name);
    return group === undefined || members === undefined ? undefined : { group, memberIps: members.memberIps.map(canonicalIp).sort() };
  }
  const machineGroup = view.clientGroups.find((g) => g.name === clientGroupName({ kind: 'machine', machine: view.machine }));
  if (machineGroup === undefined) return undefined;
  const reached = reachedBy(view, new Set(machineGroup.memberIps.map(canonicalIp)), keepFor(target));
  if (reached.size === 0) return undefined;
  const memberIps = [...reached.keys()].sort();
  return { group: clientGroupResource(view.input.workspace, { name, target, memberIps: new Set(memberIps) }), memberIps };
}

/**
 * The members of a client group: one per agentless client address, with the (first, by name)
 * port of the group's target it connected to and the processes that accepted its connections,
 * read from the server's inbound rows. Undefined when the view has no such group.
 */
export function clientGroupMembersOf(view: MachineView, name: string): ClientGroupMember[] | undefined {
  const entry = clientGroupOf(view, name);
  const target = parseClientGroupName(name);
  if (entry === undefined || target === undefined) return undefined;
  const { workspace } = view.input;
  const reached = reachedBy(view, new Set(entry.memberIps), keepFor(target));
  return entry.memberIps.map((ip): ClientGroupMember => {
    const member = clientGroupMemberName(ip);
    const path = { kind: 'clientGroupMember', clientGroup: name, member } as const;
    const found = reached.get(ip);
    const [firstPort] = [...(found?.ports.values() ?? [])].sort(byName);
    const processes = [...(found?.processes ?? [])].sort().map((p) => processReference(workspace, view.machine, p));
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
