import { DuckDBTimestampValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { ProcessRole, VirtualizationState } from '@servicemap/protocol';
import { canonicalIp } from '@servicemap/topology';
import type {
  AsOfQuery,
  MachineSeen,
  StoredBoundPort,
  StoredComputer,
  StoredConnection,
  StoredProcess,
  WindowQuery,
} from '../records.js';
import type { ReachQuery } from '../storage.js';

export type Row = Record<string, unknown>;

/** A JS Date as a DuckDB TIMESTAMP parameter (UTC, microseconds). */
export const timestampParam = (date: Date): DuckDBTimestampValue =>
  new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n);

export const iso = (value: unknown): string => (value instanceof Date ? value.toISOString() : String(value));
export const num = (value: unknown): number => Number(value);
export const text = (value: unknown): string => (typeof value === 'string' ? value : '');
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the column's JSON shape is known by the caller
const json = <T>(value: unknown): T => JSON.parse(typeof value === 'string' ? value : 'null') as T;

/** Builds `WHERE` clauses with positional parameters. */
export class Filter {
  readonly params: DuckDBValue[] = [];
  private readonly clauses: string[] = [];

  value(v: DuckDBValue): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }

  machines(machines: readonly string[] | undefined): this {
    if (machines === undefined) return this;
    if (machines.length === 0) this.clauses.push('FALSE');
    else this.clauses.push(`Machine IN (${machines.map((m) => this.value(m)).join(', ')})`);
    return this;
  }

  where(sql: string): this {
    this.clauses.push(sql);
    return this;
  }

  toString(): string {
    return this.clauses.join(' AND ');
  }
}

export function windowFilter(query: WindowQuery): Filter {
  const f = new Filter();
  f.where(`WorkspaceId = ${f.value(query.workspaceId)}`);
  f.where(`TimeGenerated >= ${f.value(timestampParam(query.from))}`);
  f.where(`TimeGenerated < ${f.value(timestampParam(query.to))}`);
  return f.machines(query.machines);
}

export function asOfFilter(query: AsOfQuery): Filter {
  const f = new Filter();
  f.where(`WorkspaceId = ${f.value(query.workspaceId)}`);
  f.where(`TimeGenerated <= ${f.value(timestampParam(query.asOf))}`);
  if (query.notBefore !== undefined) f.where(`TimeGenerated >= ${f.value(timestampParam(query.notBefore))}`);
  return f.machines(query.machines);
}

export async function rows(connection: DuckDBConnection, sql: string, params: DuckDBValue[]): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql, params);
  return reader.getRowObjectsJS();
}

const origin = (r: Row): { machine: string; agentId: string; computer: string } => ({
  machine: text(r.Machine),
  agentId: text(r.AgentId),
  computer: text(r.Computer),
});

export function toConnection(r: Row): StoredConnection {
  const row: StoredConnection = {
    ...origin(r),
    timeGenerated: iso(r.TimeGenerated),
    direction: r.Direction === 'inbound' ? 'inbound' : 'outbound',
    process: text(r.Process),
    processName: text(r.ProcessName),
    sourceIp: text(r.SourceIp),
    destinationIp: text(r.DestinationIp),
    destinationPort: num(r.DestinationPort),
    protocol: 'tcp',
    linksEstablished: num(r.LinksEstablished),
    linksTerminated: num(r.LinksTerminated),
    linksFailed: num(r.LinksFailed),
    linksLive: num(r.LinksLive),
    bytesSent: num(r.BytesSent),
    bytesReceived: num(r.BytesReceived),
    selfLink: r.IsSelfLink === true,
  };
  if (r.FailedRefused !== null) row.failedRefused = num(r.FailedRefused);
  if (r.FailedTimedOut !== null) row.failedTimedOut = num(r.FailedTimedOut);
  return row;
}

function toBoundPort(r: Row): StoredBoundPort {
  return {
    ...origin(r),
    timeGenerated: iso(r.TimeGenerated),
    process: text(r.Process),
    processName: text(r.ProcessName),
    ip: text(r.Ip),
    port: num(r.Port),
    protocol: 'tcp',
    isWildcardBind: r.IsWildcardBind === true,
    linksEstablished: num(r.LinksEstablished),
    linksTerminated: num(r.LinksTerminated),
    linksLive: num(r.LinksLive),
    bytesSent: num(r.BytesSent),
    bytesReceived: num(r.BytesReceived),
  };
}

export function toComputer(r: Row): StoredComputer {
  const addresses = json<string[]>(r.Ipv4Addresses);
  const masks = json<string[]>(r.Ipv4SubnetMasks);
  return {
    ...origin(r),
    timeGenerated: iso(r.TimeGenerated),
    hostName: text(r.HostName),
    fullyQualifiedDomainName: text(r.FullyQualifiedDomainName),
    dnsNames: json(r.DnsNames),
    ipv4Interfaces: addresses.map((ipAddress, i) => ({ ipAddress, subnetMask: masks[i] ?? '' })),
    ipv6Addresses: json(r.Ipv6Addresses),
    macAddresses: json(r.MacAddresses),
    ipv4DefaultGateways: json(r.Ipv4DefaultGateways),
    ipv6DefaultGateways: json(r.Ipv6DefaultGateways),
    operatingSystemFamily: r.OperatingSystemFamily === 'linux' || r.OperatingSystemFamily === 'windows'
      ? r.OperatingSystemFamily : 'unknown',
    operatingSystemFullName: text(r.OperatingSystemFullName),
    operatingSystemVersion: text(r.OperatingSystemVersion),
    kernelVersion: text(r.KernelVersion),
    bitness: r.Bitness === '32bit' ? '32bit' : '64bit',
    physicalMemoryMB: num(r.PhysicalMemoryMB),
    cpus: num(r.Cpus),
    cpuSpeedMHz: num(r.CpuSpeed),
    virtualizationState: text(r.VirtualizationState) as VirtualizationState,
    virtualMachineType: text(r.VirtualMachineType),
    virtualMachineNativeId: text(r.VirtualMachineNativeId),
    virtualMachineNativeName: text(r.VirtualMachineNativeName),
    bootTime: iso(r.BootTime),
    timezone: text(r.TimeZone),
    agentVersion: text(r.DependencyAgentVersion),
  };
}

