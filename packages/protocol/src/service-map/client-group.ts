import { Type, type Static } from 'typebox';
import { Accuracy } from './enums.js';
import { PortReference, ProcessReference, ResourceReference } from './references.js';
import { CoreResource, DateTime, ResourceFields } from './resource.js';

export const ClientGroupProperties = Type.Object({
  /** The machine, process or port whose agentless clients the group collects. */
  clientsOf: ResourceReference,
});
export type ClientGroupProperties = Static<typeof ClientGroupProperties>;

/** Agentless clients of one machine, process or port, drawn as one box. */
export const ClientGroup = CoreResource('clientGroup', ClientGroupProperties);
export type ClientGroup = Static<typeof ClientGroup>;

/** One agentless client of a group. Derives from `Resource`: no `kind`. */
export const ClientGroupMember = Type.Object({
  ...ResourceFields,
  properties: Type.Object({
    ipAddress: Type.Optional(Type.String()),
    /** The port the client connected to. */
    port: Type.Optional(PortReference),
    /** The processes that accepted its connections. */
    processes: Type.Optional(Type.Array(ProcessReference)),
  }),
});
export type ClientGroupMember = Static<typeof ClientGroupMember>;

/** Member count of a client group; `accuracy: estimated` means there are more. */
export const ClientGroupMembersCount = Type.Object({
  startTime: DateTime,
  endTime: DateTime,
  /** Client group resource id. */
  groupId: Type.String(),
  count: Type.Integer({ minimum: 0 }),
  accuracy: Accuracy,
});
export type ClientGroupMembersCount = Static<typeof ClientGroupMembersCount>;
