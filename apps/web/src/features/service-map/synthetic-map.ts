import type { Connection, Machine, Process, ProcessRole } from '@servicemap/protocol';
import type { ConnectionAnnotation, MachineAnnotation, ProcessAnnotation } from '@servicemap/topology';
import type { MapData } from './map-data.js';

/** Shape of a synthetic map: how many of each kind of peer the focus machine has. */
export interface SyntheticMapShape {
  readonly clientMachines: number;
  readonly serverMachines: number;
  /** Agentless clients of the focus (one client group). */
  readonly agentlessClients: number;
  /** Agentless back-ends, spread over ports 443 and 5432 (server port groups). */
  readonly agentlessServers: number;
  /** Every n-th server connection fails (0: none). */
  readonly failEvery?: number;
}

const ROOT = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w/features/serviceMap';
export const SYNTHETIC_FOCUS = 'm-00000000-0000-4000-8000-000000000000';

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
const machineName = (kind: number, i: number): string => `m-${hex(kind, 8)}-0000-4000-8000-${hex(i, 12)}`;
const poolName = (kind: number, i: number): string => `p-${hex(kind, 8)}${hex(i, 32)}`;

function machine(name: string, host: string, monitored: boolean): Machine {
  return {
    id: `${ROOT}/machines/${name}`, type: 'Microsoft.OperationalInsights/workspaces/features/machines', name, kind: 'machine',
    properties: monitored
      ? { monitoringState: 'monitored', displayName: host, computerName: host, operatingSystem: { family: 'linux', fullName: 'Debian 12', bitness: '64bit' } }
      : { monitoringState: 'discovered', displayName: host },
  };
}

function process(machineId: string, name: string, exe: string, role?: ProcessRole): Process {
  return {
    id: `${ROOT}/machines/${machineId}/processes/${name}`, type: 'Microsoft.OperationalInsights/workspaces/features/machines/processes',
    name, kind: 'process',
    properties: {
      machine: { kind: 'ref:machine', id: `${ROOT}/machines/${machineId}`, name: machineId },
      executableName: exe, displayName: exe, ...(role === undefined ? {} : { role }),
      details: { productName: exe, commandLine: `/usr/bin/${exe}` },
    },
  };
}

const processRef = (machineId: string, name: string) => ({
  kind: 'ref:process' as const, id: `${ROOT}/machines/${machineId}/processes/${name}`, name,
  properties: { machine: { kind: 'ref:machine' as const, id: `${ROOT}/machines/${machineId}`, name: machineId } },
});

/**
 * A map of a given size in the wire shapes the UI's map route answers, for layout benchmarks and
 * view tests (test and bench support; the real maps come from the server).
 */
