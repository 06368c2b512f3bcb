import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { StoredConnectionSummary, StoredListener, WindowQuery } from '../records.js';
import { iso, num, rows, text, timestampParam, toConnection, windowFilter, type Row } from './duckdb-reads.js';

const KEY = ['Machine', 'Process', 'Direction', 'SourceIp', 'DestinationIp', 'DestinationPort'] as const;

// One aggregation over the window's rows. linksLive is the newest minute's, summed over that
// minute's rows: arg_max takes one row's, which is the sum unless one half has two rows in its
// newest minute (an agent that restarted within the minute). DupNewest flags those few, which
// are then summed by a query of their own. (Aggregating per minute first is exact in one query,
// but five times slower: one group per row.) Sums are cast back to BIGINT: HUGEINT would reach
// JS as bigint.
const CONNECTION_SUMMARY = (where: string): string => `
SELECT ${KEY.join(', ')},
  arg_max(AgentId, TimeGenerated) AS AgentId, arg_max(Computer, TimeGenerated) AS Computer,
  arg_min(ProcessName, TimeGenerated) AS ProcessName,
  min(TimeGenerated) AS TimeGenerated, max(TimeGenerated) AS LastTimeGenerated,
  CAST(sum(LinksEstablished) AS BIGINT) AS LinksEstablished, CAST(sum(LinksTerminated) AS BIGINT) AS LinksTerminated,
  CAST(sum(LinksFailed) AS BIGINT) AS LinksFailed, arg_max(LinksLive, TimeGenerated) AS LinksLive,
  coalesce(list_extract(arg_max(TimeGenerated, TimeGenerated, 2), 2) = max(TimeGenerated), false) AS DupNewest,
  CAST(sum(FailedRefused) AS BIGINT) AS FailedRefused, CAST(sum(FailedTimedOut) AS BIGINT) AS FailedTimedOut,
  bool_or(IsSelfLink) AS IsSelfLink,
  CAST(sum(BytesSent) AS BIGINT) AS BytesSent, CAST(sum(BytesReceived) AS BIGINT) AS BytesReceived
FROM VMConnection_Stored WHERE ${where}
GROUP BY ${KEY.join(', ')}
ORDER BY ${KEY.join(', ')}`;

/** linksLive of a half whose newest minute has several rows: their sum. */
async function newestMinuteLive(c: DuckDBConnection, workspaceId: string, r: Row): Promise<number> {
  const sql = `SELECT CAST(sum(LinksLive) AS BIGINT) AS LinksLive FROM VMConnection_Stored
    WHERE WorkspaceId = $1 AND TimeGenerated = $2 AND ${KEY.map((k, i) => `${k} = $${i + 3}`).join(' AND ')}`;
  const at = r.LastTimeGenerated instanceof Date ? r.LastTimeGenerated : new Date(String(r.LastTimeGenerated));
  const found = await rows(c, sql, [workspaceId, timestampParam(at), ...KEY.map((k) => r[k] as DuckDBValue)]);
  return num(found[0]?.LinksLive);
}

/** The window's connection rows folded per half in SQL: a map of 100 machines reads hundreds of rows, not tens of thousands. */
export async function readConnectionSummaries(c: DuckDBConnection, q: WindowQuery): Promise<StoredConnectionSummary[]> {
  const f = windowFilter(q);
  const found = await rows(c, CONNECTION_SUMMARY(f.toString()), f.params);
  for (const r of found) if (r.DupNewest === true) r.LinksLive = await newestMinuteLive(c, q.workspaceId, r);
  return found.map((r) => ({ ...toConnection(r), lastTimeGenerated: iso(r.LastTimeGenerated) }));
}

export async function readListeners(c: DuckDBConnection, q: WindowQuery): Promise<StoredListener[]> {
  const f = windowFilter(q);
  const sql = `SELECT Machine, Process, Ip, Port, arg_min(ProcessName, TimeGenerated) AS ProcessName,
      min(TimeGenerated) AS TimeGenerated, max(TimeGenerated) AS LastTimeGenerated
    FROM VMBoundPort_Stored WHERE ${f.toString()}
    GROUP BY Machine, Process, Ip, Port ORDER BY Machine, Process, Ip, Port`;
  return (await rows(c, sql, f.params)).map((r) => ({
    machine: text(r.Machine), process: text(r.Process), processName: text(r.ProcessName), ip: text(r.Ip),
    port: num(r.Port), timeGenerated: iso(r.TimeGenerated), lastTimeGenerated: iso(r.LastTimeGenerated),
  }));
}
