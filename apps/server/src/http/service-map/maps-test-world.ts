import type { AgentReport, BoundPortRecord, ConnectionRecord, MachineInventory, ProcessInventory } from '@servicemap/protocol';
import { makeReport, processId } from '../../testing/make-report.js';

/** Test support (not used in production): a small world for map and machine group route tests. */
export const WORLD = {
  time: '2025-01-01T00:10:00.000Z',
  /** The client machine: `app` calls the server's `postgres` and a failing agentless back-end. */
  client: { agentId: 'aaaaaaaa-0000-4000-8000-000000000001', ip: '10.0.0.1', host: 'client1', process: processId(1) },
  /** The server machine: `postgres` on 5432, also called by an agentless client. */
  server: { agentId: 'bbbbbbbb-0000-4000-8000-000000000002', ip: '10.0.0.2', host: 'server1', process: processId(2) },
  agentlessClientIp: '10.0.9.9',
  failedBackendIp: '10.0.7.7',
} as const;

export const machineOf = (agentId: string): string => `m-${agentId}`;

function connection(fields: Partial<ConnectionRecord> & Pick<ConnectionRecord, 'direction' | 'process' | 'sourceIp' | 'destinationIp' | 'destinationPort'>): ConnectionRecord {
  return {
    timeGenerated: WORLD.time, processName: 'x', protocol: 'tcp',
    linksEstablished: 1, linksTerminated: 0, linksFailed: 0, linksLive: 1, bytesSent: 100, bytesReceived: 200, selfLink: false,
    ...fields,
  };
}

function processRow(process: string, name: string): ProcessInventory {
  return {
    timeGenerated: WORLD.time, process, executableName: name, executablePath: `/usr/bin/${name}`, commandLine: name,
    workingDirectory: '/', userName: name, groupName: name, startTime: '2024-12-31T00:00:00.000Z', firstPid: 100,
    processCount: 1, displayName: name, description: '', companyName: '', productName: name, productVersion: '1',
    roles: [], group: name, containerId: '', netns: 4026531840,
  };
}

function report(agentId: string, host: string, ip: string, parts: {
  connections: ConnectionRecord[]; boundPorts: BoundPortRecord[]; processes: ProcessInventory[];
}): AgentReport {
  const base = makeReport({ agentId, time: WORLD.time, connections: 0, boundPorts: 0, processes: 0, hostName: host });
  const computer = base.computer as MachineInventory;
  return { ...base, ...parts, computer: { ...computer, ipv4Interfaces: [{ ipAddress: ip, subnetMask: '255.255.255.0' }], ipv6Addresses: [] } };
}

/** The client machine's report: one good connection to the server, one that only failed. */
export function clientReport(): AgentReport {
  const { client, server } = WORLD;
  return report(client.agentId, client.host, client.ip, {
    processes: [processRow(client.process, 'app')],
    boundPorts: [],
    connections: [
      connection({ direction: 'outbound', process: client.process, processName: 'app', sourceIp: client.ip, destinationIp: server.ip, destinationPort: 5432 }),
      connection({
        direction: 'outbound', process: client.process, processName: 'app', sourceIp: client.ip, destinationIp: WORLD.failedBackendIp,
        destinationPort: 443, linksEstablished: 0, linksFailed: 3, linksLive: 0, bytesSent: 0, bytesReceived: 0, failedTimedOut: 3,
      }),
    ],
  });
}

/** The server machine's report: the client's link seen from its side, and an agentless client. */
export function serverReport(): AgentReport {
  const { client, server } = WORLD;
  const inbound = (sourceIp: string) =>
    connection({ direction: 'inbound', process: server.process, processName: 'postgres', sourceIp, destinationIp: server.ip, destinationPort: 5432 });
  return report(server.agentId, server.host, server.ip, {
    processes: [processRow(server.process, 'postgres')],
    boundPorts: [{
      timeGenerated: WORLD.time, process: server.process, processName: 'postgres', ip: '0.0.0.0', port: 5432, protocol: 'tcp',
      isWildcardBind: true, linksEstablished: 2, linksTerminated: 0, linksLive: 2, bytesSent: 10, bytesReceived: 20,
    }],
    connections: [inbound(client.ip), inbound(WORLD.agentlessClientIp)],
  });
}