export function makeSyntheticMap(shape: SyntheticMapShape): MapData {
  const machines: Machine[] = [machine(SYNTHETIC_FOCUS, 'focus', true)];
  const processes: Process[] = [];
  const connections: Connection[] = [];
  const connectionNotes: ConnectionAnnotation[] = [];
  const machineNotes: MachineAnnotation[] = [];
  const processNotes: ProcessAnnotation[] = [];
  const focusWeb = poolName(0, 1);
  const focusApp = poolName(0, 2);
  processes.push(process(SYNTHETIC_FOCUS, focusWeb, 'nginx', 'webServer'), process(SYNTHETIC_FOCUS, focusApp, 'java', 'appServer'));
  processNotes.push({ machine: SYNTHETIC_FOCUS, name: focusWeb, roles: ['webServer'] }, { machine: SYNTHETIC_FOCUS, name: focusApp, roles: ['appServer'] });
  machineNotes.push({ name: SYNTHETIC_FOCUS, monitored: true, focus: true, roles: ['webServer', 'appServer'], processCount: 2 });
  const link = (name: string, source: Connection['properties']['source'], destMachine: string, destProcess: string, port: number, failed: boolean): void => {
    connections.push({
      id: `${ROOT}/connections/${name}`, type: 'Microsoft.OperationalInsights/workspaces/features/connections', name, kind: 'rel:connection',
      properties: {
        source, destination: processRef(destMachine, destProcess), failureState: failed ? 'failed' : 'ok',
        serverPort: { kind: 'ref:port', id: `${ROOT}/machines/${destMachine}/ports/x_${port}`, properties: { portNumber: port } },
      },
    });
    connectionNotes.push({
      name, failureState: failed ? 'failed' : 'ok', selfLink: false, linksEstablished: failed ? 0 : 3, linksTerminated: failed ? 0 : 2,
      linksFailed: failed ? 2 : 0, linksLive: failed ? 0 : 1, bytesSent: failed ? 0 : 1000, bytesReceived: failed ? 0 : 5000,
    });
  };
  for (let i = 0; i < shape.clientMachines; i++) {
    const m = machineName(1, i);
    const p = poolName(1, i);
    machines.push(machine(m, `client-${i}`, true));
    processes.push(process(m, p, 'curl'));
    processNotes.push({ machine: m, name: p, roles: [] });
    machineNotes.push({ name: m, monitored: true, focus: false, roles: [], processCount: 1 });
    link(`c${i}`, processRef(m, p), SYNTHETIC_FOCUS, focusWeb, 443, false);
  }
  for (let i = 0; i < shape.serverMachines; i++) {
    const m = machineName(2, i);
    const p = poolName(2, i);
    machines.push(machine(m, `db-${i}`, true));
    processes.push(process(m, p, 'postgres', 'databaseServer'));
    processNotes.push({ machine: m, name: p, roles: ['databaseServer'] });
    machineNotes.push({ name: m, monitored: true, focus: false, roles: ['databaseServer'], processCount: 1 });
    const failed = shape.failEvery !== undefined && shape.failEvery > 0 && i % shape.failEvery === 0;
    link(`s${i}`, processRef(SYNTHETIC_FOCUS, focusApp), m, p, 5432, failed);
  }
  const clientGroupName = `m!${SYNTHETIC_FOCUS}`;
  const memberIps = Array.from({ length: shape.agentlessClients }, (_, i) => `192.168.${(i >> 8) & 255}.${i & 255}`);
  if (shape.agentlessClients > 0) {
    link('cg', { kind: 'ref:clientgroup', id: `${ROOT}/clientGroups/${clientGroupName}`, name: clientGroupName }, SYNTHETIC_FOCUS, focusWeb, 443, false);
  }
  const portGroups = new Map<number, string[]>();
  for (let i = 0; i < shape.agentlessServers; i++) {
    const port = i % 2 === 0 ? 443 : 5432;
    const m = `t-${hex(0x0a640000 + i, 8)}`;
    const p = `ts-m@${m}@b@b-x_${port}`;
    machines.push(machine(m, `10.100.${(i >> 8) & 255}.${i & 255}`, false));
    processes.push(process(m, p, 'unknown', port === 443 ? 'webServer' : 'databaseServer'));
    processNotes.push({ machine: m, name: p, roles: [] });
    machineNotes.push({ name: m, monitored: false, focus: false, roles: [], processCount: 1 });
    link(`t${i}`, processRef(SYNTHETIC_FOCUS, focusApp), m, p, port, false);
    portGroups.set(port, [...(portGroups.get(port) ?? []), m]);
  }
  return {
    response: {
      startTime: '2025-01-01T00:00:00.000Z', endTime: '2025-01-01T00:30:00.000Z',
      map: {
        nodes: {
          machines, processes, ports: [],
          clientGroups: shape.agentlessClients > 0
            ? [{ id: `${ROOT}/clientGroups/${clientGroupName}`, type: 'Microsoft.OperationalInsights/workspaces/features/clientGroups', name: clientGroupName, kind: 'clientGroup', properties: { clientsOf: { kind: 'ref:machine', id: `${ROOT}/machines/${SYNTHETIC_FOCUS}`, name: SYNTHETIC_FOCUS } } }]
            : [],
        },
        edges: { connections, acceptors: [] },
      },
    },
    annotations: {
      kind: 'single', focusMachines: [SYNTHETIC_FOCUS], machines: machineNotes, processes: processNotes, connections: connectionNotes,
      clientGroups: shape.agentlessClients > 0 ? [{ name: clientGroupName, clientsOf: 'machine', memberCount: memberIps.length, memberIps }] : [],
      serverPortGroups: [...portGroups.entries()].map(([portNumber, ms]) => ({
        id: `port:${portNumber}`, portNumber, machines: ms, connections: [], failureState: 'ok' as const,
      })),
      processGroups: [], hiddenSelfLinks: 0,
    },
  };
}
