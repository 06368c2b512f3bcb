/**
 * The ten sample log searches of the Service Map documentation, verbatim, each with the SQL a
 * person would write against the DuckDB views for the same answer (`$1` = the workspace), with
 * datetimes formatted as the wire wants them, like the compiled SQL does.
 */
export interface Sample {
  readonly name: string;
  readonly kql: string;
  readonly sql: string;
}

const iso = (column: string): string => `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%fZ') AS ${column}`;
const newest = 'QUALIFY row_number() OVER (PARTITION BY ResourceId ORDER BY TimeGenerated DESC) = 1';
const computers = `SELECT ResourceId, ${iso('TimeGenerated')}, * EXCLUDE (ResourceId, TimeGenerated, WorkspaceId, BootTime_t), ${iso('BootTime_t')}
  FROM ServiceMapComputer_CL WHERE WorkspaceId = $1`;
const processes = `SELECT ResourceId, ${iso('TimeGenerated')}, * EXCLUDE (ResourceId, TimeGenerated, WorkspaceId, StartTime_t), ${iso('StartTime_t')}
  FROM ServiceMapProcess_CL WHERE WorkspaceId = $1`;

export const SAMPLES: readonly Sample[] = [
  {
    name: 'all known machines',
    kql: 'ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId',
    sql: `${computers} ${newest}`,
  },
  {
    name: 'physical memory',
    kql: 'ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId | project PhysicalMemory_d, ComputerName_s',
    sql: `SELECT PhysicalMemory_d, ComputerName_s FROM ServiceMapComputer_CL WHERE WorkspaceId = $1 ${newest}`,
  },
  {
    name: 'name, DNS, IP, OS',
    kql: 'ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId | project ComputerName_s, OperatingSystemFullName_s, DnsNames_s, Ipv4Addresses_s',
    sql: `SELECT ComputerName_s, OperatingSystemFullName_s, DnsNames_s, Ipv4Addresses_s FROM ServiceMapComputer_CL WHERE WorkspaceId = $1 ${newest}`,
  },
  {
    name: '"sql" in command line',
    kql: 'ServiceMapProcess_CL | where CommandLine_s contains_cs "sql" | summarize arg_max(TimeGenerated, *) by ResourceId',
    sql: `${processes} AND contains(CommandLine_s, 'sql') ${newest}`,
  },
  {
    name: 'machine by resource name',
    kql: 'search in (ServiceMapComputer_CL) "m-4b9c93f9-bc37-46df-b43c-899ba829e07b" | summarize arg_max(TimeGenerated, *) by ResourceId',
    sql: `${computers} AND ResourceName_s ILIKE '%m-4b9c93f9-bc37-46df-b43c-899ba829e07b%' ${newest}`,
  },
  {
    name: 'machine by IP',
    kql: 'search in (ServiceMapComputer_CL) "10.229.243.232" | summarize arg_max(TimeGenerated, *) by ResourceId',
    sql: `${computers} AND contains(Ipv4Addresses_s, '"10.229.243.232"') ${newest}`,
  },
  {
    name: 'processes of a machine',
    kql: 'ServiceMapProcess_CL | where MachineResourceName_s == "m-559dbcd8-3130-454d-8d1d-f624e57961bc" | summarize arg_max(TimeGenerated, *) by ResourceId',
    sql: `${processes} AND MachineResourceName_s = 'm-559dbcd8-3130-454d-8d1d-f624e57961bc' ${newest}`,
  },
  {
    name: 'computers running SQL',
    kql: 'ServiceMapComputer_CL | where ResourceName_s in ((search in (ServiceMapProcess_CL) "*sql*" | distinct MachineResourceName_s)) | distinct ComputerName_s',
    sql: `SELECT DISTINCT ComputerName_s FROM ServiceMapComputer_CL WHERE WorkspaceId = $1 AND ResourceName_s IN (
      SELECT MachineResourceName_s FROM ServiceMapProcess_CL WHERE WorkspaceId = $1
        AND (ExecutableName_s ILIKE '%sql%' OR CommandLine_s ILIKE '%sql%'))`,
  },
  {
    name: 'curl versions',
    kql: 'ServiceMapProcess_CL | where ExecutableName_s == "curl" | distinct ProductVersion_s',
    sql: "SELECT DISTINCT ProductVersion_s FROM ServiceMapProcess_CL WHERE WorkspaceId = $1 AND ExecutableName_s = 'curl'",
  },
  {
    name: 'CentOS computers',
    kql: 'ServiceMapComputer_CL | where OperatingSystemFullName_s contains_cs "CentOS" | distinct ComputerName_s',
    sql: "SELECT DISTINCT ComputerName_s FROM ServiceMapComputer_CL WHERE WorkspaceId = $1 AND contains(OperatingSystemFullName_s, 'CentOS')",
  },
];
