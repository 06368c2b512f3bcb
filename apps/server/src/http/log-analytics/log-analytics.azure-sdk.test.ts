import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { LogsQueryClient, LogsQueryResultStatus, type LogsQueryResult, type LogsTable } from '@azure/monitor-query-logs';
import { FOREIGN_MACHINE, openQueryWorld, QUERY_WORLD, QUERY_WORLD_NOW, type QueryWorld, type WorldMachine } from './log-analytics-test-world.js';

// Azure's own LogsQueryClient against our listening server: the documentation's sample searches
// (shared/seed/service-map.md "Sample log searches"), verbatim, each checked against the world.

/** A TokenCredential that hands out our bearer token (the SDK asks for a scope; we ignore it). */
const bearer = (token: string): TokenCredential => ({
  getToken: (): Promise<AccessToken> => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
});

const ROW_LIMIT = 10;
let w: QueryWorld;
let client: LogsQueryClient;
let foreign: LogsQueryClient;
const DAY = { duration: 'P1D' };

beforeAll(async () => {
  w = await openQueryWorld({ logAnalytics: { limits: { maxRows: ROW_LIMIT } } });
  const options = { endpoint: `${w.url}/v1`, tlsOptions: { ca: w.ca }, retryOptions: { maxRetries: 0 } };
  client = new LogsQueryClient(bearer(w.readerToken), options);
  foreign = new LogsQueryClient(bearer(w.otherToken), options);
});
afterAll(async () => {
  await w.close();
});

function tableOf(result: LogsQueryResult): LogsTable {
  expect(result.status).toBe(LogsQueryResultStatus.Success);
  const table = result.status === LogsQueryResultStatus.Success ? result.tables[0] : undefined;
  if (table === undefined) throw new Error('no table');
  return table;
}

/** Rows as objects keyed by column name. */
function records(table: LogsTable): Record<string, unknown>[] {
  return table.rows.map((row) => Object.fromEntries(table.columnDescriptors.map((c, i) => [c.name, row[i]])));
}

const run = async (query: string, timespan: Parameters<LogsQueryClient['queryWorkspace']>[2] = DAY) =>
  records(tableOf(await client.queryWorkspace(w.workspaceId, query, timespan)));
const machineName = (m: WorldMachine): string => `m-${m.agentId}`;
const sorted = <T>(values: T[]): T[] => [...values].sort();
const hasSql = (m: WorldMachine): boolean => m.processes.some((p) => `${p.exe} ${p.commandLine} ${p.productVersion}`.toLowerCase().includes('sql'));

