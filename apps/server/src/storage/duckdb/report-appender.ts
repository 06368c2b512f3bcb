import { DuckDBTimestampValue, type DuckDBAppender } from '@duckdb/node-api';
import type { AgentReport, MachineInventory } from '@servicemap/protocol';
import { canonicalIp } from '@servicemap/topology';
import { computerSearchText, processSearchText } from './search-text.js';

/** One appender per stored table, all on the writer connection inside its open transaction. */
export interface TableAppenders {
  readonly connections: DuckDBAppender;
  readonly boundPorts: DuckDBAppender;
  readonly computers: DuckDBAppender;
  readonly processes: DuckDBAppender;
}

/** What the rows of one report have in common. */
export interface ReportContext {
  readonly workspaceId: string;
  readonly computer: string;
  readonly receivedAt: Date;
  /** Records dated before this are dropped: they would be purged at once. */
  readonly notBefore: Date;
}

/** Rows appended from one report, per table, and how many were too old to keep. */
export interface AppendCounts {
  connections: number;
  boundPorts: number;
  processes: number;
  computers: number;
  expired: number;
  firstTimeMs: number | undefined;
  lastTimeMs: number | undefined;
}

/**
 * Converts ISO strings to DuckDB timestamps, remembering the last few: a batch's records share a
 * handful of one-minute windows, and parsing dominated the appender's cost without this.
 */
class TimestampCache {
  private readonly cache = new Map<string, { readonly ms: number; readonly value: DuckDBTimestampValue }>();

  private entry(iso: string): { readonly ms: number; readonly value: DuckDBTimestampValue } {
    let entry = this.cache.get(iso);
    if (entry === undefined) {
      if (this.cache.size > 1024) this.cache.clear();
      const ms = Date.parse(iso);
      entry = { ms, value: new DuckDBTimestampValue(BigInt(ms) * 1000n) };
      this.cache.set(iso, entry);
    }
    return entry;
  }

  get(iso: string): DuckDBTimestampValue {
    return this.entry(iso).value;
  }

  ms(iso: string): number {
    return this.entry(iso).ms;
  }
}

const stamp = (date: Date): DuckDBTimestampValue => new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n);

/*
 * BIGINT columns are appended as doubles: the appender casts them, which is exact for every
 * integer a JSON number can carry (below 2^53), and skips allocating a BigInt per value (about a
 * fifth of the appender's cost).
 */

/**
 * Appends every record of a report to the tables' appenders, in the column order of `schema.ts`.
 * Pure with respect to the database: it only calls the appenders; the caller owns the transaction.
 */
export function appendReport(appenders: TableAppenders, report: AgentReport, context: ReportContext): AppendCounts {
  const times = new TimestampCache();
  const received = stamp(context.receivedAt);
  const notBeforeMs = context.notBefore.getTime();
  const counts: AppendCounts = {
    connections: 0, boundPorts: 0, processes: 0, computers: 0, expired: 0,
    firstTimeMs: undefined, lastTimeMs: undefined,
  };
  const keep = (iso: string): boolean => {
    const ms = times.ms(iso);
    if (ms < notBeforeMs) {
      counts.expired += 1;
      return false;
    }
    if (counts.firstTimeMs === undefined || ms < counts.firstTimeMs) counts.firstTimeMs = ms;
    if (counts.lastTimeMs === undefined || ms > counts.lastTimeMs) counts.lastTimeMs = ms;
    return true;
  };
  const origin = (a: DuckDBAppender, iso: string): void => {
    a.appendVarchar(context.workspaceId);
    a.appendTimestamp(times.get(iso));
    a.appendTimestamp(received);
    a.appendVarchar(context.computer);
    a.appendVarchar(report.agentId);
    a.appendVarchar(report.machine);
  };

  // Each table's appender is only touched when the report has rows for it (they are created lazily).
  const canonical = canonicalWithin();
  if (report.connections.length > 0) appendConnections(appenders.connections, report, keep, origin, counts, canonical);
  if (report.boundPorts.length > 0) appendBoundPorts(appenders.boundPorts, report, keep, origin, counts, canonical);
  if (report.processes.length > 0) appendProcesses(appenders.processes, report, keep, origin, counts, times);
  const m = report.computer;
  if (m !== undefined && keep(m.timeGenerated)) {
    appendComputer(appenders.computers, m, report.machine, origin, times);
    counts.computers += 1;
  }
  return counts;
}

type Keep = (iso: string) => boolean;
type Canonical = (ip: string) => string;

/**
 * `canonicalIp` remembered for one report: a batch repeats a handful of addresses over thousands
 * of rows, and parsing IPv6 text per row is a visible share of ingest time.
 */
function canonicalWithin(): Canonical {
  const seen = new Map<string, string>();
  return (ip) => {
    let canonical = seen.get(ip);
    if (canonical === undefined) seen.set(ip, (canonical = canonicalIp(ip)));
    return canonical;
  };
}
type Origin = (a: DuckDBAppender, iso: string) => void;

