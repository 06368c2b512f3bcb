import { Type, type Static } from 'typebox';
import { OperatingSystemFamily } from './enums.js';

// A reference's `id` is required; `type` and `name` are read-only, so they are optional in the
// schema (clients send bare `{kind, id}` references in machine group bodies) and always
// emitted by the server.
const referenceFields = {
  id: Type.String({ minLength: 1 }),
  type: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
};

/** `ref:machine`: points at a machine resource. */
export const MachineReference = Type.Object({ ...referenceFields, kind: Type.Literal('ref:machine') });
export type MachineReference = Static<typeof MachineReference>;

/** `ref:machinewithhints`: a machine reference plus a snapshot of its name and OS (machine groups). */
export const MachineReferenceWithHints = Type.Object({
  ...referenceFields,
  kind: Type.Literal('ref:machinewithhints'),
  properties: Type.Optional(
    Type.Object({
      displayNameHint: Type.Optional(Type.String()),
      osFamilyHint: Type.Optional(OperatingSystemFamily),
    }),
  ),
});
export type MachineReferenceWithHints = Static<typeof MachineReferenceWithHints>;

/** `ref:process`: points at a process, with the machine that hosts it. */
export const ProcessReference = Type.Object({
  ...referenceFields,
  kind: Type.Literal('ref:process'),
  properties: Type.Optional(Type.Object({ machine: Type.Optional(MachineReference) })),
});
export type ProcessReference = Static<typeof ProcessReference>;

/** `ref:port`: points at a server port, with its machine, address and number. */
export const PortReference = Type.Object({
  ...referenceFields,
  kind: Type.Literal('ref:port'),
  properties: Type.Optional(
    Type.Object({
      machine: Type.Optional(MachineReference),
      ipAddress: Type.Optional(Type.String()),
      portNumber: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    }),
  ),
});
export type PortReference = Static<typeof PortReference>;

/** `ref:clientgroup` (lower-case `g`, as in the spec): points at a client group. */
export const ClientGroupReference = Type.Object({ ...referenceFields, kind: Type.Literal('ref:clientgroup') });
export type ClientGroupReference = Static<typeof ClientGroupReference>;

/**
 * Any `ResourceReference`, discriminated by `kind`. `ref:onmachine` exists in the spec's enum
 * but has no model, so it is not part of the union.
 */
export const ResourceReference = Type.Union([
  MachineReference,
  MachineReferenceWithHints,
  ProcessReference,
  PortReference,
  ClientGroupReference,
]);
export type ResourceReference = Static<typeof ResourceReference>;
