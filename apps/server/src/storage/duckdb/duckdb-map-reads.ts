import type { DuckDBConnection } from '@duckdb/node-api';
import type { StoredConnectionSummary, StoredListener, WindowQuery } from '../records.js';
import { iso, num, rows, text, toConnection, windowFilter } from './duckdb-reads.js';

// Two steps: per minute first (several rows of one half in one minute add up, as the reference
// fold's linksLive does), then over the minutes. Sums are cast back to BIGINT: HUGEINT would reach
// JS as bigint.
const CONNECTION_SUMMARY = (where: string): string => `
WITH minutes AS (
  SELECT Machine, Process, Direction, SourceIp, DestinationIp, DestinationPort, TimeGenerated,
    arg_max(AgentId, _TimeReceived) AS AgentId, arg_max(Computer, _TimeReceived) AS Computer,
    min(ProcessName) AS ProcessName,
    sum(LinksEstablished) AS LinksEstablished, sum(LinksTerminated) AS LinksTerminated,
    sum(LinksFailed) AS LinksFailed, sum(LinksLive) AS LinksLive,
    sum(FailedRefused) AS FailedRefused, sum(FailedTimedOut) AS FailedTimedOut,
    bool_or(IsSelfLink) AS IsSelfLink, sum(BytesSent) AS BytesSent, sum(BytesReceived) AS BytesReceived
  FROM VMConnection_Stored WHERE ${where}
  GROUP BY Machine, Process, Direction, SourceIp, DestinationIp, DestinationPort, TimeGenerated
)
SELECT Machine, Process, Direction, SourceIp, DestinationIp, DestinationPort,
  arg_max(AgentId, TimeGenerated) AS AgentId, arg_max(Computer, TimeGenerated) AS Computer,
  arg_min(ProcessName, TimeGenerated) AS ProcessName,
  min(TimeGenerated) AS TimeGenerated, max(TimeGenerated) AS LastTimeGenerated,
  CAST(sum(LinksEstablished) AS BIGINT) AS LinksEstablished, CAST(sum(LinksTerminated) AS BIGINT) AS LinksTerminated,
  CAST(sum(LinksFailed) AS BIGINT) AS LinksFailed, CAST(arg_max(LinksLive, TimeGenerated) AS BIGINT) AS LinksLive,
  CAST(sum(FailedRefused) AS BIGINT) AS FailedRefused, CAST(sum(FailedTimedOut) AS BIGINT) AS FailedTimedOut,
  bool_or(IsSelfLink) AS IsSelfLink,
  CAST(sum(BytesSent) AS BIGINT) AS BytesSent, CAST(sum(BytesReceived) AS BIGINT) AS BytesReceived
FROM minutes
GROUP BY Machine, Process, Direction, SourceIp, DestinationIp, DestinationPort
ORDER BY Machine, Process, Direction, SourceIp, DestinationIp, DestinationPort`;

/** The window's connection rows folded per half in SQL: a map of 100 machines reads hundreds of rows, not tens of thousands. */
export async function readConnectionSummaries(c: DuckDBConnection, q: WindowQuery): Promise<StoredConnectionSummary[]> {
  const f = windowFilter(q);
  const found = await rows(c, CONNECTION_SUMMARY(f.toString()), f.params);
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
