import { DuckDBTimestampValue, type DuckDBAppender } from '@duckdb/node-api';
import type { AgentReport } from '@servicemap/protocol';

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
  private readonly cache = new Map<string, DuckDBTimestampValue>();

  get(iso: string): DuckDBTimestampValue {
    let value = this.cache.get(iso);
    if (value === undefined) {
      if (this.cache.size > 1024) this.cache.clear();
      value = new DuckDBTimestampValue(BigInt(Date.parse(iso)) * 1000n);
      this.cache.set(iso, value);
    }
    return value;
  }
}

const stamp = (date: Date): DuckDBTimestampValue => new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n);

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
    const ms = Date.parse(iso);
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

  const c = appenders.connections;
  for (const r of report.connections) {
    if (!keep(r.timeGenerated)) continue;
    origin(c, r.timeGenerated);
    c.appendVarchar(r.process);
    c.appendVarchar(r.processName);
    c.appendVarchar(r.direction);
    c.appendVarchar(r.sourceIp);
    c.appendVarchar(r.destinationIp);
    c.appendInteger(r.destinationPort);
    c.appendVarchar(r.protocol);
    c.appendBigInt(BigInt(r.linksEstablished));
    c.appendBigInt(BigInt(r.linksTerminated));
    c.appendBigInt(BigInt(r.linksFailed));
    c.appendBigInt(BigInt(r.linksLive));
    appendOptionalCount(c, r.failedRefused);
    appendOptionalCount(c, r.failedTimedOut);
    c.appendBoolean(r.selfLink);
    c.appendBigInt(BigInt(r.bytesSent));
    c.appendBigInt(BigInt(r.bytesReceived));
    c.endRow();
    counts.connections += 1;
  }

  const b = appenders.boundPorts;
  for (const r of report.boundPorts) {
    if (!keep(r.timeGenerated)) continue;
    origin(b, r.timeGenerated);
    b.appendVarchar(r.process);
    b.appendVarchar(r.processName);
    b.appendVarchar(r.ip);
    b.appendInteger(r.port);
    b.appendVarchar(r.protocol);
    b.appendBoolean(r.isWildcardBind);
    b.appendBigInt(BigInt(r.linksEstablished));
    b.appendBigInt(BigInt(r.linksTerminated));
    b.appendBigInt(BigInt(r.linksLive));
    b.appendBigInt(BigInt(r.bytesSent));
    b.appendBigInt(BigInt(r.bytesReceived));
    b.endRow();
    counts.boundPorts += 1;
  }

  const p = appenders.processes;
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
    p.appendBigInt(BigInt(r.netns));
    p.endRow();
    counts.processes += 1;
  }

  const m = report.computer;
  if (m !== undefined && keep(m.timeGenerated)) {
    const a = appenders.computers;
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
    a.appendBigInt(BigInt(m.physicalMemoryMB));
    a.appendInteger(m.cpus);
    a.appendInteger(m.cpuSpeedMHz);
    a.appendVarchar(m.virtualMachineType);
    a.appendVarchar(m.virtualMachineNativeId);
    a.appendVarchar(m.virtualMachineNativeName);
    a.endRow();
    counts.computers += 1;
  }
  return counts;
}

function appendOptionalCount(a: DuckDBAppender, value: number | undefined): void {
  if (value === undefined) a.appendNull();
  else a.appendBigInt(BigInt(value));
}

function appendOptionalText(a: DuckDBAppender, value: string | undefined): void {
  if (value === undefined) a.appendNull();
  else a.appendVarchar(value);
}
