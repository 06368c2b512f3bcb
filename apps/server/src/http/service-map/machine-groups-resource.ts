import type { MachineGroup as MachineGroupResource, MachineGroupInput as MachineGroupBody, OperatingSystemFamily } from '@servicemap/protocol';
import { parseMachineName, parseResourceId, resourceId, RESOURCE_TYPES, type WorkspaceScope } from '@servicemap/topology';
import { ApiError } from '../../errors.js';
import type { MachineGroup, MachineGroupInput, StoredComputer } from '../../storage/storage.js';

/**
 * Groups made here are typed as Azure's own create example answers (`unknown`): `groupType` is an
 * open enum, and old SDKs know this value.
 */
export const CREATED_GROUP_TYPE = 'unknown';

/** What a machine reference's hints are drawn from: the machine's newest inventory row, if any. */
export type MachineHints = ReadonlyMap<string, StoredComputer>;

/** The machine names of a create or update body; 400 naming the first id that is not a machine's. */
export function machineGroupInputOf(body: MachineGroupBody): MachineGroupInput {
  const machines: string[] = [];
  for (const [i, ref] of (body.properties.machines ?? []).entries()) {
    const parsed = parseResourceId(ref.id);
    if (parsed?.path.kind !== 'machine' || !parseMachineName(parsed.path.machine)) {
      throw new ApiError('InvalidRequest', `/properties/machines/${String(i)}/id ${ref.id} is not a machine resource id`);
    }
    if (!machines.includes(parsed.path.machine)) machines.push(parsed.path.machine);
  }
  return { displayName: body.properties.displayName, machines };
}

function osFamilyOf(row: StoredComputer | undefined): OperatingSystemFamily {
  return row?.operatingSystemFamily ?? 'unknown';
}

/** A stored group as the Azure `MachineGroup` resource, with hints from current inventory. */
export function machineGroupResource(ids: WorkspaceScope, group: MachineGroup, hints: MachineHints): MachineGroupResource {
  return {
    id: resourceId(ids, { kind: 'machineGroup', machineGroup: group.id }),
    type: RESOURCE_TYPES.machineGroup,
    name: group.id,
    kind: 'machineGroup',
    etag: group.etag,
    properties: {
      groupType: CREATED_GROUP_TYPE,
      displayName: group.displayName,
      count: group.machines.length,
      machines: group.machines.map((machine) => {
        const row = hints.get(machine);
        return {
          kind: 'ref:machinewithhints' as const,
          id: resourceId(ids, { kind: 'machine', machine }),
          type: RESOURCE_TYPES.machine,
          name: machine,
          properties: {
            displayNameHint: row?.hostName || row?.fullyQualifiedDomainName || machine,
            osFamilyHint: osFamilyOf(row),
          },
        };
      }),
    },
  };
}
