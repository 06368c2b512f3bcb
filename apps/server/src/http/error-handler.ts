import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ErrorCode } from '../errors.js';
import { StorageBusyError, StorageClosedError, StorageConflictError } from '../storage/storage.js';
import type { RouteIndex } from './route-index.js';

interface AjvIssue {
  readonly instancePath?: string;
  readonly message?: string;
  readonly keyword?: string;
  readonly params?: Record<string, unknown>;
}

/**
 * Turns an Ajv issue into "`/connections/3/destinationPort` must be <= 65535": the JSON pointer of
 * the bad field first, with missing and unexpected property names folded into the path.
 */
export function describeValidationIssue(context: string | undefined, issue: AjvIssue): string {
  let path = issue.instancePath ?? '';
  const params = issue.params ?? {};
  if (typeof params.missingProperty === 'string') path += `/${params.missingProperty}`;
  // TypeBox names every missing property at once; the first is enough to point at the problem.
  if (Array.isArray(params.requiredProperties) && typeof params.requiredProperties[0] === 'string') {
    path += `/${params.requiredProperties[0]}`;
  }
  if (typeof params.additionalProperty === 'string') path += `/${params.additionalProperty}`;
  const where = context === undefined || context === 'body' ? path || '/' : `${context}${path}`;
  let message = issue.message ?? 'is invalid';
  if (issue.keyword === 'additionalProperties') message = 'is not allowed';
  return `${where} ${message}`;
}

/** Maps Fastify's own error codes onto the catalogue. */
const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UnsupportedMediaType',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PayloadTooLarge',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'InvalidJson',
  FST_ERR_CTP_INVALID_JSON_BODY: 'InvalidJson',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'InvalidRequest',
  FST_ERR_CTP_INVALID_TYPE: 'UnsupportedMediaType',
};

/** Any thrown value as a catalogue error. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StorageBusyError) return new ApiError('ServerBusy', undefined, { 'retry-after': '5' });
  if (error instanceof StorageClosedError) return new ApiError('StorageUnavailable', undefined, { 'retry-after': '5' });
  if (error instanceof StorageConflictError) return new ApiError('Conflict', error.message);
  const fastify = error as Partial<FastifyError> & { validation?: AjvIssue[] };
  if (Array.isArray(fastify.validation) && fastify.validation.length > 0) {
    const issue = fastify.validation[0] as AjvIssue;
    return new ApiError('InvalidRequest', describeValidationIssue(fastify.validationContext, issue));
  }
  const mapped = fastify.code === undefined ? undefined : FASTIFY_CODES[fastify.code];
  if (mapped !== undefined) return new ApiError(mapped, fastify.message);
  if (error instanceof SyntaxError) return new ApiError('InvalidJson', error.message);
  const status = fastify.statusCode ?? 500;
  if (status >= 400 && status < 500) return new ApiError('InvalidRequest', fastify.message);
  return new ApiError('InternalError');
}

/** Installs the catalogue's error, not-found and method-not-allowed answers on the root app. */
export function installErrorHandling(app: FastifyInstance, routes: RouteIndex): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: apiError.code, message: apiError.message }, 'request refused');
    return reply.status(apiError.status).headers(apiError.headers).send(apiError.toBody());
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const allowed = routes.methodsFor(request.url);
    const apiError = allowed.length > 0
      ? new ApiError('MethodNotAllowed', `${request.method} is not allowed on ${request.url.split('?')[0] ?? ''}; use ${allowed.join(', ')}.`,
        { allow: allowed.join(', ') })
      : new ApiError('NotFound', `No route for ${request.method} ${request.url.split('?')[0] ?? ''}.`);
    return reply.status(apiError.status).headers(apiError.headers).send(apiError.toBody());
  });
}
