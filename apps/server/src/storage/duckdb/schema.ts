/**
 * DuckDB schema. Stored tables keep the Azure Monitor names, columns and types (datetime →
 * TIMESTAMP in UTC, long → BIGINT, int → INTEGER, real → DOUBLE, dynamic → JSON) plus a leading
 * `WorkspaceId`, `_TimeReceived` (the server's receive time) and the columns our agent adds.
 *
 * Columns the agent never fills (threat intelligence, Azure hosting, constants such as `Type`) are
 * VIRTUAL generated columns: they read as Azure's tables do but cost nothing on disk and nothing
 * in the appender, which only sees the stored columns, in declaration order. That order is the
 * contract with `report-appender.ts`.
 */

const NULL_TEXT = 'VARCHAR GENERATED ALWAYS AS (CAST(NULL AS VARCHAR)) VIRTUAL';
const NULL_LONG = 'BIGINT GENERATED ALWAYS AS (CAST(NULL AS BIGINT)) VIRTUAL';
const NULL_REAL = 'DOUBLE GENERATED ALWAYS AS (CAST(NULL AS DOUBLE)) VIRTUAL';
const NULL_JSON = 'JSON GENERATED ALWAYS AS (CAST(NULL AS JSON)) VIRTUAL';
const constant = (text: string): string => `VARCHAR GENERATED ALWAYS AS ('${text}') VIRTUAL`;

const VM_CONNECTION = `
CREATE TABLE IF NOT EXISTS VMConnection (
  WorkspaceId VARCHAR NOT NULL,
  TimeGenerated TIMESTAMP NOT NULL,
  _TimeReceived TIMESTAMP NOT NULL,
  Computer VARCHAR,
  AgentId VARCHAR,
  Machine VARCHAR NOT NULL,
  Process VARCHAR,
  ProcessName VARCHAR,
  Direction VARCHAR,
  SourceIp VARCHAR,
  DestinationIp VARCHAR,
  DestinationPort INTEGER,
  Protocol VARCHAR,
  LinksEstablished BIGINT,
  LinksTerminated BIGINT,
  LinksFailed BIGINT,
  LinksLive BIGINT,
  FailedRefused BIGINT,
  FailedTimedOut BIGINT,
  IsSelfLink BOOLEAN,
  BytesSent BIGINT,
  BytesReceived BIGINT,
  ConnectionId VARCHAR GENERATED ALWAYS AS (
    Machine || '|' || Process || '|' || Direction || '|' || SourceIp || '|' || DestinationIp || '|' ||
    CAST(DestinationPort AS VARCHAR) || '|' || Protocol) VIRTUAL,
  RemoteIp VARCHAR GENERATED ALWAYS AS (CASE WHEN Direction = 'inbound' THEN SourceIp ELSE DestinationIp END) VIRTUAL,
  Responses ${NULL_LONG},
  ResponseTimeMax ${NULL_LONG},
  ResponseTimeMin ${NULL_LONG},
  ResponseTimeSum ${NULL_LONG},
  RemoteDnsCanonicalNames ${NULL_TEXT},
  RemoteDnsQuestions ${NULL_TEXT},
  RemoteClassification ${NULL_TEXT},
  RemoteCountry ${NULL_TEXT},
  RemoteLatitude ${NULL_REAL},
  RemoteLongitude ${NULL_REAL},
  MaliciousIp ${NULL_TEXT},
  IndicatorThreatType ${NULL_TEXT},
  Description ${NULL_TEXT},
  TLPLevel ${NULL_TEXT},
  Confidence ${NULL_TEXT},
  Severity INTEGER GENERATED ALWAYS AS (CAST(NULL AS INTEGER)) VIRTUAL,
  FirstReportedDateTime ${NULL_TEXT},
  LastReportedDateTime ${NULL_TEXT},
  IsActive ${NULL_TEXT},
  SourceSystem ${constant('Insights')},
  Type ${constant('VMConnection')},
  _ResourceId VARCHAR GENERATED ALWAYS AS ('/machines/' || Machine) VIRTUAL,
  _SubscriptionId ${NULL_TEXT},
  _BilledSize ${NULL_REAL},
  _IsBillable ${NULL_TEXT}
)`;

