import type { LogsErrorInfo, LogsMetadataResults, LogsQueryResults } from '@servicemap/protocol';
import { ApiRequestError } from './api-error.js';

/** A refused query, with the place the compiler pointed at (1-based), when it gave one. */
export class LogQueryError extends ApiRequestError {
  constructor(status: number, code: string, message: string, readonly line?: number, readonly column?: number) {
    super(status, code, message);
    this.name = 'LogQueryError';
  }
}

const positiveInt = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined);

/** The error of a refused query as the UI shows it: the inner (compiler) code and the position. */
export function logQueryErrorOf(status: number, error: LogsErrorInfo | undefined): LogQueryError {
  if (error === undefined) return new LogQueryError(status, `Http${status}`, `The server answered ${status}.`);
  const inner = error.innererror;
  const extra = inner?.additionalProperties ?? {};
  const line = positiveInt(inner?.line) ?? positiveInt(extra['line']);
  const column = positiveInt(inner?.column) ?? positiveInt(extra['column']);
  return new LogQueryError(status, inner?.code ?? error.code, error.message, line, column);
}

/** The server's Log Analytics query API (`/v1/workspaces/{id}/...`) with the user's bearer token. */
export class LogAnalyticsClient {
  constructor(private readonly token: string, readonly workspaceId: string, private readonly fetchImpl: typeof fetch = fetch.bind(globalThis)) {}

  private async post<T>(path: string, body: unknown, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<T> {
    const response = await this.fetchImpl(`/v1/workspaces/${encodeURIComponent(this.workspaceId)}/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      ...(signal === undefined ? {} : { signal }),
    });
    if (!response.ok) {
      const error = await response.json().then((b: { error?: LogsErrorInfo }) => b.error, () => undefined);
      throw logQueryErrorOf(response.status, error);
    }
    return (await response.json()) as T;
  }

  /**
   * Runs a query over `timespan` (an ISO-8601 interval); a `PartialError` answer still resolves.
   * Asks for `render` too, so a query ending in `render timechart` … can be drawn.
   */
  query(query: string, timespan: string, signal?: AbortSignal): Promise<LogsQueryResults> {
    return this.post<LogsQueryResults>('query', { query, timespan }, signal, { prefer: 'include-render=true' });
  }

  /** The workspace's tables and columns, for the editor's completion. */
  metadata(): Promise<LogsMetadataResults> {
    return this.post<LogsMetadataResults>('metadata', {});
  }
}
