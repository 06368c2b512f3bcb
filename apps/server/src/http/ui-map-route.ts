import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { MapRequest, MapResponse } from '@servicemap/protocol';
import { buildMap, groupScope, mapTargetOf, mapWindowOf, type MapScope } from '@servicemap/topology';
import type { RouteContext } from '../app.js';
import { ApiError } from '../errors.js';
import { readMapInput, unknownMachines } from '../services/map-input.js';
import type { Storage } from '../storage/storage.js';
import { bearerGuard } from './bearer-guard.js';
import { ERROR_RESPONSES } from './service-map/error-responses.js';
import { mapRequestValidatorCompiler } from './service-map/maps-request-validator.js';
import { ApiVersionQuery, resolveServiceMapScope, SERVICE_MAP_PREFIX, ServiceMapPathParams } from './service-map/service-map-scope.js';
import { parseDateParam } from './service-map/time-window.js';

/** Where the UI's own map route lives: the Service Map prefix under `/api/ui/v1`, so resource ids match the ARM API's. */
export const UI_MAP_PATH = `/api/ui/v1${SERVICE_MAP_PREFIX}/annotatedMap`;

const DAY_MS = 86_400_000;

/**
 * The UI's map: Azure's `MapResponse` plus topology's `MapAnnotations` (roles, link counters,
 * client group members, server port groups, process groups). The annotations are a TypeScript
 * interface of `@servicemap/topology`, not an Azure wire shape; the schema leaves them open.
 */
const AnnotatedMap = Type.Object({
  response: MapResponse,
  annotations: Type.Record(Type.String(), Type.Unknown()),
});

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
 * `POST /api/ui/v1/.../annotatedMap`: the body and checks of `generateMap`, answering the map and
 * what the UI draws beside it. A separate route keeps the ARM answer exactly Azure's.
 */
export function uiMapRoute(scope: FastifyInstance, context: RouteContext): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.post(UI_MAP_PATH, {
    onRequest: bearerGuard(context.credentials, 'reader'),
    validatorCompiler: mapRequestValidatorCompiler,
    // Maps are large and full of unions: plain JSON.stringify beats a compiled serializer.
    serializerCompiler: () => (data) => JSON.stringify(data),
    schema: {
      summary: 'A dependency map with the annotations the web UI draws', tags: ['ui'],
      params: Type.Object(ServiceMapPathParams),
      querystring: Type.Object({
        ...ApiVersionQuery,
        /** Draw links whose ends are on one machine (hidden by default, as in Azure). */
        selfLinks: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
      }),
      body: MapRequest,
      response: { 200: AnnotatedMap, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const resolved = await resolveServiceMapScope(request, context.credentials);
    const workspaceId = resolved.workspace.id;
    const now = context.now();
    for (const field of ['startTime', 'endTime'] as const) {
      const value = request.body[field];
      if (value !== undefined) parseDateParam(`/${field}`, value);
    }
    const window = mapWindowOf(request.body, now.getTime());
    if (Date.parse(window.startTime) >= Date.parse(window.endTime)) {
      throw new ApiError('InvalidRequest', `/startTime ${window.startTime} must be before endTime ${window.endTime}`);
    }
    const mapScope = await scopeOf(context.storage, workspaceId, request.body);
    const focus = mapScope.kind === 'single' ? [mapScope.machine] : mapScope.kind === 'list' ? mapScope.machines : [];
    const since = new Date(now.getTime() - resolved.workspace.retentionDays * DAY_MS);
    const unknown = await unknownMachines(context.storage, workspaceId, focus, since, new Date(now.getTime() + DAY_MS));
    if (unknown.length > 0) throw new ApiError('NotFound', `Machine ${unknown.join(', ')} is not known in this workspace.`);
    const input = await readMapInput(context.storage, { workspaceId, workspace: resolved.ids, window, scope: mapScope });
    const built = buildMap({ ...input, showSelfLinks: request.query.selfLinks === 'true' });
    return { response: built.response, annotations: built.annotations as unknown as Record<string, unknown> };
  });
}
