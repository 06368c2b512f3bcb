import { Type, type Static } from 'typebox';

// Closed enums (`modelAsString: false` in the Azure spec) become closed enums in the old
// AutoRest SDKs, so an unknown value makes them throw: never add values here.

/** Whether an agent reports the entity (`monitored`) or it was inferred from others' traffic. */
export const MonitoringState = Type.Union([Type.Literal('monitored'), Type.Literal('discovered')]);
export type MonitoringState = Static<typeof MonitoringState>;

export const Bitness = Type.Union([Type.Literal('32bit'), Type.Literal('64bit')]);
export type Bitness = Static<typeof Bitness>;

export const OperatingSystemFamily = Type.Union([
  Type.Literal('unknown'),
  Type.Literal('windows'),
  Type.Literal('linux'),
  Type.Literal('solaris'),
  Type.Literal('aix'),
]);
export type OperatingSystemFamily = Static<typeof OperatingSystemFamily>;

export const MachineRebootStatus = Type.Union([
  Type.Literal('unknown'),
  Type.Literal('rebooted'),
  Type.Literal('notRebooted'),
]);
export type MachineRebootStatus = Static<typeof MachineRebootStatus>;

/** `estimated` means the real value is larger than the one given. */
export const Accuracy = Type.Union([Type.Literal('actual'), Type.Literal('estimated')]);
export type Accuracy = Static<typeof Accuracy>;

export const VirtualMachineType = Type.Union([
  Type.Literal('unknown'),
  Type.Literal('hyperv'),
  Type.Literal('ldom'),
  Type.Literal('lpar'),
  Type.Literal('vmware'),
  Type.Literal('virtualPc'),
  Type.Literal('xen'),
]);
export type VirtualMachineType = Static<typeof VirtualMachineType>;

export const HypervisorType = Type.Union([Type.Literal('unknown'), Type.Literal('hyperv')]);
export type HypervisorType = Static<typeof HypervisorType>;

/** `ok`: no failed attempt; `failed`: every attempt failed; `mixed`: some of each. */
export const ConnectionFailureState = Type.Union([Type.Literal('ok'), Type.Literal('failed'), Type.Literal('mixed')]);
export type ConnectionFailureState = Static<typeof ConnectionFailureState>;

/**
 * Machine group type. Extensible in the spec (`modelAsString: true`), so any string is accepted;
 * we only ever create `user-static` groups.
 */
export const MachineGroupType = Type.String({ minLength: 1, maxLength: 64 });
export type MachineGroupType = Static<typeof MachineGroupType>;

export const AzureCloudServiceRoleType = Type.Union([
  Type.Literal('unknown'),
  Type.Literal('worker'),
  Type.Literal('web'),
]);
export type AzureCloudServiceRoleType = Static<typeof AzureCloudServiceRoleType>;
