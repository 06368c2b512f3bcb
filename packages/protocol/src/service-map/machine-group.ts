import { Type, type Static } from 'typebox';
import { Uuid } from '../ids.js';
import { MachineGroupType } from './enums.js';
import { MachineReferenceWithHints } from './references.js';

const machineGroupProperties = Type.Object({
  /** `user-static` for groups made here; other values come from Azure-made groups. */
  groupType: Type.Optional(MachineGroupType),
  displayName: Type.String({ minLength: 1, maxLength: 256 }),
  /** Member count; may exceed `machines.length` when the list is truncated. */
  count: Type.Optional(Type.Integer({ minimum: 0 })),
  machines: Type.Optional(Type.Array(MachineReferenceWithHints)),
});

/** A user-defined set of machines, named by a GUID. */
export const MachineGroup = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Uuid,
  kind: Type.Literal('machineGroup'),
  /** Optimistic concurrency token. */
  etag: Type.Optional(Type.String()),
  properties: machineGroupProperties,
});
export type MachineGroup = Static<typeof MachineGroup>;

/**
 * A machine group in a create (POST) or update (PUT) body: the read-only `id`, `type` and
 * `name` may be absent (create) or echoed back (update, as the SDKs do).
 */
export const MachineGroupInput = Type.Object({
  id: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  kind: Type.Literal('machineGroup'),
  etag: Type.Optional(Type.String()),
  properties: machineGroupProperties,
});
export type MachineGroupInput = Static<typeof MachineGroupInput>;