describe('the documentation\'s sample log searches through LogsQueryClient', () => {
  it('List all known machines', async () => {
    const rows = await run('ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId');
    expect(sorted(rows.map((r) => r.ResourceName_s))).toEqual(sorted(QUERY_WORLD.map(machineName)));
    for (const r of rows) expect(r.TimeGenerated).toEqual(new Date('2025-01-01T01:00:00.000Z'));
  });

  it('List the physical memory capacity of all managed computers', async () => {
    const rows = await run('ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId | project PhysicalMemory_d, ComputerName_s');
    expect(rows.map((r) => Object.keys(r))).toEqual(QUERY_WORLD.map(() => ['PhysicalMemory_d', 'ComputerName_s']));
    expect(sorted(rows.map((r) => `${String(r.ComputerName_s)}=${String(r.PhysicalMemory_d)}`)))
      .toEqual(sorted(QUERY_WORLD.map((m) => `${m.host}=${m.memoryMB}`)));
  });

  it('List computer name, DNS, IP, and OS', async () => {
    const rows = await run('ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId | project ComputerName_s, OperatingSystemFullName_s, DnsNames_s, Ipv4Addresses_s');
    expect(rows).toHaveLength(QUERY_WORLD.length);
    for (const m of QUERY_WORLD) {
      const row = rows.find((r) => r.ComputerName_s === m.host);
      expect(row?.OperatingSystemFullName_s).toBe(m.os);
      expect(String(row?.DnsNames_s)).toContain(`${m.host}.example.internal`);
      expect(String(row?.Ipv4Addresses_s)).toContain(m.ip);
    }
  });

  it('Find all processes with "sql" in the command line', async () => {
    const rows = await run('ServiceMapProcess_CL | where CommandLine_s contains_cs "sql" | summarize arg_max(TimeGenerated, *) by ResourceId');
    const expected = QUERY_WORLD.flatMap((m) => m.processes.filter((p) => p.commandLine.includes('sql')).map((p) => p.commandLine));
    expect(expected.length).toBeGreaterThan(0);
    expect(sorted(rows.map((r) => r.CommandLine_s))).toEqual(sorted(expected));
  });

  it('Find a machine (most recent record) by resource name', async () => {
    const rows = await run('search in (ServiceMapComputer_CL) "m-4b9c93f9-bc37-46df-b43c-899ba829e07b" | summarize arg_max(TimeGenerated, *) by ResourceId');
    const db = QUERY_WORLD.find((m) => machineName(m) === 'm-4b9c93f9-bc37-46df-b43c-899ba829e07b');
    expect(rows.map((r) => [r.ComputerName_s, r.PhysicalMemory_d])).toEqual([[db?.host, db?.memoryMB]]);
  });

  it('Find a machine (most recent record) by IP address', async () => {
    const rows = await run('search in (ServiceMapComputer_CL) "10.229.243.232" | summarize arg_max(TimeGenerated, *) by ResourceId');
    expect(rows.map((r) => r.ComputerName_s)).toEqual(QUERY_WORLD.filter((m) => m.ip === '10.229.243.232').map((m) => m.host));
  });

  it('List all known processes on a specified machine', async () => {
    const rows = await run('ServiceMapProcess_CL | where MachineResourceName_s == "m-559dbcd8-3130-454d-8d1d-f624e57961bc" | summarize arg_max(TimeGenerated, *) by ResourceId');
    const web = QUERY_WORLD.find((m) => m.agentId === '559dbcd8-3130-454d-8d1d-f624e57961bc');
    expect(sorted(rows.map((r) => r.ExecutableName_s))).toEqual(sorted((web?.processes ?? []).map((p) => p.exe)));
  });

  it('List all computers running SQL', async () => {
    const rows = await run('ServiceMapComputer_CL | where ResourceName_s in ((search in (ServiceMapProcess_CL) "*sql*" | distinct MachineResourceName_s)) | distinct ComputerName_s');
    expect(sorted(rows.map((r) => r.ComputerName_s))).toEqual(sorted(QUERY_WORLD.filter(hasSql).map((m) => m.host)));
    expect(hasSql(FOREIGN_MACHINE)).toBe(true);
  });

  it('List all unique product versions of curl in my datacenter', async () => {
    const rows = await run('ServiceMapProcess_CL | where ExecutableName_s == "curl" | distinct ProductVersion_s');
    const versions = new Set(QUERY_WORLD.flatMap((m) => m.processes.filter((p) => p.exe === 'curl').map((p) => p.productVersion)));
    expect(sorted(rows.map((r) => r.ProductVersion_s))).toEqual(sorted([...versions]));
  });

  it('Create a computer group of all computers running CentOS', async () => {
    const rows = await run('ServiceMapComputer_CL | where OperatingSystemFullName_s contains_cs "CentOS" | distinct ComputerName_s');
    expect(sorted(rows.map((r) => r.ComputerName_s))).toEqual(sorted(QUERY_WORLD.filter((m) => m.os.includes('CentOS')).map((m) => m.host)));
  });
});

