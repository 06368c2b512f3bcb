import type { ConnectionFailureState, Machine, Process, ProcessRole } from '@servicemap/protocol';
import { addCounters, zeroCounters, type ConnectionAnnotation } from '@servicemap/topology';
import { badgesOf, describeBadges, worstSeverity, type BadgeProvider } from './badges.js';
import type { MapData } from './map-data.js';
import type { Column, EdgeFigures, MapEdgeView, MapNodeView, MapView } from './map-view.js';

/** How to draw a map: what is expanded, which badges, which machines are group members. */
export interface MapViewOptions {
  readonly expanded: ReadonlySet<string>;
  readonly badgeProviders: readonly BadgeProvider[];
  /** Machines of the group the map is of (outlined); empty for a single-machine map. */
  readonly members?: ReadonlySet<string>;
}

const KIND_NAMES: Readonly<Record<MapNodeView['kind'], string>> = {
  machine: 'Machine', processGroup: 'Process group', process: 'Process', clientGroup: 'Client group', portGroup: 'Server port group',
};

/** A node in words (kind, name, second line, status badges): its accessible description on the canvas. */
export function describeNode(node: MapNodeView): string {
  const head = [`${KIND_NAMES[node.kind]} ${node.label}`, node.sublabel].filter((part) => part !== '').join(', ');
  const status = describeBadges(node.badges);
  return status === '' ? head : `${head}. ${status}`;
}

/** Id of a process node: processes are named per machine. */
export const processNodeId = (machine: string, process: string): string => `${machine}|${process}`;

const FAILURE_RANK: Readonly<Record<ConnectionFailureState, number>> = { ok: 0, mixed: 1, failed: 2 };

function worse(a: ConnectionFailureState, b: ConnectionFailureState): ConnectionFailureState {
  return FAILURE_RANK[a] >= FAILURE_RANK[b] ? a : b;
}

/** `m!{machine}` or `m!{machine}!p!{process}` (or `…!b!{port}`): the machine the group's clients talk to. */
function clientGroupTarget(name: string): { machine: string; level: 'machine' | 'inner' } {
  const parts = name.split('!');
  return { machine: parts[1] ?? name, level: parts.length > 2 ? 'inner' : 'machine' };
}

export function machineLabel(machine: Machine | undefined, name: string): string {
  const p = machine?.properties;
  return p?.displayName ?? p?.computerName ?? p?.fullyQualifiedDomainName ?? name;
}

export function processLabel(process: Process | undefined, name: string): string {
  const p = process?.properties;
  return p?.displayName ?? p?.executableName ?? name;
}

interface Endpoint { readonly machine: string; readonly process: string }

/** Everything the map is built from, indexed once. */
class MapIndex {
  readonly machines = new Map<string, Machine>();
  readonly processes = new Map<string, Process>();
  readonly connections = new Map<string, ConnectionAnnotation>();
  /** Discovered back-end machine → its server port group id. */
  readonly portGroupOf = new Map<string, string>();
  /** `machine|process` → process group id. */
  readonly processGroupOf = new Map<string, string>();
  readonly focus: ReadonlySet<string>;

  constructor(readonly data: MapData) {
    const { nodes } = data.response.map;
    for (const m of nodes.machines) this.machines.set(m.name, m);
    for (const p of nodes.processes) {
      const machine = p.properties.machine?.name ?? '';
      this.processes.set(processNodeId(machine, p.name), p);
    }
    for (const c of data.annotations.connections) this.connections.set(c.name, c);
    for (const g of data.annotations.serverPortGroups) for (const m of g.machines) this.portGroupOf.set(m, g.id);
    for (const g of data.annotations.processGroups) {
      for (const p of g.processes) this.processGroupOf.set(processNodeId(g.machine, p), g.id);
    }
    this.focus = new Set(data.annotations.focusMachines);
  }
}

/** The visible node a process endpoint collapses into. */
function visibleEndpoint(index: MapIndex, expanded: ReadonlySet<string>, end: Endpoint): string {
  const portGroup = index.portGroupOf.get(end.machine);
  if (portGroup !== undefined && !expanded.has(portGroup)) return portGroup;
  if (!expanded.has(end.machine)) return end.machine;
  const key = processNodeId(end.machine, end.process);
  const group = index.processGroupOf.get(key);
  return group !== undefined && !expanded.has(group) ? group : key;
}

