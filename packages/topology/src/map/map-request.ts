import type { MapRequest } from '@servicemap/protocol';
import { parseResourceId } from '../resource-ids.js';
import { parseMachineName } from '../resource-names.js';
import type { MapScope, MapWindow } from './map-input.js';

/** What a generateMap body asks for, with ids reduced to names. */
export type MapTarget =
  | { readonly kind: 'scope'; readonly scope: MapScope }
  /** A stored group: the caller looks its machines up, then calls `groupScope`. */
  | { readonly kind: 'machineGroup'; readonly machineGroup: string; readonly filterProcesses: boolean };

/** Why a map request cannot be served; `id` is the offending resource id. */
export interface MapRequestError {
  readonly error: 'invalidMachineId' | 'invalidMachineGroupId';
  readonly id: string;
}

function machineNameOf(id: string): string | undefined {
  const parsed = parseResourceId(id);
  if (parsed?.path.kind !== 'machine') return undefined;
  return parseMachineName(parsed.path.machine) ? parsed.path.machine : undefined;
}

/** Reads a MapRequest's target. Ids are accepted with or without `/features/serviceMap`. */
export function mapTargetOf(request: MapRequest): MapTarget | MapRequestError {
  switch (request.kind) {
    case 'map:single-machine-dependency': {
      const machine = machineNameOf(request.machineId);
      return machine ? { kind: 'scope', scope: { kind: 'single', machine } } : { error: 'invalidMachineId', id: request.machineId };
    }
    case 'map:machine-list-dependency': {
      const machines: string[] = [];
      for (const id of request.machineIds) {
        const machine = machineNameOf(id);
        if (!machine) return { error: 'invalidMachineId', id };
        if (!machines.includes(machine)) machines.push(machine);
      }
      return { kind: 'scope', scope: { kind: 'list', machines, filterProcesses: request.filterProcesses ?? false } };
    }
    case 'map:machine-group-dependency': {
      const parsed = parseResourceId(request.machineGroupId);
      if (parsed?.path.kind !== 'machineGroup') return { error: 'invalidMachineGroupId', id: request.machineGroupId };
      return { kind: 'machineGroup', machineGroup: parsed.path.machineGroup, filterProcesses: request.filterProcesses ?? false };
    }
  }
}

/** The scope of a stored group's map, once its machines are known. */
export function groupScope(machines: readonly string[], filterProcesses: boolean): MapScope {
  return { kind: 'group', machines: [...new Set(machines)], filterProcesses };
}

/** Azure's defaults: the window ends now and starts ten minutes earlier. `nowMs` is the caller's clock. */
export const DEFAULT_MAP_WINDOW_MS = 10 * 60_000;

export function mapWindowOf(request: Pick<MapRequest, 'startTime' | 'endTime'>, nowMs: number): MapWindow {
  const endMs = request.endTime === undefined ? nowMs : Date.parse(request.endTime);
  const startMs = request.startTime === undefined ? endMs - DEFAULT_MAP_WINDOW_MS : Date.parse(request.startTime);
  return { startTime: new Date(startMs).toISOString(), endTime: new Date(endMs).toISOString() };
}
