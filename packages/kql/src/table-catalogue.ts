import type { KustoType } from './compiled-query.js';

/** One column of a table as KQL sees it. */
export interface CatalogueColumn {
  readonly name: string;
  readonly type: KustoType;
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
 * columns (as the table renders them) joined by {@link SEARCH_TEXT_SEPARATOR}, NULL for rows
 * stored before the column existed. `search` tests it once instead of every column. Only the
 * engines in `dialects` have it; KQL never sees the column (not in `columns`, `*` or metadata).
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

const table = (name: string, spec: string, searchText?: SearchTextColumn): CatalogueTable => ({
  name, columns: columns(spec), timeColumn: 'TimeGenerated', ...(searchText ? { searchText } : {}),
});

// The ServiceMap*_CL views' text columns that come from stored data (storage/duckdb/schema.ts builds
// the text from the same list); their constants (SourceSystem, Type, always-NULL columns) are left
// out and still tested one by one, which the engine folds.
const storedSearchText = (...covers: string[]): SearchTextColumn => ({ column: SEARCH_TEXT_COLUMN, covers, dialects: ['duckdb'] });
const SERVICE_MAP_COMPUTER_TEXT = storedSearchText('ResourceId', 'ResourceName_s', 'ComputerName_s', 'Ipv4Addresses_s',
  'Ipv6Addresses_s', 'DnsNames_s', 'OperatingSystemFamily_s', 'OperatingSystemFullName_s', 'Bitness_s', 'VirtualizationState_s',
  'VirtualMachineType_s', 'VirtualMachineNativeMachineId_g', 'VirtualMachineName_s');
const SERVICE_MAP_PROCESS_TEXT = storedSearchText('ResourceId', 'ResourceName_s', 'MachineResourceName_s', 'ExecutableName_s',
  'Description_s', 'CompanyName_s', 'ProductName_s', 'ProductVersion_s', 'CommandLine_s', 'ExecutablePath_s',
  'WorkingDirectory_s', 'UserName');

/**
 * Every table KQL can read, by name: the single source for name checks, `/metadata` and the
 * storage views (which must have these columns, plus a `WorkspaceId` that KQL never sees).
 */
export const tableCatalogue: ReadonlyMap<string, CatalogueTable> = new Map(
  [
    table('VMConnection', VM_CONNECTION),
    table('VMBoundPort', VM_BOUND_PORT),
    table('VMComputer', VM_COMPUTER),
    table('VMProcess', VM_PROCESS),
    table('ServiceMapComputer_CL', SERVICE_MAP_COMPUTER, SERVICE_MAP_COMPUTER_TEXT),
    table('ServiceMapProcess_CL', SERVICE_MAP_PROCESS, SERVICE_MAP_PROCESS_TEXT),
  ].map((t) => [t.name, t]),
);

/** The column every stored view carries for the workspace filter; hidden from KQL. */
export const WORKSPACE_COLUMN = 'WorkspaceId';
