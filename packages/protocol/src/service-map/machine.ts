import { Type, type Static } from 'typebox';
import { VirtualizationState } from '../agent-report.js';
import {
  Accuracy,
  AzureCloudServiceRoleType,
  Bitness,
  HypervisorType,
  MachineRebootStatus,
  MonitoringState,
  OperatingSystemFamily,
  VirtualMachineType,
} from './enums.js';
import { CoreResource, DateTime } from './resource.js';

/** Agent identity and state (`agentId` is the one required field). */
export const AgentConfiguration = Type.Object({
  agentId: Type.String(),
  dependencyAgentId: Type.Optional(Type.String()),
  dependencyAgentVersion: Type.Optional(Type.String()),
  dependencyAgentRevision: Type.Optional(Type.String()),
  rebootStatus: Type.Optional(MachineRebootStatus),
  /** Clock granularity in milliseconds. */
  clockGranularity: Type.Optional(Type.Integer()),
});
export type AgentConfiguration = Static<typeof AgentConfiguration>;

/** Memory in MB, CPU count and speed in MHz. */
export const MachineResourcesConfiguration = Type.Object({
  physicalMemory: Type.Optional(Type.Integer()),
  cpus: Type.Optional(Type.Integer()),
  cpuSpeed: Type.Optional(Type.Integer()),
  cpuSpeedAccuracy: Type.Optional(Accuracy),
});
export type MachineResourcesConfiguration = Static<typeof MachineResourcesConfiguration>;

export const Ipv4NetworkInterface = Type.Object({
  ipAddress: Type.String(),
  subnetMask: Type.Optional(Type.String()),
});
export type Ipv4NetworkInterface = Static<typeof Ipv4NetworkInterface>;

export const Ipv6NetworkInterface = Type.Object({ ipAddress: Type.String() });
export type Ipv6NetworkInterface = Static<typeof Ipv6NetworkInterface>;

export const NetworkConfiguration = Type.Object({
  ipv4Interfaces: Type.Optional(Type.Array(Ipv4NetworkInterface)),
  ipv6Interfaces: Type.Optional(Type.Array(Ipv6NetworkInterface)),
  defaultIpv4Gateways: Type.Optional(Type.Array(Type.String())),
  macAddresses: Type.Optional(Type.Array(Type.String())),
  dnsNames: Type.Optional(Type.Array(Type.String())),
});
export type NetworkConfiguration = Static<typeof NetworkConfiguration>;

export const OperatingSystemConfiguration = Type.Object({
  family: OperatingSystemFamily,
  fullName: Type.String(),
  bitness: Bitness,
});
export type OperatingSystemConfiguration = Static<typeof OperatingSystemConfiguration>;

export const VirtualMachineConfiguration = Type.Object({
  virtualMachineType: Type.Optional(VirtualMachineType),
  nativeMachineId: Type.Optional(Type.String()),
  virtualMachineName: Type.Optional(Type.String()),
  nativeHostMachineId: Type.Optional(Type.String()),
});
export type VirtualMachineConfiguration = Static<typeof VirtualMachineConfiguration>;

export const HypervisorConfiguration = Type.Object({
  hypervisorType: Type.Optional(HypervisorType),
  nativeHostMachineId: Type.Optional(Type.String()),
});
export type HypervisorConfiguration = Static<typeof HypervisorConfiguration>;

export const ImageConfiguration = Type.Object({
  publisher: Type.Optional(Type.String()),
  offering: Type.Optional(Type.String()),
  sku: Type.Optional(Type.String()),
  version: Type.Optional(Type.String()),
});
export type ImageConfiguration = Static<typeof ImageConfiguration>;

export const AzureCloudServiceConfiguration = Type.Object({
  name: Type.Optional(Type.String()),
  instanceId: Type.Optional(Type.String()),
  deployment: Type.Optional(Type.String()),
  roleName: Type.Optional(Type.String()),
  roleType: Type.Optional(AzureCloudServiceRoleType),
});
export type AzureCloudServiceConfiguration = Static<typeof AzureCloudServiceConfiguration>;

export const AzureVmScaleSetConfiguration = Type.Object({
  name: Type.Optional(Type.String()),
  instanceId: Type.Optional(Type.String()),
  deployment: Type.Optional(Type.String()),
  resourceId: Type.Optional(Type.String()),
});
export type AzureVmScaleSetConfiguration = Static<typeof AzureVmScaleSetConfiguration>;

export const AzureServiceFabricClusterConfiguration = Type.Object({
  name: Type.Optional(Type.String()),
  clusterId: Type.Optional(Type.String()),
});
export type AzureServiceFabricClusterConfiguration = Static<typeof AzureServiceFabricClusterConfiguration>;

/**
 * `HostingConfiguration` with its only subtype, `provider:azure` (AzureHostingConfiguration).
 * Self-hosted machines carry none.
 */
export const AzureHostingConfiguration = Type.Object({
  kind: Type.Literal('provider:azure'),
  provider: Type.Optional(Type.Literal('azure')),
  vmId: Type.Optional(Type.String()),
  location: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  size: Type.Optional(Type.String()),
  updateDomain: Type.Optional(Type.String()),
  faultDomain: Type.Optional(Type.String()),
  subscriptionId: Type.Optional(Type.String()),
  resourceGroup: Type.Optional(Type.String()),
  resourceId: Type.Optional(Type.String()),
  image: Type.Optional(ImageConfiguration),
  cloudService: Type.Optional(AzureCloudServiceConfiguration),
  vmScaleSet: Type.Optional(AzureVmScaleSetConfiguration),
  serviceFabricCluster: Type.Optional(AzureServiceFabricClusterConfiguration),
});
export type AzureHostingConfiguration = Static<typeof AzureHostingConfiguration>;

export const Timezone = Type.Object({ fullName: Type.Optional(Type.String()) });
export type Timezone = Static<typeof Timezone>;

/** What `Machine.properties` holds. Sparse objects are valid: discovered machines carry little. */
export const MachineProperties = Type.Object({
  timestamp: Type.Optional(DateTime),
  monitoringState: Type.Optional(MonitoringState),
  virtualizationState: Type.Optional(VirtualizationState),
  displayName: Type.Optional(Type.String()),
  /** Short host name. */
  computerName: Type.Optional(Type.String()),
  fullyQualifiedDomainName: Type.Optional(Type.String()),
  bootTime: Type.Optional(DateTime),
  timezone: Type.Optional(Timezone),
  agent: Type.Optional(AgentConfiguration),
  resources: Type.Optional(MachineResourcesConfiguration),
  networking: Type.Optional(NetworkConfiguration),
  operatingSystem: Type.Optional(OperatingSystemConfiguration),
  /** Only when virtualizationState is `virtual`. */
  virtualMachine: Type.Optional(VirtualMachineConfiguration),
  /** Only when virtualizationState is `hypervisor`. */
  hypervisor: Type.Optional(HypervisorConfiguration),
  hosting: Type.Optional(AzureHostingConfiguration),
});
export type MachineProperties = Static<typeof MachineProperties>;

/** A monitored (`m-…`) or discovered (`t-…`) machine. */
export const Machine = CoreResource('machine', MachineProperties);
export type Machine = Static<typeof Machine>;
