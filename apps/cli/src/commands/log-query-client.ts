import type { LogsErrorResponse, LogsQueryResults } from '@servicemap/protocol';
import { readRunningServer } from '@servicemap/server';

/** Where a query goes: a server, a bearer token, and the workspace (the token's own when absent). */
export interface QueryTarget {
  readonly url: string;
  readonly token: string;
  readonly workspace?: string;
}

/** A query that cannot be sent or that the server refused, with a message for people. */
export class QueryClientError extends Error {
  override readonly name = 'QueryClientError';
}

/**
 * The server URL and token: given ones first, else what the data directory says (the URL the
 * running server wrote, the bootstrap admin token), like the admin commands.
 */
export function resolveQueryTarget(given: { url?: string; token?: string; workspace?: string }, dataDir: string): QueryTarget {
  const running = readRunningServer(dataDir);
  const url = given.url ?? running.url;
  const token = given.token ?? running.adminToken;
  if (typeof url !== 'string') throw new QueryClientError(`no running server found in ${dataDir}; pass --server <url>`);
  if (typeof token !== 'string') throw new QueryClientError('no token: pass --token (or set SERVICEMAP_TOKEN)');
  return { url: url.replace(/\/+$/, ''), token, ...(given.workspace === undefined ? {} : { workspace: given.workspace }) };
}

/** `400 BadArgumentError: SyntaxError at line 1, column 5: … (did you mean VMConnection?)`. */
export function describeQueryError(status: number, body: unknown): string {
  const error = (body as Partial<LogsErrorResponse> | undefined)?.error;
  if (error === undefined) return `server answered ${status}`;
  const inner = error.innererror;
  if (inner === undefined) return `${status} ${error.code}: ${error.message}`;
  const where = inner.line === undefined ? '' : ` at line ${inner.line}${inner.column === undefined ? '' : `, column ${inner.column}`}`;
  const hint = inner.suggestions === undefined ? '' : ` (did you mean ${inner.suggestions.join(', ')}?)`;
  return `${status} ${error.code}: ${inner.code}${where}: ${inner.message}${hint}`;
}

async function call(target: QueryTarget, method: string, path: string, body?: unknown, prefer?: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${target.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(prefer === undefined ? {} : { prefer }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new QueryClientError(`cannot reach ${target.url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const json: unknown = await res.json().catch((): unknown => undefined);
  if (!res.ok) throw new QueryClientError(describeQueryError(res.status, json));
  return json;
}

/** Runs one KQL query through the server's Log Analytics API (`POST /v1/workspaces/{id}/query`). */
export async function sendLogQuery(
  target: QueryTarget, query: string, options: { timespan?: string; waitSeconds?: number } = {},
): Promise<LogsQueryResults> {
  const workspace = target.workspace ?? ((await call(target, 'GET', '/api/admin/v1/workspace')) as { id: string }).id;
  const prefer = options.waitSeconds === undefined ? undefined : `wait=${options.waitSeconds}`;
  const body = { query, ...(options.timespan === undefined ? {} : { timespan: options.timespan }) };
  return (await call(target, 'POST', `/v1/workspaces/${encodeURIComponent(workspace)}/query`, body, prefer)) as LogsQueryResults;
}
