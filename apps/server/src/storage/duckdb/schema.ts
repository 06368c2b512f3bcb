/**
 * DuckDB schema. `VMConnection`, `VMBoundPort`, `VMComputer` and `VMProcess` read exactly as Azure
 * Monitor's tables (names, columns, types: datetime → TIMESTAMP in UTC, long → BIGINT, int →
 * INTEGER, real → DOUBLE, dynamic → JSON) plus a leading `WorkspaceId`, `_TimeReceived` (the
 * server's receive time) and the columns our agent adds.
 *
 * Each is a view over a `<name>_Stored` table holding only the columns the agent fills; the view
 * adds what is derived or always empty (RemoteIp, ConnectionId, threat intelligence, Azure
 * hosting, constants such as `Type`). Rejected alternative: VIRTUAL generated columns on the table
 * itself. They read the same, but DuckDB's appender flush got four times slower with them (242 vs
 * 62 ms per 100k rows), and the flush runs on the JS thread. The appender sees the stored columns
 * in declaration order: that order is the contract with `report-appender.ts`.
 */

import { SEARCH_TEXT_COLUMN } from '@servicemap/kql';
import { SEARCH_TEXT_COLUMNS } from './search-text.js';

const NULL_TEXT = 'CAST(NULL AS VARCHAR)';
const NULL_LONG = 'CAST(NULL AS BIGINT)';
const NULL_REAL = 'CAST(NULL AS DOUBLE)';
const constant = (text: string): string => `CAST('${text}' AS VARCHAR)`;

/** `[column, SQL expression]` pairs the view adds to the stored columns. */
type Derived = readonly (readonly [string, string])[];

