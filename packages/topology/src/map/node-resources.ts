import type {
  ClientGroup,
  Machine,
  MachineProperties,
  Port,
  Process,
  ProcessProperties,
  ProcessRole,
  ResourceReference,
  VirtualMachineType,
} from '@servicemap/protocol';
import { parseIp } from '../ip-address.js';
import { parseMachineName, parsePortName, type ClientGroupTarget } from '../resource-names.js';
import type { WorkspaceScope } from '../resource-ids.js';
import type { GraphClientGroup, GraphPort, GraphProcess } from './map-graph.js';
import type { MachineRow, ProcessRow } from './map-input.js';
import {
  identity,
  machineReference,
  portReference,
  processReference,
} from './map-references.js';

/** Drops empty strings and empty objects so sparse resources stay sparse on the wire. */
function compact<T extends object>(value: T): T {
  const entries = Object.entries(value).filter(([, v]) => v !== '' && v !== undefined && !isEmptyObject(v));
  return Object.fromEntries(entries) as T;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

// The spec's VirtualMachineType is a closed enum (old SDKs reject other values): our kvm, qemu,
// firecracker, virtualbox… become `unknown`.
const AZURE_VM_TYPES = new Map<string, VirtualMachineType>([
  ['hyperv', 'hyperv'], ['ldom', 'ldom'], ['lpar', 'lpar'], ['vmware', 'vmware'], ['virtualpc', 'virtualPc'], ['xen', 'xen'],
]);

/** Azure's VirtualMachineType for one of ours (case-insensitive; anything else is `unknown`). */
export function azureVirtualMachineType(ours: string): VirtualMachineType {
  return AZURE_VM_TYPES.get(ours.toLowerCase()) ?? 'unknown';
}

function virtualMachineOf(row: MachineRow): MachineProperties['virtualMachine'] {
  if (row.virtualizationState !== 'virtual') return undefined;
  return compact({
    virtualMachineType: azureVirtualMachineType(row.virtualMachineType),
    nativeMachineId: row.virtualMachineNativeId,
    virtualMachineName: row.virtualMachineNativeName,
  });
}

function monitoredMachineProperties(machine: string, row: MachineRow | undefined): MachineProperties {
  const agentId = parseMachineName(machine)?.kind === 'monitored' ? machine.slice(2) : machine;
  if (!row) return { monitoringState: 'monitored', displayName: machine, agent: { agentId } };
  return compact({
    timestamp: row.timeGenerated,
    monitoringState: 'monitored',
    virtualizationState: row.virtualizationState,
    displayName: row.hostName || row.fullyQualifiedDomainName || machine,
    computerName: row.hostName,
    fullyQualifiedDomainName: row.fullyQualifiedDomainName,
    bootTime: row.bootTime,
    timezone: compact({ fullName: row.timezone }),
    agent: compact({ agentId, dependencyAgentId: agentId, dependencyAgentVersion: row.agentVersion }),
    resources: { physicalMemory: row.physicalMemoryMB, cpus: row.cpus, cpuSpeed: row.cpuSpeedMHz },
    networking: {
      ipv4Interfaces: row.ipv4Interfaces.map((nic) => ({ ipAddress: nic.ipAddress, subnetMask: nic.subnetMask })),
      ipv6Interfaces: row.ipv6Addresses.map((ipAddress) => ({ ipAddress })),
      defaultIpv4Gateways: [...row.ipv4DefaultGateways],
      macAddresses: [...row.macAddresses],
      dnsNames: [...row.dnsNames],
    },
    operatingSystem: { family: row.operatingSystemFamily, fullName: row.operatingSystemFullName, bitness: row.bitness },
    virtualMachine: virtualMachineOf(row),
  });
}

/** A discovered machine knows only its address (Azure adds DNS names it resolved; we have none). */
function discoveredMachineProperties(machine: string): MachineProperties {
  const parsed = parseMachineName(machine);
  const ip = parsed?.kind === 'discovered' ? parsed.ip : '';
  const networking =
    parseIp(ip)?.family === 6
      ? { ipv6Interfaces: [{ ipAddress: ip }] }
      : { ipv4Interfaces: [{ ipAddress: ip, subnetMask: '255.255.255.255' }] };
  return { monitoringState: 'discovered', virtualizationState: 'unknown', displayName: ip, networking };
}

/**
 * A machine node: a monitored machine from its newest inventory row (or its name alone when it
 * sent none yet), or a discovered `t-…` machine from the address in its name.
 */
export function machineResource(
  scope: WorkspaceScope,
  machine: string,
  monitored: boolean,
  row: MachineRow | undefined,
): Machine {
  return {
    kind: 'machine',
    ...identity(scope, { kind: 'machine', machine }, machine),
    properties: monitored ? monitoredMachineProperties(machine, row) : discoveredMachineProperties(machine),
  };
}

function reportedProcessProperties(
  scope: WorkspaceScope,
  process: GraphProcess,
  row: ProcessRow | undefined,
  role: ProcessRole | undefined,
): ProcessProperties {
  const machine = machineReference(scope, process.machine);
  if (!row) {
    const name = process.processName ?? process.name;
    return compact({ monitoringState: 'monitored', machine, executableName: name, displayName: name, role });
  }
  return compact({
    timestamp: row.timeGenerated,
    monitoringState: 'monitored',
    machine,
    executableName: row.executableName,
    displayName: row.displayName || row.executableName,
    startTime: row.startTime,
    role,
    group: row.group,
    details: compact({
      // The pool id is what stays the same across restarts.
      persistentKey: row.process,
      firstPid: row.firstPid,
      description: row.description,
      companyName: row.companyName,
      productName: row.productName,
      productVersion: row.productVersion,
      commandLine: row.commandLine,
      executablePath: row.executablePath,
      workingDirectory: row.workingDirectory,
    }),
    user: compact({ userName: row.userName }),
  });
}

/** A reported pool (with its newest inventory row when there is one), or a discovered acceptor shown as `Port {n}` (as in Azure's examples). */
export function processResource(
  scope: WorkspaceScope,
  process: GraphProcess,
  row: ProcessRow | undefined,
  role: ProcessRole | undefined,
): Process {
  const properties: ProcessProperties = process.acceptorOf
    ? compact({
        monitoringState: 'discovered',
        machine: machineReference(scope, process.machine),
        displayName: `Port ${process.acceptorOf.portNumber}`,
        role,
        acceptorOf: portReference(scope, process.acceptorOf),
      })
    : reportedProcessProperties(scope, process, row, role);
  return {
    kind: 'process',
    ...identity(scope, { kind: 'process', machine: process.machine, process: process.name }, process.name),
    properties,
  };
}

/** A server port; discovered when nothing reported accepting on it. */
export function portResource(scope: WorkspaceScope, port: GraphPort, monitored: boolean): Port {
  return {
    kind: 'port',
    ...identity(scope, { kind: 'port', machine: port.machine, port: port.name }, port.name),
    properties: {
      monitoringState: monitored ? 'monitored' : 'discovered',
      machine: machineReference(scope, port.machine),
      displayName: `:${port.portNumber}`,
      ipAddress: port.ip,
      portNumber: port.portNumber,
    },
  };
}

/** The agentless clients of a machine, process or port. */
export function clientGroupResource(scope: WorkspaceScope, group: GraphClientGroup): ClientGroup {
  return {
    kind: 'clientGroup',
    ...identity(scope, { kind: 'clientGroup', clientGroup: group.name }, group.name),
    properties: { clientsOf: clientsOfReference(scope, group.target) },
  };
}

function clientsOfReference(scope: WorkspaceScope, target: ClientGroupTarget): ResourceReference {
  switch (target.kind) {
    case 'machine':
      return machineReference(scope, target.machine);
    case 'process':
      return processReference(scope, target.machine, target.process);
    case 'port': {
      const parsed = parsePortName(target.port);
      const port = { machine: target.machine, name: target.port, ip: parsed?.ip ?? '', portNumber: parsed?.portNumber ?? 0 };
      return portReference(scope, port);
    }
  }
}
