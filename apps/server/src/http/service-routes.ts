import type { FastifyPluginCallback } from 'fastify';
import { Type } from 'typebox';
import type { CredentialCache } from '../auth/credential-cache.js';
import type { MetricsRegistry } from '../metrics/metrics-registry.js';
import { bearerGuard } from './bearer-guard.js';
import { ErrorResponse } from './error-response.js';
import { buildOpenApiDocument } from './openapi-document.js';
import type { RouteIndex } from './route-index.js';

/** What the service routes need. */
export interface ServiceRoutesOptions {
  readonly credentials: CredentialCache;
  readonly registry: MetricsRegistry;
  readonly routes: RouteIndex;
  readonly version: string;
}

/**
 * `/metrics` and `/openapi.json`. Both need a token (any role): nothing but the health routes
 * answers without credentials. Neither carries workspace data.
 */
export const serviceRoutes: FastifyPluginCallback<ServiceRoutesOptions> = (app, options, done) => {
  const guard = bearerGuard(options.credentials, 'reader');
  app.get('/metrics', {
    onRequest: guard,
    schema: {
      summary: 'Prometheus metrics (text exposition format)', tags: ['service'],
      response: { '4xx': ErrorResponse },
    },
  }, async (_request, reply) => {
    const text = await options.registry.collectAndRender();
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
  });

  app.get('/openapi.json', {
    onRequest: guard,
    schema: {
      summary: 'This OpenAPI document, generated from the route schemas', tags: ['service'],
      response: { 200: Type.Object({}, { additionalProperties: true }), '4xx': ErrorResponse },
    },
  }, (_request, reply) => reply.send(buildOpenApiDocument(options.routes.all(), options.version)));
  done();
};