/** The stored table and the Azure-shaped view over it. */
function tableAndView(name: string, stored: readonly string[], derived: Derived): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${name}_Stored (\n  ${stored.join(',\n  ')}\n)`,
    `CREATE OR REPLACE VIEW ${name} AS SELECT *, ${derived.map(([column, sql]) => `${sql} AS ${column}`).join(', ')}
      FROM ${name}_Stored`,
  ];
}

/** Column definitions shared by every VM* table, in stored order. */
const ORIGIN = [
  'WorkspaceId VARCHAR NOT NULL', 'TimeGenerated TIMESTAMP NOT NULL', '_TimeReceived TIMESTAMP NOT NULL',
  'Computer VARCHAR', 'AgentId VARCHAR', 'Machine VARCHAR NOT NULL',
];
const nulls = (sql: string, ...columns: string[]): Derived => columns.map((c) => [c, sql] as const);

const VM_CONNECTION = tableAndView('VMConnection', [
  ...ORIGIN, 'Process VARCHAR', 'ProcessName VARCHAR', 'Direction VARCHAR', 'SourceIp VARCHAR',
  'DestinationIp VARCHAR', 'DestinationPort INTEGER', 'Protocol VARCHAR', 'LinksEstablished BIGINT',
  'LinksTerminated BIGINT', 'LinksFailed BIGINT', 'LinksLive BIGINT', 'FailedRefused BIGINT', 'FailedTimedOut BIGINT',
  'IsSelfLink BOOLEAN', 'BytesSent BIGINT', 'BytesReceived BIGINT',
], [
  ['ConnectionId', `Machine || '|' || Process || '|' || Direction || '|' || SourceIp || '|' || DestinationIp || '|' ||
    CAST(DestinationPort AS VARCHAR) || '|' || Protocol`],
  ['RemoteIp', `CASE WHEN Direction = 'inbound' THEN SourceIp ELSE DestinationIp END`],
  ...nulls(NULL_LONG, 'Responses', 'ResponseTimeMax', 'ResponseTimeMin', 'ResponseTimeSum'),
  ...nulls(NULL_TEXT, 'RemoteDnsCanonicalNames', 'RemoteDnsQuestions', 'RemoteClassification', 'RemoteCountry'),
  ...nulls(NULL_REAL, 'RemoteLatitude', 'RemoteLongitude'),
  ...nulls(NULL_TEXT, 'MaliciousIp', 'IndicatorThreatType', 'Description', 'TLPLevel', 'Confidence'),
  ['Severity', 'CAST(NULL AS INTEGER)'],
  ...nulls(NULL_TEXT, 'FirstReportedDateTime', 'LastReportedDateTime', 'IsActive'),
  ['SourceSystem', constant('Insights')],
  ['Type', constant('VMConnection')],
  ['_ResourceId', `'/machines/' || Machine`],
  ['_SubscriptionId', NULL_TEXT],
  ['_BilledSize', NULL_REAL],
  ['_IsBillable', NULL_TEXT],
]);

const VM_BOUND_PORT = tableAndView('VMBoundPort', [
  ...ORIGIN, 'Process VARCHAR', 'ProcessName VARCHAR', 'Ip VARCHAR', 'Port INTEGER', 'Protocol VARCHAR',
  'IsWildcardBind BOOLEAN', 'LinksEstablished BIGINT', 'LinksTerminated BIGINT', 'LinksLive BIGINT',
  'BytesSent BIGINT', 'BytesReceived BIGINT',
], [
  ['PortId', `Machine || '|' || Process || '|' || Ip || '|' || CAST(Port AS VARCHAR) || '|' || Protocol`],
  ...nulls(NULL_LONG, 'Responses', 'ResponseTimeMax', 'ResponseTimeMin', 'ResponseTimeSum'),
  ['SourceSystem', constant('Insights')],
  ['Type', constant('VMBoundPort')],
  ['_ResourceId', `'/machines/' || Machine`],
  ['_SubscriptionId', NULL_TEXT],
]);

const AZURE_HOSTING_COLUMNS = [
  'VirtualMachineHypervisorId', 'HypervisorType', 'HypervisorId', 'HostingProvider', 'AzureSubscriptionId',
  'AzureResourceGroup', 'AzureResourceName', 'AzureLocation', 'AzureUpdateDomain', 'AzureFaultDomain',
  'AzureVmId', 'AzureSize', 'AzureImagePublisher', 'AzureImageOffering', 'AzureImageSku', 'AzureImageVersion',
  'AzureCloudServiceName', 'AzureCloudServiceDeployment', 'AzureCloudServiceRoleName',
  'AzureCloudServiceRoleType', 'AzureCloudServiceInstanceId', 'AzureVmScaleSetName', 'AzureVmScaleSetDeployment',
  'AzureVmScaleSetResourceId', 'AzureVmScaleSetInstanceId', 'AzureServiceFabricClusterId',
  'AzureServiceFabricClusterName',
];

/**
 * Last stored column of the inventory tables, not in the `_Latest` copies: the per-row search text
 * (search-text.ts). The VM* views pass it through (`*`) and the ServiceMap*_CL views name it; KQL
 * reads it only for `search`, since the catalogue's visible columns never list it.
 */
const SEARCH_TEXT = `${SEARCH_TEXT_COLUMN} VARCHAR`;

export const COMPUTER_COLUMNS = [
  ...ORIGIN, 'HostName VARCHAR', 'FullyQualifiedDomainName VARCHAR', 'BootTime TIMESTAMP', 'TimeZone VARCHAR',
  'VirtualizationState VARCHAR', 'Ipv4Addresses JSON', 'Ipv4SubnetMasks JSON', 'Ipv4DefaultGateways JSON',
  'Ipv6Addresses JSON', 'Ipv6DefaultGateways JSON', 'MacAddresses JSON', 'DnsNames JSON',
  'DependencyAgentVersion VARCHAR', 'OperatingSystemFamily VARCHAR', 'OperatingSystemFullName VARCHAR',
  'OperatingSystemVersion VARCHAR', 'KernelVersion VARCHAR', 'Bitness VARCHAR', 'PhysicalMemoryMB BIGINT',
  'Cpus INTEGER', 'CpuSpeed INTEGER', 'VirtualMachineType VARCHAR', 'VirtualMachineNativeId VARCHAR',
  'VirtualMachineNativeName VARCHAR',
];

const VM_COMPUTER = tableAndView('VMComputer', [...COMPUTER_COLUMNS, SEARCH_TEXT], [
  ['DisplayName', 'HostName'],
  ['FullDisplayName', 'Computer'],
  ...nulls(NULL_TEXT, ...AZURE_HOSTING_COLUMNS),
  ['SourceSystem', constant('Insights')],
  ['Type', constant('VMComputer')],
  ['_ResourceId', `'/machines/' || Machine`],
  ['_SubscriptionId', NULL_TEXT],
]);

export const PROCESS_COLUMNS = [
  ...ORIGIN, 'Process VARCHAR NOT NULL', 'ExecutableName VARCHAR', 'DisplayName VARCHAR', 'Role VARCHAR',
  'Roles JSON', '"Group" VARCHAR', 'Description VARCHAR', 'CompanyName VARCHAR', 'ProductName VARCHAR',
  'ProductVersion VARCHAR', 'ExecutablePath VARCHAR', 'CommandLine VARCHAR', 'WorkingDirectory VARCHAR',
  'UserName VARCHAR', 'GroupName VARCHAR', 'StartTime TIMESTAMP', 'FirstPid INTEGER', 'ProcessCount INTEGER',
  'ContainerId VARCHAR', 'Netns BIGINT',
];

const VM_PROCESS = tableAndView('VMProcess', [...PROCESS_COLUMNS, SEARCH_TEXT], [
  ...nulls(NULL_TEXT, 'InternalName', 'FileVersion', 'UserDomain'),
  ['Services', 'CAST(NULL AS JSON)'],
  ['SourceSystem', constant('Insights')],
  ['Type', constant('VMProcess')],
  ['_ResourceId', `'/machines/' || Machine || '/processes/' || Process`],
  ['_SubscriptionId', NULL_TEXT],
]);

/** The legacy Service Map solution's record types, with their `_s`/`_d`/`_t`/`_g` names. */
const SERVICE_MAP_COMPUTER_CL = `
CREATE OR REPLACE VIEW ServiceMapComputer_CL AS SELECT
  WorkspaceId, TimeGenerated, 'OpsManager' AS SourceSystem, _ResourceId AS ResourceId,
  Machine AS ResourceName_s, HostName AS ComputerName_s,
  CAST(Ipv4Addresses AS VARCHAR) AS Ipv4Addresses_s, CAST(Ipv6Addresses AS VARCHAR) AS Ipv6Addresses_s,
  CAST(DnsNames AS VARCHAR) AS DnsNames_s, OperatingSystemFamily AS OperatingSystemFamily_s,
  OperatingSystemFullName AS OperatingSystemFullName_s, Bitness AS Bitness_s,
  CAST(PhysicalMemoryMB AS DOUBLE) AS PhysicalMemory_d, CAST(Cpus AS DOUBLE) AS Cpus_d,
  CAST(CpuSpeed AS DOUBLE) AS CpuSpeed_d, VirtualizationState AS VirtualizationState_s,
  VirtualMachineType AS VirtualMachineType_s, VirtualMachineNativeId AS VirtualMachineNativeMachineId_g,
  VirtualMachineNativeName AS VirtualMachineName_s, BootTime AS BootTime_t,
  'ServiceMapComputer_CL' AS Type, ${SEARCH_TEXT_COLUMN}