/** Clients of the focus go left, what the focus depends on goes right; a machine that is both goes right. */
function columnsOf(index: MapIndex): Map<string, Column> {
  const columns = new Map<string, Column>();
  for (const m of index.machines.keys()) columns.set(m, index.focus.has(m) ? 'focus' : 'clients');
  for (const c of index.data.response.map.edges.connections) {
    const from = c.properties.source.kind === 'ref:process' ? c.properties.source.properties?.machine?.name : undefined;
    const to = c.properties.destination.properties?.machine?.name;
    if (to !== undefined && from !== undefined && index.focus.has(from) && !index.focus.has(to)) columns.set(to, 'servers');
  }
  for (const m of index.portGroupOf.keys()) columns.set(m, 'servers');
  return columns;
}

const zeroFigures = (): { -readonly [K in keyof EdgeFigures]: EdgeFigures[K] } => ({ connections: 0, ...zeroCounters() });

function buildEdges(index: MapIndex, expanded: ReadonlySet<string>, visibleClientGroups: ReadonlySet<string>): MapEdgeView[] {
  const edges = new Map<string, {
    source: string; target: string; state: ConnectionFailureState; figures: ReturnType<typeof zeroFigures>;
    selfLink: boolean; ports: Set<number>; names: string[];
  }>();
  for (const c of index.data.response.map.edges.connections) {
    const { source, destination, serverPort } = c.properties;
    const destMachine = destination.properties?.machine?.name ?? '';
    const target = visibleEndpoint(index, expanded, { machine: destMachine, process: destination.name ?? '' });
    let from: string;
    if (source.kind === 'ref:clientgroup') {
      if (!visibleClientGroups.has(source.name ?? '')) continue;
      from = source.name ?? '';
    } else {
      from = visibleEndpoint(index, expanded, { machine: source.properties?.machine?.name ?? '', process: source.name ?? '' });
    }
    const annotation = index.connections.get(c.name);
    const id = `${from}->${target}`;
    let edge = edges.get(id);
    if (!edge) {
      edge = { source: from, target, state: 'ok', figures: zeroFigures(), selfLink: false, ports: new Set(), names: [] };
      edges.set(id, edge);
    }
    edge.state = worse(edge.state, annotation?.failureState ?? c.properties.failureState ?? 'ok');
    edge.selfLink ||= annotation?.selfLink ?? false;
    const port = serverPort?.properties?.portNumber;
    if (port !== undefined) edge.ports.add(port);
    edge.names.push(c.name);
    const f = edge.figures;
    f.connections += 1;
    if (annotation) addCounters(f, annotation);
  }
  return [...edges.entries()].map(([id, e]) => ({
    id, source: e.source, target: e.target, failureState: e.state, figures: e.figures,
    selfLink: e.selfLink || e.source === e.target, ports: [...e.ports].sort((a, b) => a - b), connectionNames: e.names,
  }));
}

/** Failed and mixed connection counts per machine, for the connection-health badges. */
function failuresPerMachine(index: MapIndex): Map<string, { failed: number; mixed: number }> {
  const counts = new Map<string, { failed: number; mixed: number }>();
  for (const c of index.data.response.map.edges.connections) {
    const state = index.connections.get(c.name)?.failureState ?? c.properties.failureState ?? 'ok';
    if (state === 'ok') continue;
    const machines = new Set([
      c.properties.source.kind === 'ref:process' ? c.properties.source.properties?.machine?.name : undefined,
      c.properties.destination.properties?.machine?.name,
    ]);
    for (const m of machines) {
      if (m === undefined) continue;
      const entry = counts.get(m) ?? { failed: 0, mixed: 0 };
      if (state === 'failed') entry.failed += 1;
      else entry.mixed += 1;
      counts.set(m, entry);
    }
  }
  return counts;
}

function rolesOf(index: MapIndex, machine: string): readonly ProcessRole[] {
  return index.data.annotations.machines.find((m) => m.name === machine)?.roles ?? [];
}

/**
 * Turns a map and the view's choices into the nodes and edges the canvas draws: machines
 * (expanded into process groups and processes), client groups, server port groups (expanded
 * into their servers), and edges between whatever is visible. Pure; the canvas only draws it.
 */
