import { Type, type Static } from 'typebox';
import { MonitoringState } from './enums.js';
import { ResourceReference } from './references.js';
import { CoreResource } from './resource.js';

export const PortProperties = Type.Object({
  monitoringState: Type.Optional(MonitoringState),
  /** The machine the port belongs to (a `ref:machine`). */
  machine: Type.Optional(ResourceReference),
  /** Shown as `:8000` in Azure's examples. */
  displayName: Type.Optional(Type.String()),
  /** Azure only ever sent IPv4 here; we send IPv6 addresses too. */
  ipAddress: Type.Optional(Type.String()),
  portNumber: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
});
export type PortProperties = Static<typeof PortProperties>;

/** A server port (`b-{ip hex}_{port}`): live when it had activity in the interval. */
export const Port = CoreResource('port', PortProperties);
export type Port = Static<typeof Port>;
