import type {
  Machine,
  MachineProperties,
  MachineReference,
  Process,
  ProcessProperties,
  VirtualMachineType,
} from '@servicemap/protocol';
import { resourceId, resourceType, type ResourcePath, type WorkspaceScope } from '@servicemap/topology';
import type { StoredComputer, StoredProcess } from '../../storage/storage.js';

// The spec's VirtualMachineType is a closed enum (old SDKs reject other values): our kvm, qemu,
// firecracker, virtualbox… become `unknown`.
const AZURE_VM_TYPES = new Map<string, VirtualMachineType>([
  ['hyperv', 'hyperv'], ['ldom', 'ldom'], ['lpar', 'lpar'], ['vmware', 'vmware'], ['virtualpc', 'virtualPc'], ['xen', 'xen'],
]);

/** Azure's VirtualMachineType for one of ours (case-insensitive; anything else is `unknown`). */
export function azureVirtualMachineType(ours: string): VirtualMachineType {
  return AZURE_VM_TYPES.get(ours.toLowerCase()) ?? 'unknown';
}

/** Drops empty strings, undefined and empty objects, so resources stay sparse on the wire. */
function compact<T extends object>(value: T): T {
  const isEmptyObject = (v: unknown): boolean =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== '' && v !== undefined && !isEmptyObject(v))) as T;
}

function identity(scope: WorkspaceScope, path: ResourcePath, name: string): { id: string; type: string; name: string } {
  return { id: resourceId(scope, path), type: resourceType(path), name };
}

/** A `ref:machine` to `m-…`. */
export function machineReferenceOf(scope: WorkspaceScope, machine: string): MachineReference {
  return { kind: 'ref:machine', ...identity(scope, { kind: 'machine', machine }, machine) };
}

function machinePropertiesOf(row: StoredComputer): MachineProperties {
  return compact({
    timestamp: row.timeGenerated,
    monitoringState: 'monitored' as const,
    virtualizationState: row.virtualizationState,
    displayName: row.hostName || row.fullyQualifiedDomainName || row.machine,
    computerName: row.hostName,
    fullyQualifiedDomainName: row.fullyQualifiedDomainName,
    bootTime: row.bootTime,
    timezone: compact({ fullName: row.timezone }),
    agent: compact({ agentId: row.agentId, dependencyAgentId: row.agentId, dependencyAgentVersion: row.agentVersion }),
    resources: { physicalMemory: row.physicalMemoryMB, cpus: row.cpus, cpuSpeed: row.cpuSpeedMHz },
    networking: {
      ipv4Interfaces: row.ipv4Interfaces.map((nic) => ({ ipAddress: nic.ipAddress, subnetMask: nic.subnetMask })),
      ipv6Interfaces: row.ipv6Addresses.map((ipAddress) => ({ ipAddress })),
      defaultIpv4Gateways: [...row.ipv4DefaultGateways],
      macAddresses: [...row.macAddresses],
      dnsNames: [...row.dnsNames],
    },
    operatingSystem: { family: row.operatingSystemFamily, fullName: row.operatingSystemFullName, bitness: row.bitness },
    // virtualMachine only for virtual machines, as the spec says.
    virtualMachine: row.virtualizationState === 'virtual'
      ? compact({
        virtualMachineType: azureVirtualMachineType(row.virtualMachineType),
        nativeMachineId: row.virtualMachineNativeId,
        virtualMachineName: row.virtualMachineNativeName,
      })
      : undefined,
  });
}

/** What we know of a machine that reported activity but no inventory yet. */
export interface MachineIdentity {
  readonly machine: string;
  readonly agentId: string;
  readonly computer: string;
}

/** A monitored machine as the Machine resource, from its inventory row (or identity alone). */
export function machineResourceOf(scope: WorkspaceScope, row: StoredComputer | MachineIdentity): Machine {
  const properties: MachineProperties = 'timeGenerated' in row
    ? machinePropertiesOf(row)
    : compact({ monitoringState: 'monitored' as const, displayName: row.computer || row.machine, agent: { agentId: row.agentId } });
  return { kind: 'machine', ...identity(scope, { kind: 'machine', machine: row.machine }, row.machine), properties };
}

/** A process pool (VMProcess row) as the Process resource. */
export function processResourceOf(scope: WorkspaceScope, row: StoredProcess): Process {
  const properties: ProcessProperties = compact({
    timestamp: row.timeGenerated,
    monitoringState: 'monitored' as const,
    machine: machineReferenceOf(scope, row.machine),
    executableName: row.executableName,
    displayName: row.displayName || row.executableName,
    startTime: row.startTime,
    // Azure has one role per process; ours are ordered like the enum, so the first is the main one.
    role: row.roles[0],
    group: row.group,
    details: compact({
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
  const path: ResourcePath = { kind: 'process', machine: row.machine, process: row.process };
  return { kind: 'process', ...identity(scope, path, row.process), properties };
}
