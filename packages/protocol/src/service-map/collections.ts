import { Type, type Static, type TSchema } from 'typebox';
import { ClientGroupMember } from './client-group.js';
import { Machine } from './machine.js';
import { MachineGroup } from './machine-group.js';
import { Port } from './port.js';
import { Process } from './process.js';
import { Connection } from './relationships.js';

/**
 * A page of `Item`s. `nextLink` is absolute and self-contained (api-version and our own page
 * token inside): old AutoRest clients GET it verbatim. It is absent on the last page.
 */
export function Collection<Item extends TSchema>(item: Item) {
  return Type.Object({ value: Type.Array(item), nextLink: Type.Optional(Type.String()) });
}

export const MachineCollection = Collection(Machine);
export type MachineCollection = Static<typeof MachineCollection>;
export const ProcessCollection = Collection(Process);
export type ProcessCollection = Static<typeof ProcessCollection>;
export const PortCollection = Collection(Port);
export type PortCollection = Static<typeof PortCollection>;
export const ConnectionCollection = Collection(Connection);
export type ConnectionCollection = Static<typeof ConnectionCollection>;
export const ClientGroupMembersCollection = Collection(ClientGroupMember);
export type ClientGroupMembersCollection = Static<typeof ClientGroupMembersCollection>;
export const MachineGroupCollection = Collection(MachineGroup);
export type MachineGroupCollection = Static<typeof MachineGroupCollection>;
