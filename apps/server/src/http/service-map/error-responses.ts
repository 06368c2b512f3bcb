import { ErrorResponse } from '../error-response.js';

/**
 * Response schemas for every error status of a Service Map route: Azure's
 * `{"error":{"code","message"}}`, which old AutoRest clients deserialize from any non-success.
 */
export const ERROR_RESPONSES = { '4xx': ErrorResponse, '5xx': ErrorResponse } as const;