export function toProcess(r: Row): StoredProcess {
  return {
    ...origin(r),
    timeGenerated: iso(r.TimeGenerated),
    process: text(r.Process),
    executableName: text(r.ExecutableName),
    executablePath: text(r.ExecutablePath),
    commandLine: text(r.CommandLine),
    workingDirectory: text(r.WorkingDirectory),
    userName: text(r.UserName),
    groupName: text(r.GroupName),
    startTime: iso(r.StartTime),
    firstPid: num(r.FirstPid),
    processCount: num(r.ProcessCount),
    displayName: text(r.DisplayName),
    description: text(r.Description),
    companyName: text(r.CompanyName),
    productName: text(r.ProductName),
    productVersion: text(r.ProductVersion),
    roles: json<ProcessRole[]>(r.Roles),
    group: text(r.Group),
    containerId: text(r.ContainerId),
    netns: num(r.Netns),
  };
}

const ORDER = 'ORDER BY TimeGenerated, Machine';

export async function readConnections(c: DuckDBConnection, q: WindowQuery): Promise<StoredConnection[]> {
  const f = windowFilter(q);
  return (await rows(c, `SELECT * FROM VMConnection_Stored WHERE ${f.toString()} ${ORDER}`, f.params)).map(toConnection);
}

export async function readBoundPorts(c: DuckDBConnection, q: WindowQuery): Promise<StoredBoundPort[]> {
  const f = windowFilter(q);
  return (await rows(c, `SELECT * FROM VMBoundPort_Stored WHERE ${f.toString()} ${ORDER}`, f.params)).map(toBoundPort);
}

export async function readComputers(c: DuckDBConnection, q: WindowQuery): Promise<StoredComputer[]> {
  const f = windowFilter(q);
  return (await rows(c, `SELECT * FROM VMComputer_Stored WHERE ${f.toString()} ${ORDER}`, f.params)).map(toComputer);
}

export async function readProcesses(c: DuckDBConnection, q: WindowQuery): Promise<StoredProcess[]> {
  const f = windowFilter(q);
  return (await rows(c, `SELECT * FROM VMProcess_Stored WHERE ${f.toString()} ${ORDER}, Process`, f.params)).map(toProcess);
}

export async function readMachinesSeen(c: DuckDBConnection, q: WindowQuery): Promise<MachineSeen[]> {
  const f = new Filter();
  f.where(`WorkspaceId = ${f.value(q.workspaceId)}`);
  f.where(`LastTime >= ${f.value(timestampParam(q.from))}`);
  f.where(`FirstTime < ${f.value(timestampParam(q.to))}`);
  f.machines(q.machines);
  const sql = `SELECT Machine, arg_max(AgentId, ReceivedTime) AS AgentId, arg_max(Computer, ReceivedTime) AS Computer,
      min(FirstTime) AS FirstSeen, max(LastTime) AS LastSeen
    FROM IngestBatches WHERE ${f.toString()} GROUP BY Machine ORDER BY Machine`;
  return (await rows(c, sql, f.params)).map((r) => ({
    ...origin(r),
    firstSeen: iso(r.FirstSeen),
    lastSeen: iso(r.LastSeen),
  }));
}

/**
 * The last name each machine of a workspace reported, for stamping rows of batches that carry no
 * inventory. One scan per workspace (at its first batch after a start), not one per machine.
 */
export async function readComputerNames(c: DuckDBConnection, workspaceId: string): Promise<Map<string, string>> {
  const sql = `SELECT Machine, arg_max(Computer, ReceivedTime) AS Computer FROM IngestBatches
    WHERE WorkspaceId = $1 AND Computer <> '' GROUP BY Machine`;
  const found = await rows(c, sql, [workspaceId]);
  return new Map(found.map((r) => [text(r.Machine), text(r.Computer)]));
}

/** Distinct machines with outbound rows in the window to one of the addresses. */
export async function readMachinesReaching(c: DuckDBConnection, q: ReachQuery): Promise<string[]> {
  if (q.destinationIps.length === 0) return [];
  const f = windowFilter(q);
  f.where("Direction = 'outbound'");
  f.where(`DestinationIp IN (${q.destinationIps.map((ip) => f.value(canonicalIp(ip))).join(', ')})`);
  const found = await rows(c, `SELECT DISTINCT Machine FROM VMConnection_Stored WHERE ${f.toString()} ORDER BY Machine`, f.params);
  return found.map((r) => text(r.Machine));
}