describe('LogsQueryClient options and failures', () => {
  it('gets Kusto column types, datetimes the SDK turns into Dates and dynamic JSON it parses', async () => {
    const table = tableOf(await client.queryWorkspace(w.workspaceId,
      'VMComputer | summarize arg_max(TimeGenerated, *) by Machine | project Machine, TimeGenerated, Ipv4Addresses, PhysicalMemoryMB, Cpus', DAY));
    expect(table.columnDescriptors).toEqual([
      { name: 'Machine', type: 'string' }, { name: 'TimeGenerated', type: 'datetime' }, { name: 'Ipv4Addresses', type: 'dynamic' },
      { name: 'PhysicalMemoryMB', type: 'long' }, { name: 'Cpus', type: 'int' },
    ]);
    for (const m of QUERY_WORLD) {
      const row = records(table).find((r) => r.Machine === machineName(m));
      expect(row?.TimeGenerated).toEqual(new Date('2025-01-01T01:00:00.000Z'));
      expect(row?.Ipv4Addresses).toEqual([m.ip]);
      expect(row?.PhysicalMemoryMB).toBe(m.memoryMB);
    }
  });


  it('applies every timespan form the client sends', async () => {
    const query = 'ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId | project ComputerName_s, PhysicalMemory_d';
    expect(await run(query, { duration: 'PT30M' })).toEqual([]);
    const early = { startTime: new Date('2025-01-01T00:00:00Z'), endTime: new Date('2025-01-01T00:30:00Z') };
    expect(sorted((await run(query, early)).map((r) => `${String(r.ComputerName_s)}=${String(r.PhysicalMemory_d)}`)))
      .toEqual(sorted(QUERY_WORLD.map((m) => `${m.host}=${m.oldMemoryMB}`)));
    expect(await run(query, { startTime: new Date('2025-01-01T00:30:00Z'), duration: 'PT1H' })).toHaveLength(QUERY_WORLD.length);
    expect(await run(query, { duration: 'PT90M', endTime: QUERY_WORLD_NOW })).toHaveLength(QUERY_WORLD.length);
  });

  it('returns statistics when asked, and a partial result past the row limit', async () => {
    const withStats = await client.queryWorkspace(w.workspaceId, 'ServiceMapComputer_CL | take 1', DAY, { includeQueryStatistics: true, serverTimeoutInSeconds: 30 });
    expect(withStats.statistics).toMatchObject({ query: { executionTime: expect.any(Number) as number } });
    const all = await client.queryWorkspace(w.workspaceId, 'ServiceMapProcess_CL', DAY);
    expect(all.status).toBe(LogsQueryResultStatus.PartialFailure);
    if (all.status !== LogsQueryResultStatus.PartialFailure) return;
    expect(all.partialTables[0]?.rows).toHaveLength(ROW_LIMIT);
    expect(all.partialError.code).toBe('PartialError');
  });

  it('runs a batch and answers each query in order', async () => {
    const results = await client.queryBatch([
      { workspaceId: w.workspaceId, query: 'ServiceMapComputer_CL | distinct ComputerName_s', timespan: DAY },
      { workspaceId: w.workspaceId, query: 'ServiceMapComputer_CL | where', timespan: DAY },
      { workspaceId: w.workspaceId, query: 'ServiceMapProcess_CL | where ExecutableName_s == "curl" | distinct ProductVersion_s', timespan: DAY },
    ]);
    expect(results).toHaveLength(3);
    const [first, second, third] = results;
    expect(first && 'tables' in first ? first.tables[0]?.rows.length : -1).toBe(QUERY_WORLD.length);
    // SDK 1.0.0 reports a failed batch entry as a partial failure with no rows and the entry's error.
    expect(second?.status).toBe(LogsQueryResultStatus.PartialFailure);
    expect(second && 'partialError' in second ? [second.partialError.code, second.partialTables] : []).toEqual(['BadArgumentError', []]);
    expect(third && 'tables' in third ? third.tables[0]?.columnDescriptors.map((c) => c.name) : []).toEqual(['ProductVersion_s']);
  });

  it('surfaces a syntax error with its position, and refuses another workspace', async () => {
    const error = await client.queryWorkspace(w.workspaceId, 'ServiceMapComputer_CL | summarize arg_max(', DAY).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 400, code: 'BadArgumentError', message: expect.stringMatching(/at line 1, column \d+/) as string });
    const inner = (error as { details?: { error?: { innererror?: { code?: string; additionalProperties?: { line?: number } } } } }).details?.error?.innererror;
    expect(inner?.code).toBe('SyntaxError');
    expect(inner?.additionalProperties?.line).toBe(1);
    const forbidden = await foreign.queryWorkspace(w.workspaceId, 'ServiceMapComputer_CL', DAY).catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ statusCode: 403 });
    const own = tableOf(await foreign.queryWorkspace(w.otherWorkspaceId, 'ServiceMapComputer_CL | distinct ComputerName_s', DAY));
    expect(own.rows).toEqual([[FOREIGN_MACHINE.host]]);
  });
});
