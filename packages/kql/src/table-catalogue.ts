import type { KustoType } from './compiled-query.js';

/** One column of a table as KQL sees it. */
export interface CatalogueColumn {
  readonly name: string;
  readonly type: KustoType;
  /**
   * Every character the column's values can hold, lower-cased, when storage guarantees that (ids
   * the protocol validates by pattern). `search` skips the column for terms it cannot contain.
   */
  readonly alphabet?: string;
}

/** A table KQL can read: its columns in Kusto's order, and the column that dates each row. */
export interface CatalogueTable {
  readonly name: string;
  readonly columns: readonly CatalogueColumn[];
  readonly timeColumn: string;
  /** Present when storage keeps a per-row search text for this table (see {@link SearchTextColumn}). */
  readonly searchText?: SearchTextColumn;
}

/**
 * A storage capability: a hidden column holding, per row, the lower-cased text of the `covers`
 * columns (as the table renders them, in this order) joined by {@link SEARCH_TEXT_SEPARATOR};
 * never NULL (storage fills it at ingest, and on open for rows written another way). `search`
 * tests it once instead of every covered column. Only the engines in `dialects` have it; KQL
 * never sees the column (not in `columns`, `*` or metadata).
 */
export interface SearchTextColumn {
  readonly column: string;
  readonly covers: readonly string[];
  readonly dialects: readonly string[];
}

/** Joins the columns of a search text: a control character no search term can hold. */
export const SEARCH_TEXT_SEPARATOR = '\u001f';

/** The hidden search-text column's name in every view that has one. */
export const SEARCH_TEXT_COLUMN = '_SearchText';

/** `'Name:type, Name:type'` → columns; a compact form keeps the catalogue one screen per table. */
function columns(spec: string): CatalogueColumn[] {
  return spec.split(',').map((pair) => {
    const [name = '', type = 'string'] = pair.trim().split(':');
    return { name, type: type as KustoType };
  });
}

const s = (...names: string[]): string => names.map((n) => `${n}:string`).join(',');

// Azure's documented columns first, in Azure's order; then what our agent adds (kept last so
// `project` and `arg_max(*)` give Azure's order for every Azure column).
const VM_CONNECTION = `TimeGenerated:datetime,${s('Computer', 'AgentId', 'Machine', 'Process', 'ProcessName', 'Direction', 'SourceIp', 'DestinationIp')},
  DestinationPort:int,Protocol:string,ConnectionId:string,LinksEstablished:long,LinksTerminated:long,LinksFailed:long,LinksLive:long,
  BytesSent:long,BytesReceived:long,Responses:long,ResponseTimeMax:long,ResponseTimeMin:long,ResponseTimeSum:long,
  ${s('RemoteIp', 'RemoteDnsCanonicalNames', 'RemoteDnsQuestions', 'RemoteClassification', 'RemoteCountry')},
  RemoteLatitude:real,RemoteLongitude:real,${s('MaliciousIp', 'IndicatorThreatType', 'Description', 'TLPLevel', 'Confidence')},
  Severity:int,${s('FirstReportedDateTime', 'LastReportedDateTime', 'IsActive', 'SourceSystem', 'Type', '_ResourceId', '_SubscriptionId')},
  _BilledSize:real,_IsBillable:string,IsSelfLink:bool,FailedRefused:long,FailedTimedOut:long`;

const VM_BOUND_PORT = `TimeGenerated:datetime,${s('Computer', 'AgentId', 'Machine', 'Process', 'ProcessName', 'Ip')},Port:int,
  Protocol:string,PortId:string,IsWildcardBind:bool,LinksEstablished:long,LinksTerminated:long,LinksLive:long,BytesSent:long,
  BytesReceived:long,Responses:long,ResponseTimeMax:long,ResponseTimeMin:long,ResponseTimeSum:long,
  ${s('SourceSystem', 'Type', '_ResourceId', '_SubscriptionId')}`;

