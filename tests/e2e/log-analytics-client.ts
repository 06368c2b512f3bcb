/**
 * Azure's own LogsQueryClient pointed at the lab server (`…/v1`), trusting the lab's
 * certificate, with rows as objects keyed by column name: how a user's script reads our Log
 * Analytics API.
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { LogsQueryClient, LogsQueryResultStatus } from '@azure/monitor-query-logs';

/** A TokenCredential handing out our bearer token (the SDK asks for a scope; the server ignores it). */
const bearer = (token: string): TokenCredential => ({
  getToken: (): Promise<AccessToken> => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
});

/** One workspace's log search over a fixed time range. */
export class LabLogSearch {
  readonly #client: LogsQueryClient;

  constructor(
    url: string,
    token: string,
    ca: Buffer,
    private readonly workspaceId: string,
    private readonly range: { startTime: Date; endTime: Date },
  ) {
    this.#client = new LogsQueryClient(bearer(token), { endpoint: `${url}/v1`, tlsOptions: { ca }, retryOptions: { maxRetries: 0 } });
  }

  /** The first table's rows; throws with the server's error on a failed or partial answer. */
  async rows(query: string): Promise<Record<string, unknown>[]> {
    const result = await this.#client.queryWorkspace(this.workspaceId, query, this.range);
    if (result.status !== LogsQueryResultStatus.Success) throw new Error(`${query}: ${JSON.stringify(result)}`);
    const table = result.tables[0];
    if (table === undefined) throw new Error(`${query}: no table`);
    return table.rows.map((row) => Object.fromEntries(table.columnDescriptors.map((c, i) => [c.name, row[i]])));
  }
}
