/** KQL for "Show in Log Search" from each pane: the rows behind what the pane shows. */

const quote = (value: string): string => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

export function machineQuery(machine: string): string {
  return `VMConnection\n| where Machine == ${quote(machine)}\n| summarize LinksEstablished = sum(LinksEstablished), LinksFailed = sum(LinksFailed), BytesSent = sum(BytesSent), BytesReceived = sum(BytesReceived) by Direction, ProcessName, RemoteIp, DestinationPort\n| order by LinksFailed desc`;
}

export function machineInventoryQuery(machine: string): string {
  return `VMComputer\n| where Machine == ${quote(machine)}\n| top 1 by TimeGenerated desc`;
}

export function processQuery(machine: string, process: string): string {
  return `VMProcess\n| where Machine == ${quote(machine)} and Process == ${quote(process)}\n| top 1 by TimeGenerated desc`;
}

export function processConnectionsQuery(machine: string, process: string): string {
  return `VMConnection\n| where Machine == ${quote(machine)} and Process == ${quote(process)}\n| summarize LinksEstablished = sum(LinksEstablished), LinksFailed = sum(LinksFailed), BytesSent = sum(BytesSent), BytesReceived = sum(BytesReceived) by Direction, RemoteIp, DestinationPort`;
}

export function clientGroupQuery(machine: string, ips: readonly string[]): string {
  return `VMConnection\n| where Machine == ${quote(machine)} and Direction == "inbound"\n| where SourceIp in (${ips.slice(0, 100).map(quote).join(', ')})\n| summarize LinksEstablished = sum(LinksEstablished), LinksFailed = sum(LinksFailed) by SourceIp, DestinationPort`;
}

export function portGroupQuery(machines: readonly string[], port: number): string {
  return `VMConnection\n| where Direction == "outbound" and DestinationPort == ${port}\n| where Machine in (${machines.map(quote).join(', ')})\n| summarize LinksEstablished = sum(LinksEstablished), LinksFailed = sum(LinksFailed) by Machine, DestinationIp`;
}

export function connectionQuery(machines: readonly string[], ports: readonly number[]): string {
  return `VMConnection\n| where Machine in (${machines.map(quote).join(', ')})${ports.length > 0 ? `\n| where DestinationPort in (${ports.join(', ')})` : ''}\n| summarize LinksEstablished = sum(LinksEstablished), LinksTerminated = sum(LinksTerminated), LinksFailed = sum(LinksFailed), LinksLive = max(LinksLive), BytesSent = sum(BytesSent), BytesReceived = sum(BytesReceived) by bin(TimeGenerated, 1m), Machine, Direction`;
}
