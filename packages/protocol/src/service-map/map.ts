import { Type, type Static } from 'typebox';
import { ClientGroup } from './client-group.js';
import { Machine } from './machine.js';
import { Port } from './port.js';
import { Process } from './process.js';
import { Acceptor, Connection } from './relationships.js';
import { DateTime } from './resource.js';

const window = {
  /** Defaults to ten minutes before `endTime`. */
  startTime: Type.Optional(DateTime),
  /** Defaults to now. */
  endTime: Type.Optional(DateTime),
};

/** All direct dependencies of one machine. */
export const SingleMachineDependencyMapRequest = Type.Object({
  kind: Type.Literal('map:single-machine-dependency'),
  ...window,
  /** Machine resource id (with or without `/features/serviceMap/`). */
  machineId: Type.String({ minLength: 1 }),
});
export type SingleMachineDependencyMapRequest = Static<typeof SingleMachineDependencyMapRequest>;

/**
 * `filterProcesses: true` keeps only the processes that talk between the listed machines (and
 * every connection in or out of them); false or absent keeps all processes.
 */
const filterProcesses = Type.Optional(Type.Boolean());

/** The map of a stored machine group. */
export const MachineGroupMapRequest = Type.Object({
  kind: Type.Literal('map:machine-group-dependency'),
  ...window,
  filterProcesses,
  /** Machine group resource id. */
  machineGroupId: Type.String({ minLength: 1 }),
});
export type MachineGroupMapRequest = Static<typeof MachineGroupMapRequest>;

/** The map of an ad-hoc list of machines. */
export const MachineListMapRequest = Type.Object({
  kind: Type.Literal('map:machine-list-dependency'),
  ...window,
  filterProcesses,
  /** Machine resource ids. */
  machineIds: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
});
export type MachineListMapRequest = Static<typeof MachineListMapRequest>;

/** Body of `POST .../generateMap`, discriminated by `kind`. */
export const MapRequest = Type.Union([
  SingleMachineDependencyMapRequest,
  MachineGroupMapRequest,
  MachineListMapRequest,
]);
export type MapRequest = Static<typeof MapRequest>;

export const MapNodes = Type.Object({
  machines: Type.Array(Machine),
  processes: Type.Array(Process),
  ports: Type.Array(Port),
  clientGroups: Type.Array(ClientGroup),
});
export type MapNodes = Static<typeof MapNodes>;

export const MapEdges = Type.Object({
  connections: Type.Array(Connection),
  acceptors: Type.Array(Acceptor),
});
export type MapEdges = Static<typeof MapEdges>;

/** Azure's `Map` model, renamed so it does not shadow the global `Map`. */
export const DependencyMap = Type.Object({ nodes: MapNodes, edges: MapEdges });
export type DependencyMap = Static<typeof DependencyMap>;

/** Answer of `POST .../generateMap`: the window actually used and the map. */
export const MapResponse = Type.Object({
  startTime: DateTime,
  endTime: DateTime,
  map: DependencyMap,
});
export type MapResponse = Static<typeof MapResponse>;
