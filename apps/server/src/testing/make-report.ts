import { randomUUID } from 'node:crypto';
import {
  PROTOCOL_VERSION,
  type AgentReport,
  type BoundPortRecord,
  type ConnectionRecord,
  type MachineInventory,
  type ProcessInventory,
} from '@servicemap/protocol';

/** Options of {@link makeReport}; every field has a plausible default. */
export interface ReportShape {
  readonly agentId?: string;
  readonly batchId?: string;
  /** Window start of every record. */
  readonly time?: string;
  readonly connections?: number;
  readonly boundPorts?: number;
  readonly processes?: number;
  readonly withComputer?: boolean;
  readonly hostName?: string;
  /** Distinguishes otherwise equal records (lands in destinationPort offsets and process names). */
  readonly tag?: number;
}

/** A process pool id derived from a number, `p-` + 40 hex. */
export const processId = (n: number): string => `p-${n.toString(16).padStart(40, '0')}`;

/** A deterministic agent report for tests and benchmarks (test support, not used in production). */
export function makeReport(shape: ReportShape = {}): AgentReport {
  const agentId = shape.agentId ?? randomUUID();
  const time = shape.time ?? '2025-01-01T00:00:00.000Z';
  const tag = shape.tag ?? 0;
  const connections: ConnectionRecord[] = Array.from({ length: shape.connections ?? 3 }, (_, i) => ({
    timeGenerated: time,
    direction: i % 2 === 0 ? 'outbound' : 'inbound',
    process: processId(i % 7),
    processName: `proc${tag}`,
    sourceIp: `10.0.${(i >> 8) & 255}.${i & 255}`,
    destinationIp: i % 5 === 0 ? 'fd00::1' : '10.1.0.1',
    destinationPort: 1000 + (i % 60000),
    protocol: 'tcp',
    linksEstablished: 1,
    linksTerminated: 1,
    linksFailed: i % 3 === 0 ? 1 : 0,
    linksLive: 0,
    ...(i % 3 === 0 ? { failedRefused: 1 } : {}),
    bytesSent: 100 * i,
    bytesReceived: 200 * i,
    selfLink: i % 11 === 0,
  }));
  const boundPorts: BoundPortRecord[] = Array.from({ length: shape.boundPorts ?? 2 }, (_, i) => ({
    timeGenerated: time,
    process: processId(i),
    processName: `proc${tag}`,
    ip: '0.0.0.0',
    port: 8000 + i,
    protocol: 'tcp',
    isWildcardBind: true,
    linksEstablished: i,
    linksTerminated: 0,
    linksLive: i,
    bytesSent: 10,
    bytesReceived: 20,
  }));
  const processes: ProcessInventory[] = Array.from({ length: shape.processes ?? 2 }, (_, i) => makeProcess(time, i));
  return {
    protocolVersion: PROTOCOL_VERSION,
    batchId: shape.batchId ?? randomUUID(),
    agentId,
    machine: `m-${agentId}`,
    sentAt: time,
    ...(shape.withComputer === false ? {} : { computer: makeComputer(time, shape.hostName ?? 'web1') }),
    processes,
    connections,
    boundPorts,
    health: { mode: 'events', limitations: [], eventsLost: 0, batchesDropped: 0, queueDepth: 0 },
  };
}

function makeProcess(time: string, i: number): ProcessInventory {
  return {
    timeGenerated: time,
    process: processId(i),
    executableName: 'nginx',
    executablePath: '/usr/sbin/nginx',
    commandLine: 'nginx -g daemon off;',
    workingDirectory: '/',
    userName: 'www-data',
    groupName: 'www-data',
    startTime: '2024-12-31T00:00:00.000Z',
    firstPid: 100 + i,
    processCount: 1 + i,
    displayName: 'nginx',
    description: 'web server',
    companyName: '',
    productName: 'nginx',
    productVersion: '1.22',
    roles: ['webServer'],
    group: 'nginx',
    containerId: '',
    netns: 4026531840,
  };
}

function makeComputer(time: string, hostName: string): MachineInventory {
  return {
    timeGenerated: time,
    hostName,
    fullyQualifiedDomainName: `${hostName}.example.internal`,
    dnsNames: [`${hostName}.example.internal`],
    ipv4Interfaces: [{ ipAddress: '10.0.0.5', subnetMask: '255.255.255.0' }],
    ipv6Addresses: ['fd00::5'],
    macAddresses: ['02:00:00:00:00:05'],
    ipv4DefaultGateways: ['10.0.0.1'],
    ipv6DefaultGateways: [],
    operatingSystemFamily: 'linux',
    operatingSystemFullName: 'Debian GNU/Linux 12 (bookworm)',
    operatingSystemVersion: '12',
    kernelVersion: '6.1.0',
    bitness: '64bit',
    physicalMemoryMB: 4096,
    cpus: 2,
    cpuSpeedMHz: 2400,
    virtualizationState: 'virtual',
    virtualMachineType: 'kvm',
    virtualMachineNativeId: '',
    virtualMachineNativeName: '',
    bootTime: '2024-12-30T00:00:00.000Z',
    timezone: 'UTC',
    agentVersion: '0.1.0',
  };
}
