import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { MapRequest, MapResponse } from '@servicemap/protocol';
import type { RouteContext } from '../app.js';
import { bearerGuard } from './bearer-guard.js';
import { ERROR_RESPONSES } from './service-map/error-responses.js';
import { generateMap, stringifyMap } from './service-map/generate-map.js';
import { jsonObjectBody } from './service-map/json-body-guard.js';
import { mapRequestValidatorCompiler } from './service-map/maps-request-validator.js';
import { ApiVersionQuery, SERVICE_MAP_PREFIX, ServiceMapPathParams } from './service-map/service-map-scope.js';

/** Where the UI's own map route lives: the Service Map prefix under `/api/ui/v1`, so resource ids match the ARM API's. */
export const UI_MAP_PATH = `/api/ui/v1${SERVICE_MAP_PREFIX}/annotatedMap`;

/**
 * The UI's map: Azure's `MapResponse` plus topology's `MapAnnotations` (roles, link counters,
 * client group members, server port groups, process groups). The annotations are a TypeScript
 * interface of `@servicemap/topology`, not an Azure wire shape; the schema leaves them open.
 */
const AnnotatedMap = Type.Object({
  response: MapResponse,
  annotations: Type.Record(Type.String(), Type.Unknown()),
});

/**
 * `POST /api/ui/v1/.../annotatedMap`: the body and checks of `generateMap`, answering the map and
 * what the UI draws beside it. A separate route keeps the ARM answer exactly Azure's.
 */
export function uiMapRoute(scope: FastifyInstance, context: RouteContext): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.post(UI_MAP_PATH, {
    onRequest: bearerGuard(context.credentials, 'reader'),
    preValidation: jsonObjectBody('MapRequest'),
    validatorCompiler: mapRequestValidatorCompiler,
    serializerCompiler: stringifyMap,
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
    const built = await generateMap(request, context, request.query.selfLinks === 'true');
    return { response: built.response, annotations: built.annotations as unknown as Record<string, unknown> };
  });
}