export function buildMapView(data: MapData, options: MapViewOptions): MapView {
  const index = new MapIndex(data);
  const { expanded } = options;
  const members = options.members ?? new Set<string>();
  const columns = columnsOf(index);
  const failures = failuresPerMachine(index);
  const nodes: MapNodeView[] = [];
  const base = { roles: [] as readonly ProcessRole[], monitored: false, focus: false, member: false, badges: [], severity: 'none' as const };

  for (const g of data.annotations.serverPortGroups) {
    nodes.push({
      ...base, id: g.id, kind: 'portGroup', label: `Port ${g.portNumber}`,
      sublabel: `${g.machines.length} server${g.machines.length === 1 ? '' : 's'}`, column: 'servers',
      expandable: true, expanded: expanded.has(g.id),
      roles: [...new Set(g.machines.flatMap((m) => rolesOf(index, m)))],
    });
  }
  for (const annotation of data.annotations.machines) {
    const name = annotation.name;
    const portGroup = index.portGroupOf.get(name);
    if (portGroup !== undefined && !expanded.has(portGroup)) continue;
    const machine = index.machines.get(name);
    const failure = failures.get(name) ?? { failed: 0, mixed: 0 };
    const badges = annotation.monitored
      ? badgesOf({ name, monitored: true, failedConnections: failure.failed, mixedConnections: failure.mixed }, options.badgeProviders)
      : [];
    nodes.push({
      ...base, id: name, kind: 'machine', label: machineLabel(machine, name),
      sublabel: annotation.monitored ? `${annotation.processCount} process${annotation.processCount === 1 ? '' : 'es'}` : 'not monitored',
      ...(portGroup === undefined ? {} : { parent: portGroup }),
      column: columns.get(name) ?? 'clients', roles: annotation.roles, expandable: annotation.processCount > 0,
      expanded: expanded.has(name), monitored: annotation.monitored, focus: annotation.focus, member: members.has(name),
      badges, severity: worstSeverity(badges), machine: name,
    });
    if (!expanded.has(name)) continue;
    for (const g of data.annotations.processGroups.filter((pg) => pg.machine === name)) {
      nodes.push({
        ...base, id: g.id, kind: 'processGroup', label: g.group, sublabel: `${g.processes.length} processes`, parent: name,
        column: columns.get(name) ?? 'clients', expandable: true, expanded: expanded.has(g.id), monitored: annotation.monitored,
        roles: [...new Set(g.processes.flatMap((p) => data.annotations.processes.find((x) => x.machine === name && x.name === p)?.roles ?? []))],
        machine: name,
      });
    }
    for (const p of data.annotations.processes.filter((x) => x.machine === name)) {
      const key = processNodeId(name, p.name);
      const group = index.processGroupOf.get(key);
      if (group !== undefined && !expanded.has(group)) continue;
      const process = index.processes.get(key);
      nodes.push({
        ...base, id: key, kind: 'process', label: processLabel(process, p.name),
        sublabel: [process?.properties.user?.userName, process?.properties.details?.firstPid === undefined ? undefined : `pid ${process.properties.details.firstPid}`]
          .filter((x) => x !== undefined && x !== '').join(' · '),
        parent: group ?? name,
        column: columns.get(name) ?? 'clients', roles: p.roles, expandable: false, expanded: false,
        monitored: annotation.monitored, machine: name, process: p.name,
      });
    }
  }
  const visibleClientGroups = new Set<string>();
  for (const g of data.annotations.clientGroups) {
    const target = clientGroupTarget(g.name);
    // A collapsed machine shows its machine-level group; an expanded one its per-process groups.
    if ((target.level === 'machine') === expanded.has(target.machine)) continue;
    if (!index.machines.has(target.machine)) continue;
    visibleClientGroups.add(g.name);
    nodes.push({
      ...base, id: g.name, kind: 'clientGroup', label: `${g.memberCount} client${g.memberCount === 1 ? '' : 's'}`,
      sublabel: 'not monitored', column: 'clients', expandable: false, expanded: false,
    });
  }
  return { nodes, edges: buildEdges(index, expanded, visibleClientGroups) };
}
