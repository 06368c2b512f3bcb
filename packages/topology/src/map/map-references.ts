import type { ClientGroupReference, MachineReference, PortReference, ProcessReference } from '@servicemap/protocol';
import { resourceId, resourceType, type ResourcePath, type WorkspaceScope } from '../resource-ids.js';
import type { GraphPort } from './map-graph.js';

/** `id`, `type`, `name` of a resource, as every resource and reference carries them. */
export function identity(scope: WorkspaceScope, path: ResourcePath, name: string) {
  return { id: resourceId(scope, path), type: resourceType(path), name };
}

export function machineReference(scope: WorkspaceScope, machine: string): MachineReference {
  return { kind: 'ref:machine', ...identity(scope, { kind: 'machine', machine }, machine) };
}

export function processReference(scope: WorkspaceScope, machine: string, process: string): ProcessReference {
  return {
    kind: 'ref:process',
    ...identity(scope, { kind: 'process', machine, process }, process),
    properties: { machine: machineReference(scope, machine) },
  };
}

export function portReference(scope: WorkspaceScope, port: GraphPort): PortReference {
  return {
    kind: 'ref:port',
    ...identity(scope, { kind: 'port', machine: port.machine, port: port.name }, port.name),
    properties: { machine: machineReference(scope, port.machine), ipAddress: port.ip, portNumber: port.portNumber },
  };
}

export function clientGroupReference(scope: WorkspaceScope, clientGroup: string): ClientGroupReference {
  return { kind: 'ref:clientgroup', ...identity(scope, { kind: 'clientGroup', clientGroup }, clientGroup) };
}
