import { Type, type Static } from 'typebox';
import { AgentId, IpAddress, IsoDateTime, MachineName, ProcessName, Uuid } from './ids.js';

/**
 * Version of the agent→server report. The server accepts the versions it knows and answers
 * anything else with a 400 naming the supported ones; bump it only for incompatible changes
 * (new optional fields do not need a bump).
 */
export const PROTOCOL_VERSION = 1;

const Count = Type.Integer({ minimum: 0 });
const Port = Type.Integer({ minimum: 0, maximum: 65535 });

/** One logical connection in one one-minute window: the VMConnection row shape. */
export const ConnectionRecord = Type.Object(
  {
    /** Start of the one-minute window (UTC, whole minute). */
    timeGenerated: IsoDateTime,
    direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
    /** Process pool id, `p-{40 hex}`. */
    process: ProcessName,
    processName: Type.String({ maxLength: 256 }),
    sourceIp: IpAddress,
    destinationIp: IpAddress,
    destinationPort: Port,
    protocol: Type.Literal('tcp'),
    linksEstablished: Count,
    linksTerminated: Count,
    linksFailed: Count,
    linksLive: Count,
    /** Failed attempts by cause; they add up to at most linksFailed (the rest are unknown). */
    failedRefused: Type.Optional(Count),
    failedTimedOut: Type.Optional(Count),
    bytesSent: Count,
    bytesReceived: Count,
    /** Both ends on this machine (loopback or one of its own addresses). */
    selfLink: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ConnectionRecord = Static<typeof ConnectionRecord>;

/** One listening (ip, port, process) in one one-minute window: the VMBoundPort row shape. */
export const BoundPortRecord = Type.Object(
  {
    timeGenerated: IsoDateTime,
    process: ProcessName,
    processName: Type.String({ maxLength: 256 }),
    ip: IpAddress,
    port: Port,
    protocol: Type.Literal('tcp'),
    isWildcardBind: Type.Boolean(),
    linksEstablished: Count,
    linksTerminated: Count,
    linksLive: Count,
    bytesSent: Count,
    bytesReceived: Count,
  },
  { additionalProperties: false },
);
export type BoundPortRecord = Static<typeof BoundPortRecord>;

const Ipv4Interface = Type.Object(
  { ipAddress: IpAddress, subnetMask: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

export const VirtualizationState = Type.Union([
  Type.Literal('unknown'),
  Type.Literal('physical'),
  Type.Literal('virtual'),
  Type.Literal('hypervisor'),
]);
export type VirtualizationState = Static<typeof VirtualizationState>;

/** Machine inventory: the VMComputer row shape (sent at start, on change, hourly). */
export const MachineInventory = Type.Object(
  {
    timeGenerated: IsoDateTime,
    hostName: Type.String({ maxLength: 255 }),
    fullyQualifiedDomainName: Type.String({ maxLength: 255 }),
    dnsNames: Type.Array(Type.String({ maxLength: 255 }), { maxItems: 256 }),
    ipv4Interfaces: Type.Array(Ipv4Interface, { maxItems: 1024 }),
    ipv6Addresses: Type.Array(IpAddress, { maxItems: 1024 }),
    macAddresses: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1024 }),
    ipv4DefaultGateways: Type.Array(IpAddress, { maxItems: 64 }),
    ipv6DefaultGateways: Type.Array(IpAddress, { maxItems: 64 }),
    operatingSystemFamily: Type.Union([Type.Literal('linux'), Type.Literal('windows'), Type.Literal('unknown')]),
    operatingSystemFullName: Type.String({ maxLength: 512 }),
    operatingSystemVersion: Type.String({ maxLength: 128 }),
    kernelVersion: Type.String({ maxLength: 256 }),
    bitness: Type.Union([Type.Literal('32bit'), Type.Literal('64bit')]),
    physicalMemoryMB: Count,
    cpus: Count,
    cpuSpeedMHz: Count,
    virtualizationState: VirtualizationState,
    /** kvm, xen, vmware, hyperv, firecracker, qemu, virtualbox, ... or empty. */
    virtualMachineType: Type.String({ maxLength: 64 }),
    virtualMachineNativeId: Type.String({ maxLength: 256 }),
    virtualMachineNativeName: Type.String({ maxLength: 256 }),
    bootTime: IsoDateTime,
    timezone: Type.String({ maxLength: 128 }),
    agentVersion: Type.String({ maxLength: 64 }),
  },
  { additionalProperties: false },
);
export type MachineInventory = Static<typeof MachineInventory>;

export const ProcessRole = Type.Union([
  Type.Literal('webServer'),
  Type.Literal('appServer'),
  Type.Literal('databaseServer'),
  Type.Literal('ldapServer'),
  Type.Literal('smbServer'),
]);
export type ProcessRole = Static<typeof ProcessRole>;

/** Process pool inventory: the VMProcess row shape (sent at start, on change, hourly). */
export const ProcessInventory = Type.Object(
  {
    timeGenerated: IsoDateTime,
    process: ProcessName,
    executableName: Type.String({ maxLength: 256 }),
    executablePath: Type.String({ maxLength: 4096 }),
    commandLine: Type.String({ maxLength: 8192 }),
    workingDirectory: Type.String({ maxLength: 4096 }),
    userName: Type.String({ maxLength: 256 }),
    groupName: Type.String({ maxLength: 256 }),
    /** Start of the pool's oldest process. */
    startTime: IsoDateTime,
    firstPid: Type.Integer({ minimum: 0 }),
    /** Processes in the pool when it was recorded. */
    processCount: Type.Integer({ minimum: 1 }),
    displayName: Type.String({ maxLength: 256 }),
    description: Type.String({ maxLength: 1024 }),
    companyName: Type.String({ maxLength: 256 }),
    productName: Type.String({ maxLength: 256 }),
    productVersion: Type.String({ maxLength: 128 }),
    roles: Type.Array(ProcessRole, { maxItems: 5 }),
    /** The product the pool belongs to (e.g. `nginx`, `postgresql`). */
    group: Type.String({ maxLength: 256 }),
    /** Container id from the cgroup, empty outside containers. */
    containerId: Type.String({ maxLength: 128 }),
    /** Network namespace inode the pool's sockets live in (0 when unknown). */
    netns: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type ProcessInventory = Static<typeof ProcessInventory>;

export const CollectionMode = Type.Union([Type.Literal('events'), Type.Literal('snapshots')]);
export type CollectionMode = Static<typeof CollectionMode>;

/** How well the agent can see: sent with every batch so the server can show degraded agents. */
export const AgentHealth = Type.Object(
  {
    mode: CollectionMode,
    /** Why the agent is not in events mode, or what it cannot see (empty when all is well). */
    limitations: Type.Array(Type.String({ maxLength: 512 }), { maxItems: 32 }),
    /** Kernel trace events lost to buffer overruns since the agent started. */
    eventsLost: Count,
    /** Batches dropped because the on-disk queue hit its bound, since the queue was created. */
    batchesDropped: Count,
    /** Windows currently waiting in the queue. */
    queueDepth: Count,
  },
  { additionalProperties: false },
);
export type AgentHealth = Static<typeof AgentHealth>;

/** One gzip JSON batch from an agent. Idempotent on `batchId`. */
export const AgentReport = Type.Object(
  {
    protocolVersion: Type.Literal(PROTOCOL_VERSION),
    /** UUID chosen by the agent; the server stores a batch at most once. */
    batchId: Uuid,
    agentId: AgentId,
    machine: MachineName,
    /** Agent clock when the batch was made; the server records its own receive time beside it. */
    sentAt: IsoDateTime,
    computer: Type.Optional(MachineInventory),
    processes: Type.Array(ProcessInventory, { maxItems: 100_000 }),
    connections: Type.Array(ConnectionRecord, { maxItems: 1_000_000 }),
    boundPorts: Type.Array(BoundPortRecord, { maxItems: 1_000_000 }),
    health: AgentHealth,
  },
  { additionalProperties: false },
);
export type AgentReport = Static<typeof AgentReport>;

/** The server's answer to an accepted batch: sent only after the batch is durably stored. */
export const IngestAck = Type.Object(
  {
    batchId: Type.String(),
    /** False when the batch id was seen before: nothing new was stored. */
    stored: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type IngestAck = Static<typeof IngestAck>;