const AZURE_HOSTING = s('VirtualMachineHypervisorId', 'HypervisorType', 'HypervisorId', 'HostingProvider', 'AzureSubscriptionId',
  'AzureResourceGroup', 'AzureResourceName', 'AzureLocation', 'AzureUpdateDomain', 'AzureFaultDomain', 'AzureVmId', 'AzureSize',
  'AzureImagePublisher', 'AzureImageOffering', 'AzureImageSku', 'AzureImageVersion', 'AzureCloudServiceName',
  'AzureCloudServiceDeployment', 'AzureCloudServiceRoleName', 'AzureCloudServiceRoleType', 'AzureCloudServiceInstanceId',
  'AzureVmScaleSetName', 'AzureVmScaleSetDeployment', 'AzureVmScaleSetResourceId', 'AzureVmScaleSetInstanceId',
  'AzureServiceFabricClusterId', 'AzureServiceFabricClusterName');

const VM_COMPUTER = `TimeGenerated:datetime,${s('Computer', 'AgentId', 'Machine', 'DisplayName', 'FullDisplayName', 'HostName')},
  BootTime:datetime,TimeZone:string,VirtualizationState:string,Ipv4Addresses:dynamic,Ipv4SubnetMasks:dynamic,
  Ipv4DefaultGateways:dynamic,Ipv6Addresses:dynamic,MacAddresses:dynamic,DnsNames:dynamic,
  ${s('DependencyAgentVersion', 'OperatingSystemFamily', 'OperatingSystemFullName')},PhysicalMemoryMB:long,Cpus:int,CpuSpeed:int,
  ${s('VirtualMachineType', 'VirtualMachineNativeId', 'VirtualMachineNativeName')},${AZURE_HOSTING},
  ${s('SourceSystem', 'Type', '_ResourceId', '_SubscriptionId', 'FullyQualifiedDomainName')},Ipv6DefaultGateways:dynamic,
  ${s('OperatingSystemVersion', 'KernelVersion', 'Bitness')}`;

const VM_PROCESS = `TimeGenerated:datetime,${s('Computer', 'AgentId', 'Machine', 'Process', 'ExecutableName', 'DisplayName', 'Role',
  'Group', 'Description', 'CompanyName', 'InternalName', 'ProductName', 'ProductVersion', 'FileVersion', 'ExecutablePath',
  'CommandLine', 'WorkingDirectory', 'UserName', 'UserDomain')},StartTime:datetime,FirstPid:int,Services:dynamic,
  ${s('SourceSystem', 'Type', '_ResourceId', '_SubscriptionId')},Roles:dynamic,GroupName:string,ProcessCount:int,
  ContainerId:string,Netns:long`;

const SERVICE_MAP_COMPUTER = `TimeGenerated:datetime,${s('SourceSystem', 'ResourceId', 'ResourceName_s', 'ComputerName_s',
  'Ipv4Addresses_s', 'Ipv6Addresses_s', 'DnsNames_s', 'OperatingSystemFamily_s', 'OperatingSystemFullName_s', 'Bitness_s')},
  PhysicalMemory_d:real,Cpus_d:real,CpuSpeed_d:real,${s('VirtualizationState_s', 'VirtualMachineType_s')},
  VirtualMachineNativeMachineId_g:guid,VirtualMachineName_s:string,BootTime_t:datetime,Type:string`;

const SERVICE_MAP_PROCESS = `TimeGenerated:datetime,${s('SourceSystem', 'ResourceId', 'ResourceName_s', 'MachineResourceName_s',
  'ExecutableName_s')},StartTime_t:datetime,FirstPid_d:real,${s('Description_s', 'CompanyName_s', 'InternalName_s', 'ProductName_s',
  'ProductVersion_s', 'FileVersion_s', 'CommandLine_s', 'ExecutablePath_s', 'WorkingDirectory_s', 'UserName', 'UserDomain', 'Type')}`;

