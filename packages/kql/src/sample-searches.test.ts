import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileKql } from './compile-kql.js';
import type { CompiledQuery } from './compiled-query.js';
import type { FixtureDatabase, WireCell } from './testing/fixture-database.js';
import { APP, DB, NOW, WEB, WORKSPACE, serviceMapFixture } from './testing/service-map-fixture.js';
import { tableCatalogue } from './table-catalogue.js';

let db: FixtureDatabase;
beforeAll(async () => {
  db = await serviceMapFixture();
});
afterAll(() => {
  db.close();
});

function compile(text: string): CompiledQuery {
  const result = compileKql(text, { dialect: 'duckdb', workspaceId: WORKSPACE, now: NOW });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.query;
}

async function run(text: string): Promise<{ names: string[]; rows: Record<string, WireCell>[]; query: CompiledQuery }> {
  const query = compile(text);
  const cells = await db.run(query);
  const names = query.columns.map((c) => c.name);
  return { names, query, rows: cells.map((row) => Object.fromEntries(names.map((n, i) => [n, row[i] ?? null]))) };
}

const sorted = (values: (WireCell | undefined)[]): (WireCell | undefined)[] => [...values].sort();
const columnsOf = (table: string): string[] => tableCatalogue.get(table)?.columns.map((c) => c.name) ?? [];

// The ten "Sample log searches" of the Service Map documentation, verbatim.
describe('Service Map sample log searches', () => {
  it('lists all known machines, newest record each, ResourceId first', async () => {
    const { names, rows } = await run('ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId');
    const rest = columnsOf('ServiceMapComputer_CL').filter((c) => c !== 'ResourceId' && c !== 'TimeGenerated');
    expect(names).toEqual(['ResourceId', 'TimeGenerated', ...rest]);
    expect(sorted(rows.map((r) => r.ResourceName_s))).toEqual(sorted([WEB, DB, APP]));
    expect(rows.find((r) => r.ResourceName_s === WEB)?.PhysicalMemory_d).toBe(8192);
    expect(rows.find((r) => r.ResourceName_s === WEB)?.TimeGenerated).toBe('2024-05-01T11:00:00Z');
  });

  it('lists physical memory of all computers', async () => {
    const { names, rows, query } = await run('ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId | project PhysicalMemory_d, ComputerName_s');
    expect(names).toEqual(['PhysicalMemory_d', 'ComputerName_s']);
    expect(query.columns.map((c) => c.type)).toEqual(['real', 'string']);
    expect(rows.map((r) => `${r.ComputerName_s}:${r.PhysicalMemory_d}`).sort()).toEqual(['app-01:2048', 'db-01:16384', 'web-01:8192']);
  });

  it('lists computer name, DNS, IP and OS', async () => {
    const { names, rows } = await run('ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId | project ComputerName_s, OperatingSystemFullName_s, DnsNames_s, Ipv4Addresses_s');
    expect(names).toEqual(['ComputerName_s', 'OperatingSystemFullName_s', 'DnsNames_s', 'Ipv4Addresses_s']);
    expect(rows.find((r) => r.ComputerName_s === 'db-01')).toEqual({ ComputerName_s: 'db-01', OperatingSystemFullName_s: 'Ubuntu 22.04 LTS', DnsNames_s: '["db-01.corp"]', Ipv4Addresses_s: '["10.0.0.5"]' });
  });

  it('finds processes with "sql" in the command line, case-sensitively', async () => {
    const { names, rows } = await run('ServiceMapProcess_CL | where CommandLine_s contains_cs "sql" | summarize arg_max(TimeGenerated, *) by ResourceId');
    expect(names.slice(0, 2)).toEqual(['ResourceId', 'TimeGenerated']);
    expect(rows.map((r) => r.ResourceName_s)).toEqual(['p-01']);
    expect(rows[0]?.CommandLine_s).toBe('/opt/mssql/bin/sqlservr');
  });

  it('finds a machine by resource name with search, $table after the by column', async () => {
    const { names, rows } = await run(`search in (ServiceMapComputer_CL) "${WEB}" | summarize arg_max(TimeGenerated, *) by ResourceId`);
    expect(names.slice(0, 3)).toEqual(['ResourceId', 'TimeGenerated', '$table']);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.$table).toBe('ServiceMapComputer_CL');
    expect(rows[0]?.PhysicalMemory_d).toBe(8192);
  });

  it('finds a machine by IP address, not the other workspace\'s', async () => {
    const { rows } = await run('search in (ServiceMapComputer_CL) "10.229.243.232" | summarize arg_max(TimeGenerated, *) by ResourceId');
    expect(rows.map((r) => r.ComputerName_s)).toEqual(['web-01']);
  });

  it('lists all known processes on a machine', async () => {
    const { rows } = await run(`ServiceMapProcess_CL | where MachineResourceName_s == "${DB}" | summarize arg_max(TimeGenerated, *) by ResourceId`);
    expect(sorted(rows.map((r) => r.ExecutableName_s))).toEqual(['curl', 'sqlservr']);
  });

  it.each(['"*sql*"', '"\\*sql\\*"'])('lists all computers running SQL (term %s)', async (term) => {
    const { names, rows } = await run(`ServiceMapComputer_CL | where ResourceName_s in ((search in (ServiceMapProcess_CL) ${term} | distinct MachineResourceName_s)) | distinct ComputerName_s`);
    expect(names).toEqual(['ComputerName_s']);
    // db-01 runs sqlservr; app-01's java has --db=MySQL on its command line.
    expect(sorted(rows.map((r) => r.ComputerName_s))).toEqual(['app-01', 'db-01']);
  });

  it('lists unique product versions of curl', async () => {
    const { names, rows } = await run('ServiceMapProcess_CL | where ExecutableName_s == "curl" | distinct ProductVersion_s');
    expect(names).toEqual(['ProductVersion_s']);
    expect(sorted(rows.map((r) => r.ProductVersion_s))).toEqual(['7.76.1', '7.81.0']);
  });

  it('groups all computers running CentOS', async () => {
    const { rows } = await run('ServiceMapComputer_CL | where OperatingSystemFullName_s contains_cs "CentOS" | distinct ComputerName_s');
    expect(sorted(rows.map((r) => r.ComputerName_s))).toEqual(['app-01', 'web-01']);
  });
});
