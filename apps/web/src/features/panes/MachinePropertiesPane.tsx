import { formatTime } from './format-values.js';
import { machineInventoryQuery } from './log-search-queries.js';
import { LogSearchLink } from './LogSearchLink.js';
import type { PaneProps } from './pane-props.js';
import { PropertyTable } from './PropertyTable.js';

/** Machine Properties: names, addresses, hardware, virtualisation, OS, boot and agent. */
export function MachinePropertiesPane({ data, id, onLogSearch }: PaneProps) {
  const p = data.response.map.nodes.machines.find((m) => m.name === id)?.properties;
  const net = p?.networking;
  const dns = [...new Set([p?.fullyQualifiedDomainName, ...(net?.dnsNames ?? [])].filter((n): n is string => n !== undefined))];
  const memory = p?.resources?.physicalMemory;
  return (
    <section aria-labelledby="machine-properties-title">
      <h3 id="machine-properties-title">Machine Properties</h3>
      <PropertyTable rows={[
        ['Host name', p?.computerName],
        ['DNS names', dns.join(', ')],
        ['IPv4 addresses', (net?.ipv4Interfaces ?? []).map((i) => i.ipAddress).join(', ')],
        ['IPv6 addresses', (net?.ipv6Interfaces ?? []).map((i) => i.ipAddress).join(', ')],
        ['MAC addresses', (net?.macAddresses ?? []).join(', ')],
        ['CPUs', p?.resources?.cpus === undefined ? undefined : `${p.resources.cpus}${p.resources.cpuSpeed ? ` × ${p.resources.cpuSpeed} MHz` : ''}`],
        ['Memory', memory === undefined ? undefined : `${(memory / 1024).toFixed(1)} GiB`],
        ['Virtualization', p?.virtualizationState],
        ['VM type', p?.virtualMachine?.virtualMachineType],
        ['VM name', p?.virtualMachine?.virtualMachineName],
        ['Operating system', p?.operatingSystem?.fullName],
        ['OS family and bitness', p?.operatingSystem === undefined ? undefined : `${p.operatingSystem.family}, ${p.operatingSystem.bitness}`],
        ['Last boot', formatTime(p?.bootTime)],
        ['Time zone', p?.timezone?.fullName],
        ['Agent id', p?.agent?.agentId],
        ['Dependency agent id', p?.agent?.dependencyAgentId],
        ['Agent version', p?.agent?.dependencyAgentVersion],
        ['Resource name', id],
      ]} />
      <div className="pane-actions"><LogSearchLink query={machineInventoryQuery(id)} onOpen={onLogSearch} /></div>
    </section>
  );
}
