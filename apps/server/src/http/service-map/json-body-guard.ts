import type { FastifyInstance, preValidationHookHandler } from 'fastify';
import { ApiError } from '../../errors.js';

/**
 * A preValidation hook for POST/PUT routes whose body must be one JSON object (`what` names its
 * model). Without it, a missing body, a text/plain one or a JSON array all reached the schema and
 * came back as "/ must be object" or "/kind must be one of …", which does not say what is wrong.
 */
export function jsonObjectBody(what: string): preValidationHookHandler {
  return (request, _reply, done) => {
    const { body } = request;
    const contentType = request.headers['content-type'] ?? '';
    if (body === undefined || body === null || body === '') {
      done(new ApiError('InvalidRequest', `The request body is required: a JSON ${what} object.`));
    } else if (typeof body === 'string' || Buffer.isBuffer(body)) {
      done(new ApiError('InvalidJson', `The request body must be JSON (Content-Type: application/json), not ${contentType || 'untyped'}: a ${what} object.`));
    } else if (typeof body !== 'object' || Array.isArray(body)) {
      done(new ApiError('InvalidRequest', `The request body must be a JSON object (${what}), not ${Array.isArray(body) ? 'an array' : typeof body}.`));
    } else {
      done();
    }
  };
}

/**
 * JSON bodies as usual, but an empty one is no body: the Azure SDKs send `Content-Type:
 * application/json` on DELETE without a body, which Fastify's default parser refuses with 400;
 * on POST/PUT, {@link jsonObjectBody} then says that the body is required.
 */
export function acceptEmptyJson(scope: FastifyInstance): void {
  const parseJson = scope.getDefaultJsonParser('error', 'error');
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    void parseJson(request, typeof body === 'string' ? body : body.toString('utf8'), done);
  });
}