const VM_BOUND_PORT = `
CREATE TABLE IF NOT EXISTS VMBoundPort (
  WorkspaceId VARCHAR NOT NULL,
  TimeGenerated TIMESTAMP NOT NULL,
  _TimeReceived TIMESTAMP NOT NULL,
  Computer VARCHAR,
  AgentId VARCHAR,
  Machine VARCHAR NOT NULL,
  Process VARCHAR,
  ProcessName VARCHAR,
  Ip VARCHAR,
  Port INTEGER,
  Protocol VARCHAR,
  IsWildcardBind BOOLEAN,
  LinksEstablished BIGINT,
  LinksTerminated BIGINT,
  LinksLive BIGINT,
  BytesSent BIGINT,
  BytesReceived BIGINT,
  PortId VARCHAR GENERATED ALWAYS AS (
    Machine || '|' || Process || '|' || Ip || '|' || CAST(Port AS VARCHAR) || '|' || Protocol) VIRTUAL,
  Responses ${NULL_LONG},
  ResponseTimeMax ${NULL_LONG},
  ResponseTimeMin ${NULL_LONG},
  ResponseTimeSum ${NULL_LONG},
  SourceSystem ${constant('Insights')},
  Type ${constant('VMBoundPort')},
  _ResourceId VARCHAR GENERATED ALWAYS AS ('/machines/' || Machine) VIRTUAL,
  _SubscriptionId ${NULL_TEXT}
)`;

const AZURE_HOSTING_COLUMNS = [
  'VirtualMachineHypervisorId', 'HypervisorType', 'HypervisorId', 'HostingProvider', 'AzureSubscriptionId',
  'AzureResourceGroup', 'AzureResourceName', 'AzureLocation', 'AzureUpdateDomain', 'AzureFaultDomain',
  'AzureVmId', 'AzureSize', 'AzureImagePublisher', 'AzureImageOffering', 'AzureImageSku', 'AzureImageVersion',
  'AzureCloudServiceName', 'AzureCloudServiceDeployment', 'AzureCloudServiceRoleName',
  'AzureCloudServiceRoleType', 'AzureCloudServiceInstanceId', 'AzureVmScaleSetName', 'AzureVmScaleSetDeployment',
  'AzureVmScaleSetResourceId', 'AzureVmScaleSetInstanceId', 'AzureServiceFabricClusterId',
  'AzureServiceFabricClusterName',
];

const VM_COMPUTER = `
CREATE TABLE IF NOT EXISTS VMComputer (
  WorkspaceId VARCHAR NOT NULL,
  TimeGenerated TIMESTAMP NOT NULL,
  _TimeReceived TIMESTAMP NOT NULL,
  Computer VARCHAR,
  AgentId VARCHAR,
  Machine VARCHAR NOT NULL,
  HostName VARCHAR,
  FullyQualifiedDomainName VARCHAR,
  BootTime TIMESTAMP,
  TimeZone VARCHAR,
  VirtualizationState VARCHAR,
  Ipv4Addresses JSON,
  Ipv4SubnetMasks JSON,
  Ipv4DefaultGateways JSON,
  Ipv6Addresses JSON,
  Ipv6DefaultGateways JSON,
  MacAddresses JSON,
  DnsNames JSON,
  DependencyAgentVersion VARCHAR,
  OperatingSystemFamily VARCHAR,
  OperatingSystemFullName VARCHAR,
  OperatingSystemVersion VARCHAR,
  KernelVersion VARCHAR,
  Bitness VARCHAR,
  PhysicalMemoryMB BIGINT,
  Cpus INTEGER,
  CpuSpeed INTEGER,
  VirtualMachineType VARCHAR,
  VirtualMachineNativeId VARCHAR,
  VirtualMachineNativeName VARCHAR,
  DisplayName VARCHAR GENERATED ALWAYS AS (HostName) VIRTUAL,
  FullDisplayName VARCHAR GENERATED ALWAYS AS (Computer) VIRTUAL,
  ${AZURE_HOSTING_COLUMNS.map((name) => `${name} ${NULL_TEXT}`).join(',\n  ')},
  SourceSystem ${constant('Insights')},
  Type ${constant('VMComputer')},
  _ResourceId VARCHAR GENERATED ALWAYS AS ('/machines/' || Machine) VIRTUAL,
  _SubscriptionId ${NULL_TEXT}
)`;

