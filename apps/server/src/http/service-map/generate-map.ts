import type { FastifyRequest } from 'fastify';
import type { MapRequest } from '@servicemap/protocol';
import { buildMap, groupScope, mapTargetOf, mapWindowOf, type BuiltMap, type MapScope } from '@servicemap/topology';
import type { RouteContext } from '../../app.js';
import { ApiError } from '../../errors.js';
import { readMapInput, unknownMachines } from '../../services/map-input.js';
import type { Storage } from '../../storage/storage.js';
import { resolveServiceMapScope, type ScopedRequest } from './service-map-scope.js';
import { parseDateParam } from './time-window.js';

const DAY_MS = 86_400_000;

/** A map can be large and its schema is full of unions: plain JSON.stringify beats a compiled serializer here. */
export const stringifyMap = (): ((data: unknown) => string) => (data) => JSON.stringify(data);

/** Resolves the request's target to a scope, reading a stored group when it names one: 404 when it does not exist. */
async function scopeOf(storage: Storage, workspaceId: string, request: MapRequest): Promise<MapScope> {
  const target = mapTargetOf(request);
  if ('error' in target) {
    const field = target.error === 'invalidMachineGroupId' ? 'machineGroupId' : 'machineId';
    throw new ApiError('InvalidRequest', `/${field} ${target.id} is not a ${field === 'machineId' ? 'machine' : 'machine group'} resource id`);
  }
  if (target.kind === 'scope') return target.scope;
  const group = await storage.getMachineGroup(workspaceId, target.machineGroup.toLowerCase());
  if (group === undefined) throw new ApiError('NotFound', `Machine group ${target.machineGroup} does not exist.`);
  return groupScope(group.machines, target.filterProcesses);
}

/**
 * The checks and reads behind `generateMap` and the UI's `annotatedMap`: one place, so the UI
 * draws exactly the map the ARM route answers. Throws {@link ApiError}s for bad dates, unknown
 * groups and machines.
 */
export async function generateMap(
  request: FastifyRequest & ScopedRequest & { body: MapRequest },
  context: RouteContext,
  showSelfLinks = false,
): Promise<BuiltMap> {
  const resolved = await resolveServiceMapScope(request, context.credentials);
  const workspaceId = resolved.workspace.id;
  const now = context.now();
  // The schema checks the format; this also refuses dates V8 would roll over (February 30).
  for (const field of ['startTime', 'endTime'] as const) {
    const value = request.body[field];
    if (value !== undefined) parseDateParam(`/${field}`, value);
  }
  const window = mapWindowOf(request.body, now.getTime());
  if (Date.parse(window.startTime) >= Date.parse(window.endTime)) {
    throw new ApiError('InvalidRequest', `/startTime ${window.startTime} must be before endTime ${window.endTime}`);
  }
  const mapScope = await scopeOf(context.storage, workspaceId, request.body);
  // A stored group may keep machines that have since gone quiet: its map just lacks them.
  const focus = mapScope.kind === 'single' ? [mapScope.machine] : mapScope.kind === 'list' ? mapScope.machines : [];
  const since = new Date(now.getTime() - resolved.workspace.retentionDays * DAY_MS);
  const unknown = await unknownMachines(context.storage, workspaceId, focus, since, new Date(now.getTime() + DAY_MS));
  if (unknown.length > 0) throw new ApiError('NotFound', `Machine ${unknown.join(', ')} is not known in this workspace.`);
  const input = await readMapInput(context.storage, { workspaceId, workspace: resolved.ids, window, scope: mapScope });
  return buildMap({ ...input, showSelfLinks });
}
