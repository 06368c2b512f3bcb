import { Type, type Static } from 'typebox';
import { ProcessRole } from '../agent-report.js';
import { MonitoringState } from './enums.js';
import { AzureCloudServiceConfiguration } from './machine.js';
import { ResourceReference } from './references.js';
import { CoreResource, DateTime } from './resource.js';

/** A Windows service hosted by the process. */
export const ProcessHostedService = Type.Object({
  name: Type.Optional(Type.String()),
  displayName: Type.Optional(Type.String()),
});
export type ProcessHostedService = Static<typeof ProcessHostedService>;

export const ProcessDetails = Type.Object({
  /** Stable across restarts of the pool. */
  persistentKey: Type.Optional(Type.String()),
  poolId: Type.Optional(Type.Integer()),
  firstPid: Type.Optional(Type.Integer()),
  description: Type.Optional(Type.String()),
  companyName: Type.Optional(Type.String()),
  internalName: Type.Optional(Type.String()),
  productName: Type.Optional(Type.String()),
  productVersion: Type.Optional(Type.String()),
  fileVersion: Type.Optional(Type.String()),
  commandLine: Type.Optional(Type.String()),
  executablePath: Type.Optional(Type.String()),
  workingDirectory: Type.Optional(Type.String()),
  /** Windows only. */
  services: Type.Optional(Type.Array(ProcessHostedService)),
  /** Linux only. */
  zoneName: Type.Optional(Type.String()),
});
export type ProcessDetails = Static<typeof ProcessDetails>;

export const ProcessUser = Type.Object({
  userName: Type.Optional(Type.String()),
  userDomain: Type.Optional(Type.String()),
});
export type ProcessUser = Static<typeof ProcessUser>;

/** `ProcessHostingConfiguration`; its only subtype is `provider:azure`. */
export const AzureProcessHostingConfiguration = Type.Object({
  kind: Type.Literal('provider:azure'),
  provider: Type.Optional(Type.Literal('azure')),
  cloudService: Type.Optional(AzureCloudServiceConfiguration),
});
export type AzureProcessHostingConfiguration = Static<typeof AzureProcessHostingConfiguration>;

export const ProcessProperties = Type.Object({
  timestamp: Type.Optional(DateTime),
  monitoringState: Type.Optional(MonitoringState),
  /** The hosting machine (a `ref:machine`). */
  machine: Type.Optional(ResourceReference),
  executableName: Type.Optional(Type.String()),
  displayName: Type.Optional(Type.String()),
  /** Start of the pool's oldest process. */
  startTime: Type.Optional(DateTime),
  role: Type.Optional(ProcessRole),
  /** Product or suite the process belongs to. */
  group: Type.Optional(Type.String()),
  details: Type.Optional(ProcessDetails),
  user: Type.Optional(ProcessUser),
  /** Discovered client processes only: the monitored resource they talk to. */
  clientOf: Type.Optional(ResourceReference),
  /** Discovered server processes only: the port they accept on. */
  acceptorOf: Type.Optional(ResourceReference),
  hosting: Type.Optional(AzureProcessHostingConfiguration),
});
export type ProcessProperties = Static<typeof ProcessProperties>;

/** A process pool (`p-…`), or a discovered acceptor on an agentless machine (`ts-…`). */
export const Process = CoreResource('process', ProcessProperties);
export type Process = Static<typeof Process>;
