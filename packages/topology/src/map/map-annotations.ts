import type { ConnectionFailureState, ProcessRole } from '@servicemap/protocol';
import { failureStateOf, worstFailureState, type LinkCounters } from './failure-state.js';
import type { GraphConnection, MapGraph } from './map-graph.js';
import type { MapScope } from './map-input.js';

/** A machine as the UI draws it. */
export interface MachineAnnotation {
  readonly name: string;
  readonly monitored: boolean;
  /** One of the machines the map is centred on (outlined in the UI). */
  readonly focus: boolean;
  /** Union of its processes' roles, in ProcessRole order. */
  readonly roles: readonly ProcessRole[];
  readonly processCount: number;
}

export interface ProcessAnnotation {
  readonly machine: string;
  readonly name: string;
  readonly roles: readonly ProcessRole[];
  /** Id of its process group, when it shares a product with other processes on the map. */
  readonly processGroup?: string;
}

/** A connection's health and volume over the window (client's point of view). */
export interface ConnectionAnnotation extends Readonly<LinkCounters> {
  readonly name: string;
  readonly failureState: ConnectionFailureState;
  readonly selfLink: boolean;
}

export interface ClientGroupAnnotation {
  readonly name: string;
  readonly clientsOf: 'machine' | 'process' | 'port';
  readonly memberCount: number;
  readonly memberIps: readonly string[];
}

/** Agentless back-ends reached on one port number, drawn as one box. */
export interface ServerPortGroupAnnotation {
  /** `port:{n}`. */
  readonly id: string;
  readonly portNumber: number;
  /** Discovered machines (`t-…`) in the group. */
  readonly machines: readonly string[];
  readonly connections: readonly string[];
  readonly failureState: ConnectionFailureState;
}

/** An edge between a process group and one peer, standing for the members' connections. */
export interface ProcessGroupEdge {
  readonly direction: 'in' | 'out';
  /** The peer's process group id, process key (`machine|process`) or client group name. */
  readonly peer: string;
  /** The worst of the members' connections: one failure marks the group's edge failed. */
  readonly failureState: ConnectionFailureState;
}

/** Processes of one product on one machine (two or more of them on the map). */
export interface ProcessGroupAnnotation {
  /** `{machine}|group:{group}`. */
  readonly id: string;
  readonly machine: string;
  readonly group: string;
  readonly processes: readonly string[];
  readonly edges: readonly ProcessGroupEdge[];
}

/** What the UI needs beside the Azure MapResponse. */
export interface MapAnnotations {
  readonly kind: MapScope['kind'];
  readonly focusMachines: readonly string[];
  readonly machines: readonly MachineAnnotation[];
  readonly processes: readonly ProcessAnnotation[];
  readonly connections: readonly ConnectionAnnotation[];
  readonly clientGroups: readonly ClientGroupAnnotation[];
  readonly serverPortGroups: readonly ServerPortGroupAnnotation[];
  readonly processGroups: readonly ProcessGroupAnnotation[];
  /** Self-links touching the focus that were left out. */
  readonly hiddenSelfLinks: number;
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function connectionAnnotations(graph: MapGraph): ConnectionAnnotation[] {
  return [...graph.connections.values()]
    .map((c) => ({ name: c.name, failureState: failureStateOf(c.counters), selfLink: c.selfLink, ...c.counters }))
    .sort(byName);
}

export function clientGroupAnnotations(graph: MapGraph): ClientGroupAnnotation[] {
  return [...graph.clientGroups.values()]
    .map((g) => ({
      name: g.name,
      clientsOf: g.target.kind,
      memberCount: g.memberIps.size,
      memberIps: [...g.memberIps].sort(),
    }))
    .sort(byName);
}

export function serverPortGroupAnnotations(graph: MapGraph): ServerPortGroupAnnotation[] {
  const groups = new Map<number, { machines: Set<string>; connections: GraphConnection[] }>();
  for (const connection of graph.connections.values()) {
    if (graph.machines.get(connection.destination.machine) !== false) continue;
    const { portNumber } = connection.port;
    let group = groups.get(portNumber);
    if (!group) groups.set(portNumber, (group = { machines: new Set(), connections: [] }));
    group.machines.add(connection.destination.machine);
    group.connections.push(connection);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([portNumber, group]) => ({
      id: `port:${portNumber}`,
      portNumber,
      machines: [...group.machines].sort(),
      connections: group.connections.map((c) => c.name).sort(),
      failureState: worstFailureState(group.connections.map((c) => failureStateOf(c.counters))),
    }));
}

/** The process group of each `machine|process` key, for processes in a group of two or more. */
export type ProcessGroupIndex = ReadonlyMap<string, { id: string; machine: string; group: string }>;

function nodeOf(groups: ProcessGroupIndex, machine: string, process: string): string {
  const key = `${machine}|${process}`;
  return groups.get(key)?.id ?? key;
}

export function processGroupAnnotations(graph: MapGraph, groups: ProcessGroupIndex): ProcessGroupAnnotation[] {
  const members = new Map<string, { machine: string; group: string; processes: string[] }>();
  for (const [key, entry] of groups) {
    let member = members.get(entry.id);
    if (!member) members.set(entry.id, (member = { machine: entry.machine, group: entry.group, processes: [] }));
    member.processes.push(key.slice(entry.machine.length + 1));
  }
  const edges = new Map<string, Map<string, ConnectionFailureState[]>>();
  const addEdge = (group: string, direction: 'in' | 'out', peer: string, state: ConnectionFailureState): void => {
    if (!members.has(group)) return;
    let byPeer = edges.get(group);
    if (!byPeer) edges.set(group, (byPeer = new Map<string, ConnectionFailureState[]>()));
    const key = `${direction}|${peer}`;
    byPeer.set(key, [...(byPeer.get(key) ?? []), state]);
  };
  for (const connection of graph.connections.values()) {
    const state = failureStateOf(connection.counters);
    const { source, destination } = connection;
    const from = source.kind === 'process' ? nodeOf(groups, source.machine, source.process) : source.name;
    const to = nodeOf(groups, destination.machine, destination.process);
    addEdge(from, 'out', to, state);
    addEdge(to, 'in', from, state);
  }
  return [...members.entries()]
    .map(([id, member]) => ({
      id,
      machine: member.machine,
      group: member.group,
      processes: member.processes.sort(),
      edges: [...(edges.get(id) ?? new Map<string, ConnectionFailureState[]>()).entries()]
        .map(([key, states]) => {
          const [direction, ...peer] = key.split('|');
          return { direction: direction as 'in' | 'out', peer: peer.join('|'), failureState: worstFailureState(states) };
        })
        .sort((a, b) => (`${a.direction}|${a.peer}` < `${b.direction}|${b.peer}` ? -1 : 1)),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
