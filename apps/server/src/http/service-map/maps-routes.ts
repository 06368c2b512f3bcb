import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { MapRequest, MapResponse } from '@servicemap/protocol';
import { buildMap, groupScope, mapTargetOf, mapWindowOf, type MapScope } from '@servicemap/topology';
import type { RouteContext } from '../../app.js';
import { ApiError } from '../../errors.js';
import { readMapInput, unknownMachines } from '../../services/map-input.js';
import type { Storage } from '../../storage/storage.js';
import { bearerGuard } from '../bearer-guard.js';
import { acceptEmptyJson, jsonObjectBody } from './json-body-guard.js';
import { mapRequestValidatorCompiler } from './maps-request-validator.js';
import { ERROR_RESPONSES } from './error-responses.js';
import { ApiVersionQuery, resolveServiceMapScope, ServiceMapPathParams } from './service-map-scope.js';
import { parseDateParam } from './time-window.js';

const DAY_MS = 86_400_000;

/** A map can be large and its schema is full of unions: plain JSON.stringify beats a compiled serializer here. */
const stringify = (): ((data: unknown) => string) => (data) => JSON.stringify(data);

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
 * `POST .../generateMap` (Maps_Generate): single-machine, machine-group and machine-list maps
 * over any window the caller asks for (no one-hour cap; rows older than retention are gone).
 * Reading a map changes nothing, so a reader may ask.
 */
export function mapsRoutes(scope: FastifyInstance, context: RouteContext): void {
  acceptEmptyJson(scope);
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.post('/generateMap', {
    onRequest: bearerGuard(context.credentials, 'reader'),
    preValidation: jsonObjectBody('MapRequest'),
    validatorCompiler: mapRequestValidatorCompiler,
    serializerCompiler: stringify,
    schema: {
      summary: 'Generate a dependency map', operationId: 'Maps_Generate', tags: ['serviceMap'],
      params: Type.Object(ServiceMapPathParams),
      querystring: Type.Object(ApiVersionQuery),
      body: MapRequest,
      response: { 200: MapResponse, ...ERROR_RESPONSES },
    },
  }, async (request) => {
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
    return buildMap(input).response;
  });
}
