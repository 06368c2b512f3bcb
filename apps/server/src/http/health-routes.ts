import type { FastifyPluginCallback } from 'fastify';
import { Type } from 'typebox';
import { ApiError } from '../errors.js';
import type { Storage } from '../storage/storage.js';
import { ErrorResponse } from './error-response.js';

const Status = Type.Object({ status: Type.String() });

/** `/healthz` (the process answers) and `/readyz` (storage is open): the only routes without credentials. */
export const healthRoutes: FastifyPluginCallback<{ readonly storage: Storage }> = (app, { storage }, done) => {
  app.get('/healthz', {
    schema: { summary: 'Liveness', tags: ['health'], response: { 200: Status } },
  }, (_request, reply) => reply.send({ status: 'ok' }));

  app.get('/readyz', {
    schema: { summary: 'Readiness: storage is open', tags: ['health'], response: { 200: Status, 503: ErrorResponse } },
  }, (_request, reply) => {
    if (!storage.isOpen()) throw new ApiError('StorageUnavailable');
    return reply.send({ status: 'ready' });
  });
  done();
};
