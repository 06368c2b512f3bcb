import type { LogsErrorInfo, LogsErrorResponse, LogsInnerError } from '@servicemap/protocol';
import { ERROR_CATALOGUE } from '../../errors.js';

/**
 * The Log Analytics API's own errors. Its bodies carry more than the server's catalogue shape
 * (`innererror` with the KQL code, line and column), so they are answered by the routes themselves,
 * and each batch entry carries its own status.
 */
export const LOG_ANALYTICS_ERRORS = {
  /** Anything wrong with the request: query text, timespan, limits hit by the query itself. */
  BadArgumentError: { status: 400, message: 'The request had some invalid properties.' },
  /** The query ran past its `Prefer: wait=` (or the server's maximum). */
  GatewayTimeout: { status: 504, message: 'The query did not finish within its wait time.' },
  /** Our fault: the compiler or the database did something it must not. Logged. */
  InternalError: ERROR_CATALOGUE.InternalError,
  ServerBusy: ERROR_CATALOGUE.ServerBusy,
} as const satisfies Record<string, { status: number; message: string }>;

export type LogAnalyticsErrorCode = keyof typeof LOG_ANALYTICS_ERRORS;

/** An error answer with its status. */
export class LogAnalyticsError extends Error {
  override readonly name = 'LogAnalyticsError';
  readonly status: number;

  constructor(readonly code: LogAnalyticsErrorCode, readonly inner?: LogsInnerError, message?: string) {
    super(message ?? LOG_ANALYTICS_ERRORS[code].message);
    this.status = LOG_ANALYTICS_ERRORS[code].status;
  }

  toInfo(): LogsErrorInfo {
    return { code: this.code, message: this.message, ...(this.inner === undefined ? {} : { innererror: this.inner }) };
  }

  toBody(): LogsErrorResponse {
    return { error: this.toInfo() };
  }
}
