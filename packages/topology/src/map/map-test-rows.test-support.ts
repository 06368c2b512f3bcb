import type { BoundPortRow, ConnectionRow, MachineRow } from './map-input.js';

// Row builders for the map unit tests: only the fields a test cares about are given.

export const A = 'm-aaaaaaaa-0000-4000-8000-000000000001';
export const B = 'm-bbbbbbbb-0000-4000-8000-000000000002';
export const C = 'm-cccccccc-0000-4000-8000-000000000003';
export const pool = (n: number): string => `p-${String(n).padStart(40, '0')}`;

export function connection(over: Partial<ConnectionRow> & Pick<ConnectionRow, 'machine' | 'direction'>): ConnectionRow {
  return {
    timeGenerated: '2026-11-25T10:00:00.000Z',
    process: pool(1),
    processName: 'client',
    sourceIp: '10.0.0.1',
    destinationIp: '10.0.0.2',
    destinationPort: 80,
    linksEstablished: 1,
    linksTerminated: 0,
    linksFailed: 0,
    linksLive: 1,
    bytesSent: 10,
    bytesReceived: 20,
    selfLink: false,
    ...over,
  };
}

export function boundPort(over: Partial<BoundPortRow> & Pick<BoundPortRow, 'machine'>): BoundPortRow {
  return { timeGenerated: '2026-11-25T10:00:00.000Z', process: pool(2), processName: 'server', ip: '0.0.0.0', port: 80, ...over };
}

export function machineRow(machine: string, ipv4: string[], ipv6: string[] = [], timeGenerated = '2026-11-25T09:00:00.000Z'): MachineRow {
  return {
    machine,
    timeGenerated,
    hostName: machine.slice(2, 10),
    fullyQualifiedDomainName: '',
    dnsNames: [],
    ipv4Interfaces: ipv4.map((ipAddress) => ({ ipAddress, subnetMask: '255.255.255.0' })),
    ipv6Addresses: ipv6,
    macAddresses: [],
    ipv4DefaultGateways: [],
    ipv6DefaultGateways: [],
    operatingSystemFamily: 'linux',
    operatingSystemFullName: 'Linux',
    operatingSystemVersion: '',
    kernelVersion: '',
    bitness: '64bit',
    physicalMemoryMB: 1024,
    cpus: 1,
    cpuSpeedMHz: 1000,
    virtualizationState: 'unknown',
    virtualMachineType: '',
    virtualMachineNativeId: '',
    virtualMachineNativeName: '',
    bootTime: '2026-11-25T00:00:00.000Z',
    timezone: 'UTC',
    agentVersion: '0.1.0',
  };
}