FROM VMComputer`;

const SERVICE_MAP_PROCESS_CL = `
CREATE OR REPLACE VIEW ServiceMapProcess_CL AS SELECT
  WorkspaceId, TimeGenerated, 'OpsManager' AS SourceSystem, _ResourceId AS ResourceId,
  Process AS ResourceName_s, Machine AS MachineResourceName_s, ExecutableName AS ExecutableName_s,
  StartTime AS StartTime_t, CAST(FirstPid AS DOUBLE) AS FirstPid_d, Description AS Description_s,
  CompanyName AS CompanyName_s, InternalName AS InternalName_s, ProductName AS ProductName_s,
  ProductVersion AS ProductVersion_s, FileVersion AS FileVersion_s, CommandLine AS CommandLine_s,
  ExecutablePath AS ExecutablePath_s, WorkingDirectory AS WorkingDirectory_s, UserName, UserDomain,
  'ServiceMapProcess_CL' AS Type, ${SEARCH_TEXT_COLUMN}
FROM VMProcess`;

const ADMIN_TABLES = [
  `CREATE TABLE IF NOT EXISTS Workspaces (
    Id VARCHAR PRIMARY KEY, Name VARCHAR NOT NULL UNIQUE, AgentKeyHash VARCHAR NOT NULL,
    RetentionDays INTEGER NOT NULL, CreatedAt TIMESTAMP NOT NULL, KeyRotatedAt TIMESTAMP NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ApiTokens (
    Id VARCHAR PRIMARY KEY, WorkspaceId VARCHAR NOT NULL, Role VARCHAR NOT NULL, Name VARCHAR NOT NULL,
    TokenHash VARCHAR NOT NULL UNIQUE, CreatedAt TIMESTAMP NOT NULL, RevokedAt TIMESTAMP)`,
  `CREATE TABLE IF NOT EXISTS MachineGroups (
    WorkspaceId VARCHAR NOT NULL, Id VARCHAR NOT NULL, DisplayName VARCHAR NOT NULL, Machines JSON NOT NULL,
    Etag VARCHAR NOT NULL, CreatedAt TIMESTAMP NOT NULL, UpdatedAt TIMESTAMP NOT NULL,
    PRIMARY KEY (WorkspaceId, Id))`,
  // One row per stored batch: the idempotency record, committed with the batch's rows. FirstTime and
  // LastTime span its records so "which machines reported in a window" needs no scan of the big tables.
  // BatchKey (`{workspaceId}|{batchId}`) is the key because DuckDB answers an IN list on a
  // one-column primary key from its index (1.4 ms at a million batches), but scans for a
  // two-column key (20 ms, growing with the table).
  `CREATE TABLE IF NOT EXISTS IngestBatches (
    BatchKey VARCHAR PRIMARY KEY, WorkspaceId VARCHAR NOT NULL, BatchId VARCHAR NOT NULL, AgentId VARCHAR NOT NULL, Machine VARCHAR NOT NULL,
    Computer VARCHAR NOT NULL, SentAt TIMESTAMP NOT NULL, ReceivedTime TIMESTAMP NOT NULL,
    FirstTime TIMESTAMP, LastTime TIMESTAMP, Connections INTEGER NOT NULL, BoundPorts INTEGER NOT NULL,
    Processes INTEGER NOT NULL, Computers INTEGER NOT NULL)`,
];

/**
 * The newest inventory row per machine and per (machine, process), kept by ingest beside the
 * history (same columns, same rows): a map needs every machine's newest addresses, and finding
 * them in 30 days of hourly rows scanned the whole history on every map. See docs/adr/0004-map-reads.md.
 */
const LATEST_TABLES = [
  `CREATE TABLE IF NOT EXISTS VMComputer_Latest (\n  ${COMPUTER_COLUMNS.join(',\n  ')},\n  PRIMARY KEY (WorkspaceId, Machine)\n)`,
  `CREATE TABLE IF NOT EXISTS VMProcess_Latest (\n  ${PROCESS_COLUMNS.join(',\n  ')},\n  PRIMARY KEY (WorkspaceId, Machine, Process)\n)`,
];

/** Every statement that creates the schema, in order; each is idempotent. */
export const SCHEMA_STATEMENTS: readonly string[] = [
  ...VM_CONNECTION,
  ...VM_BOUND_PORT,
  ...VM_COMPUTER,
  ...VM_PROCESS,
  ...SEARCH_TEXT_COLUMNS,
  SERVICE_MAP_COMPUTER_CL,
  SERVICE_MAP_PROCESS_CL,
  ...ADMIN_TABLES,
  ...LATEST_TABLES,
];

/** Tables whose rows expire with the workspace's retention, with the column that dates them. */
export const RETAINED_TABLES: readonly (readonly [table: string, timeColumn: string])[] = [
  ['VMConnection_Stored', 'TimeGenerated'],
  ['VMBoundPort_Stored', 'TimeGenerated'],
  ['VMComputer_Stored', 'TimeGenerated'],
  ['VMProcess_Stored', 'TimeGenerated'],
  ['IngestBatches', 'ReceivedTime'],
];
