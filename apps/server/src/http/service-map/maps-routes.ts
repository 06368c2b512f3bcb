import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { MapRequest, MapResponse } from '@servicemap/protocol';
import type { RouteContext } from '../../app.js';
import { bearerGuard } from '../bearer-guard.js';
import { generateMap, stringifyMap } from './generate-map.js';
import { acceptEmptyJson, jsonObjectBody } from './json-body-guard.js';
import { mapRequestValidatorCompiler } from './maps-request-validator.js';
import { ERROR_RESPONSES } from './error-responses.js';
import { ApiVersionQuery, ServiceMapPathParams } from './service-map-scope.js';

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
    serializerCompiler: stringifyMap,
    schema: {
      summary: 'Generate a dependency map', operationId: 'Maps_Generate', tags: ['serviceMap'],
      params: Type.Object(ServiceMapPathParams),
      querystring: Type.Object(ApiVersionQuery),
      body: MapRequest,
      response: { 200: MapResponse, ...ERROR_RESPONSES },
    },
  }, async (request) => (await generateMap(request, context)).response);
}