function appendConnections(c: DuckDBAppender, report: AgentReport, keep: Keep, origin: Origin, counts: AppendCounts, canonical: Canonical): void {
  for (const r of report.connections) {
    if (!keep(r.timeGenerated)) continue;
    origin(c, r.timeGenerated);
    c.appendVarchar(r.process);
    c.appendVarchar(r.processName);
    c.appendVarchar(r.direction);
    // Stored canonical, so that reads comparing addresses in SQL (machinesReaching) match any
    // spelling an agent sends: `fd00:0213::0002`, v4-mapped `::ffff:10.0.0.1`.
    c.appendVarchar(canonical(r.sourceIp));
    c.appendVarchar(canonical(r.destinationIp));
    c.appendInteger(r.destinationPort);
    c.appendVarchar(r.protocol);
    c.appendDouble((r.linksEstablished));
    c.appendDouble((r.linksTerminated));
    c.appendDouble((r.linksFailed));
    c.appendDouble((r.linksLive));
    appendOptionalCount(c, r.failedRefused);
    appendOptionalCount(c, r.failedTimedOut);
    c.appendBoolean(r.selfLink);
    c.appendDouble((r.bytesSent));
    c.appendDouble((r.bytesReceived));
    c.endRow();
    counts.connections += 1;
  }
}

function appendBoundPorts(b: DuckDBAppender, report: AgentReport, keep: Keep, origin: Origin, counts: AppendCounts, canonical: Canonical): void {
  for (const r of report.boundPorts) {
    if (!keep(r.timeGenerated)) continue;
    origin(b, r.timeGenerated);
    b.appendVarchar(r.process);
    b.appendVarchar(r.processName);
    b.appendVarchar(canonical(r.ip));
    b.appendInteger(r.port);
    b.appendVarchar(r.protocol);
    b.appendBoolean(r.isWildcardBind);
    b.appendDouble((r.linksEstablished));
    b.appendDouble((r.linksTerminated));
    b.appendDouble((r.linksLive));
    b.appendDouble((r.bytesSent));
    b.appendDouble((r.bytesReceived));
    b.endRow();
    counts.boundPorts += 1;
  }
}

function appendProcesses(
  p: DuckDBAppender, report: AgentReport, keep: Keep, origin: Origin, counts: AppendCounts, times: TimestampCache,
): void {
  for (const r of report.processes) {
    if (!keep(r.timeGenerated)) continue;
    origin(p, r.timeGenerated);
    p.appendVarchar(r.process);
    p.appendVarchar(r.executableName);
    p.appendVarchar(r.displayName);
    appendOptionalText(p, r.roles[0]);
    p.appendVarchar(JSON.stringify(r.roles));
    p.appendVarchar(r.group);
    p.appendVarchar(r.description);
    p.appendVarchar(r.companyName);
    p.appendVarchar(r.productName);
    p.appendVarchar(r.productVersion);
    p.appendVarchar(r.executablePath);
    p.appendVarchar(r.commandLine);
    p.appendVarchar(r.workingDirectory);
    p.appendVarchar(r.userName);
    p.appendVarchar(r.groupName);
    p.appendTimestamp(times.get(r.startTime));
    p.appendInteger(r.firstPid);
    p.appendInteger(r.processCount);
    p.appendVarchar(r.containerId);
    p.appendDouble((r.netns));
    p.appendVarchar(processSearchText(r));
    p.endRow();
    counts.processes += 1;
  }
}

function appendComputer(a: DuckDBAppender, m: MachineInventory, machine: string, origin: Origin, times: TimestampCache): void {
    origin(a, m.timeGenerated);
    a.appendVarchar(m.hostName);
    a.appendVarchar(m.fullyQualifiedDomainName);
    a.appendTimestamp(times.get(m.bootTime));
    a.appendVarchar(m.timezone);
    a.appendVarchar(m.virtualizationState);
    a.appendVarchar(JSON.stringify(m.ipv4Interfaces.map((i) => i.ipAddress)));
    a.appendVarchar(JSON.stringify(m.ipv4Interfaces.map((i) => i.subnetMask)));
    a.appendVarchar(JSON.stringify(m.ipv4DefaultGateways));
    a.appendVarchar(JSON.stringify(m.ipv6Addresses));
    a.appendVarchar(JSON.stringify(m.ipv6DefaultGateways));
    a.appendVarchar(JSON.stringify(m.macAddresses));
    a.appendVarchar(JSON.stringify(m.dnsNames));
    a.appendVarchar(m.agentVersion);
    a.appendVarchar(m.operatingSystemFamily);
    a.appendVarchar(m.operatingSystemFullName);
    a.appendVarchar(m.operatingSystemVersion);
    a.appendVarchar(m.kernelVersion);
    a.appendVarchar(m.bitness);
    a.appendDouble((m.physicalMemoryMB));
    a.appendInteger(m.cpus);
    a.appendInteger(m.cpuSpeedMHz);
    a.appendVarchar(m.virtualMachineType);
    a.appendVarchar(m.virtualMachineNativeId);
    a.appendVarchar(m.virtualMachineNativeName);
    a.appendVarchar(computerSearchText(machine, m));
    a.endRow();
}

function appendOptionalCount(a: DuckDBAppender, value: number | undefined): void {
  if (value === undefined) a.appendNull();
  else a.appendDouble(value);
}

function appendOptionalText(a: DuckDBAppender, value: string | undefined): void {
  if (value === undefined) a.appendNull();
  else a.appendVarchar(value);
}