// Characters of the ids the protocol validates by pattern (packages/protocol ids.ts): machine
// names `m-` + a GUID, process names `p-` + 40 hex digits, and the resource ids built from them.
const HEX = '0123456789abcdef';
const GUID_CHARS = `${HEX}-`;
const MACHINE_CHARS = `m-${HEX}`;
const PROCESS_CHARS = `p-${HEX}`;
const MACHINE_ID_CHARS = `/machines/${MACHINE_CHARS}`;
const PROCESS_ID_CHARS = `${MACHINE_ID_CHARS}/processes/${PROCESS_CHARS}`;

const table = (name: string, spec: string, searchText?: SearchTextColumn, alphabets: Record<string, string> = {}): CatalogueTable => ({
  name,
  columns: columns(spec).map((c) => (alphabets[c.name] === undefined ? c : { ...c, alphabet: alphabets[c.name] })),
  timeColumn: 'TimeGenerated',
  ...(searchText ? { searchText } : {}),
});

// The ServiceMap*_CL views' search texts (storage/duckdb/search-text.ts writes the same columns in
// the same order; a storage test holds the two equal through the views). The computer text holds
// every text column; the process text leaves out the three id columns, which are unique per
// process: without them the text repeats hour after hour and the engine compresses it to a
// dictionary it tests once per distinct value (bench/RESULTS.md, KQL sample searches at 1,000
// machines). `search` tests those ids one by one, and only for terms their alphabet can hold.
const storedSearchText = (...covers: string[]): SearchTextColumn => ({ column: SEARCH_TEXT_COLUMN, covers, dialects: ['duckdb'] });
const SERVICE_MAP_COMPUTER_TEXT = storedSearchText('SourceSystem', 'ResourceId', 'ResourceName_s', 'ComputerName_s', 'Ipv4Addresses_s',
  'Ipv6Addresses_s', 'DnsNames_s', 'OperatingSystemFamily_s', 'OperatingSystemFullName_s', 'Bitness_s', 'VirtualizationState_s',
  'VirtualMachineType_s', 'VirtualMachineNativeMachineId_g', 'VirtualMachineName_s', 'Type');
const SERVICE_MAP_PROCESS_TEXT = storedSearchText('SourceSystem', 'ExecutableName_s', 'Description_s', 'CompanyName_s',
  'InternalName_s', 'ProductName_s', 'ProductVersion_s', 'FileVersion_s', 'CommandLine_s', 'ExecutablePath_s',
  'WorkingDirectory_s', 'UserName', 'UserDomain', 'Type');

/**
 * Every table KQL can read, by name: the single source for name checks, `/metadata` and the
 * storage views (which must have these columns, plus a `WorkspaceId` that KQL never sees).
 */
export const tableCatalogue: ReadonlyMap<string, CatalogueTable> = new Map(
  [
    table('VMConnection', VM_CONNECTION),
    table('VMBoundPort', VM_BOUND_PORT),
    table('VMComputer', VM_COMPUTER, undefined, { AgentId: GUID_CHARS, Machine: MACHINE_CHARS, _ResourceId: MACHINE_ID_CHARS }),
    table('VMProcess', VM_PROCESS, undefined, {
      AgentId: GUID_CHARS, Machine: MACHINE_CHARS, Process: PROCESS_CHARS, _ResourceId: PROCESS_ID_CHARS,
    }),
    table('ServiceMapComputer_CL', SERVICE_MAP_COMPUTER, SERVICE_MAP_COMPUTER_TEXT, { ResourceId: MACHINE_ID_CHARS, ResourceName_s: MACHINE_CHARS }),
    table('ServiceMapProcess_CL', SERVICE_MAP_PROCESS, SERVICE_MAP_PROCESS_TEXT, {
      ResourceId: PROCESS_ID_CHARS, ResourceName_s: PROCESS_CHARS, MachineResourceName_s: MACHINE_CHARS,
    }),
  ].map((t) => [t.name, t]),
);

/** The column every stored view carries for the workspace filter; hidden from KQL. */
export const WORKSPACE_COLUMN = 'WorkspaceId';
