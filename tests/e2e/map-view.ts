/**
 * Reads a `generateMap` answer the way a person reads the drawing: which process of which
 * machine talks to which, on which port, and whether it failed. Pure.
 */
import type { MapResponse } from '@servicemap/protocol';

/** One drawn connection, by names. */
export interface ConnectionView {
  /** Machine of the client process, or the machine whose client group it is. */
  readonly sourceMachine: string;
  /** Client process name (`p-…`), or the client group's name (`m!…`). */
  readonly source: string;
  readonly sourceIsClientGroup: boolean;
  readonly destinationMachine: string;
  readonly destination: string;
  readonly port: number | undefined;
  readonly portIp: string | undefined;
  readonly failureState: string | undefined;
}

/** One drawn process, by names. */
export interface ProcessView {
  readonly machine: string;
  readonly name: string;
  readonly displayName: string | undefined;
  readonly role: string | undefined;
  readonly group: string | undefined;
  readonly commandLine: string | undefined;
}

/** The machine name in a `.../machines/{m}/...` resource id. */
export function machineOfId(id: string): string {
  const m = /\/machines\/([^/]+)/.exec(id);
  if (!m?.[1]) throw new Error(`no machine in resource id ${id}`);
  return m[1];
}

/** The machine a client group `m!{machine}[!…]` belongs to. */
function machineOfClientGroup(name: string): string {
  return name.split('!')[1] ?? '';
}

export function connectionsOf(response: MapResponse): ConnectionView[] {
  return response.map.edges.connections.map((c) => {
    const p = c.properties;
    const isGroup = p.source.kind === 'ref:clientgroup';
    const sourceName = p.source.name ?? '';
    return {
      sourceMachine: isGroup ? machineOfClientGroup(sourceName) : machineOfId(p.source.id),
      source: sourceName,
      sourceIsClientGroup: isGroup,
      destinationMachine: machineOfId(p.destination.id),
      destination: p.destination.name ?? '',
      port: p.serverPort?.properties?.portNumber,
      portIp: p.serverPort?.properties?.ipAddress,
      failureState: p.failureState,
    };
  });
}

export function processesOf(response: MapResponse): ProcessView[] {
  return response.map.nodes.processes.map((p) => ({
    machine: machineOfId(p.id),
    name: p.name,
    displayName: p.properties.displayName,
    role: p.properties.role,
    group: p.properties.group,
    commandLine: p.properties.details?.commandLine,
  }));
}

/** Machine names drawn, with their monitoring state. */
export function machinesOf(response: MapResponse): Map<string, string | undefined> {
  return new Map(response.map.nodes.machines.map((m) => [m.name, m.properties.monitoringState]));
}