const VM_PROCESS = `
CREATE TABLE IF NOT EXISTS VMProcess (
  WorkspaceId VARCHAR NOT NULL,
  TimeGenerated TIMESTAMP NOT NULL,
  _TimeReceived TIMESTAMP NOT NULL,
  Computer VARCHAR,
  AgentId VARCHAR,
  Machine VARCHAR NOT NULL,
  Process VARCHAR NOT NULL,
  ExecutableName VARCHAR,
  DisplayName VARCHAR,
  Role VARCHAR,
  Roles JSON,
  "Group" VARCHAR,
  Description VARCHAR,
  CompanyName VARCHAR,
  ProductName VARCHAR,
  ProductVersion VARCHAR,
  ExecutablePath VARCHAR,
  CommandLine VARCHAR,
  WorkingDirectory VARCHAR,
  UserName VARCHAR,
  GroupName VARCHAR,
  StartTime TIMESTAMP,
  FirstPid INTEGER,
  ProcessCount INTEGER,
  ContainerId VARCHAR,
  Netns BIGINT,
  InternalName ${NULL_TEXT},
  FileVersion ${NULL_TEXT},
  UserDomain ${NULL_TEXT},
  Services ${NULL_JSON},
  SourceSystem ${constant('Insights')},
  Type ${constant('VMProcess')},
  _ResourceId VARCHAR GENERATED ALWAYS AS ('/machines/' || Machine || '/processes/' || Process) VIRTUAL,
  _SubscriptionId ${NULL_TEXT}
)`;

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
  'ServiceMapComputer_CL' AS Type
FROM VMComputer`;

const SERVICE_MAP_PROCESS_CL = `
CREATE OR REPLACE VIEW ServiceMapProcess_CL AS SELECT
  WorkspaceId, TimeGenerated, 'OpsManager' AS SourceSystem, _ResourceId AS ResourceId,
  Process AS ResourceName_s, Machine AS MachineResourceName_s, ExecutableName AS ExecutableName_s,
  StartTime AS StartTime_t, CAST(FirstPid AS DOUBLE) AS FirstPid_d, Description AS Description_s,
  CompanyName AS CompanyName_s, InternalName AS InternalName_s, ProductName AS ProductName_s,
  ProductVersion AS ProductVersion_s, FileVersion AS FileVersion_s, CommandLine AS CommandLine_s,
  ExecutablePath AS ExecutablePath_s, WorkingDirectory AS WorkingDirectory_s, UserName, UserDomain,
  'ServiceMapProcess_CL' AS Type
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
  `CREATE TABLE IF NOT EXISTS IngestBatches (
    WorkspaceId VARCHAR NOT NULL, BatchId VARCHAR NOT NULL, AgentId VARCHAR NOT NULL, Machine VARCHAR NOT NULL,
    Computer VARCHAR NOT NULL, SentAt TIMESTAMP NOT NULL, ReceivedTime TIMESTAMP NOT NULL,
    FirstTime TIMESTAMP, LastTime TIMESTAMP, Connections INTEGER NOT NULL, BoundPorts INTEGER NOT NULL,
    Processes INTEGER NOT NULL, Computers INTEGER NOT NULL,
    PRIMARY KEY (WorkspaceId, BatchId))`,
];

/** Every statement that creates the schema, in order; each is idempotent. */
export const SCHEMA_STATEMENTS: readonly string[] = [
  VM_CONNECTION,
  VM_BOUND_PORT,
  VM_COMPUTER,
  VM_PROCESS,
  SERVICE_MAP_COMPUTER_CL,
  SERVICE_MAP_PROCESS_CL,
  ...ADMIN_TABLES,
];

/** Tables whose rows expire with the workspace's retention, with the column that dates them. */
export const RETAINED_TABLES: readonly (readonly [table: string, timeColumn: string])[] = [
  ['VMConnection', 'TimeGenerated'],
  ['VMBoundPort', 'TimeGenerated'],
  ['VMComputer', 'TimeGenerated'],
  ['VMProcess', 'TimeGenerated'],
  ['IngestBatches', 'ReceivedTime'],
];
