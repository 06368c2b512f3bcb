export {};
export { roleOf, type RoleInput } from './roles.js';
export { processGroupOf, normalizeExecutableName, type ProcessGroupInput } from './process-group.js';
export { canonicalIp, formatIp, hexToIp, ipToHex, isLoopbackIp, parseIp, type ParsedIp } from './ip-address.js';
export {
  clientGroupMemberName,
  clientGroupName,
  discoveredMachineName,
  discoveredProcessName,
  monitoredMachineName,
  parseClientGroupMemberName,
  parseClientGroupName,
  parseMachineName,
  parsePortName,
  parseProcessName,
  portName,
  type ClientGroupTarget,
  type MachineNameParts,
  type PortNameParts,
  type ProcessNameParts,
} from './resource-names.js';
export { formatEndpoint, parseEndpoint, type Endpoint } from './endpoint-names.js';
export {
  acceptorName,
  connectionName,
  parseAcceptorName,
  parseConnectionName,
  type AcceptorNameParts,
  type ConnectionNameParts,
} from './relationship-names.js';
export {
  RESOURCE_TYPES,
  parseResourceId,
  resourceId,
  resourceType,
  serviceMapBaseId,
  workspaceResourceId,
  type ParsedResourceId,
  type ResourcePath,
  type WorkspaceScope,
} from './resource-ids.js';
export {
  MAX_IDENTITY_COMMAND_LINE,
  normaliseCommandLine,
  processPoolId,
  type ProcessPoolIdentity,
  type Sha1Hex,
} from './process-pool-id.js';
export { buildMap, type BuiltMap } from './map/build-map.js';
export { foldBoundPortRows, foldConnectionRows, type FoldedConnectionRow, type ListenerRow } from './map/connection-fold.js';
export {
  focusMachinesOf,
  type BoundPortRow,
  type ConnectionRow,
  type MachineRow,
  type MapInput,
  type MapScope,
  type MapWindow,
  type ProcessRow,
} from './map/map-input.js';
export type {
  ClientGroupAnnotation,
  ConnectionAnnotation,
  MachineAnnotation,
  MapAnnotations,
  ProcessAnnotation,
  ProcessGroupAnnotation,
  ProcessGroupEdge,
  ServerPortGroupAnnotation,
} from './map/map-annotations.js';
export { addCounters, failureStateOf, worstFailureState, zeroCounters, type LinkCounters } from './map/failure-state.js';
export {
  DEFAULT_MAP_WINDOW_MS,
  groupScope,
  mapTargetOf,
  mapWindowOf,
  type MapRequestError,
  type MapTarget,
} from './map/map-request.js';
export {
  azureVirtualMachineType,
  clientGroupResource,
  machineResource,
  portResource,
  processResource,
} from './map/node-resources.js';
export { acceptorResource, connectionResource } from './map/edge-resources.js';
export { clientGroupReference, machineReference, portReference, processReference } from './map/map-references.js';
export type { GraphClientGroup, GraphPort, GraphProcess } from './map/map-graph.js';
