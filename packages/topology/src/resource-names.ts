/**
 * Service Map resource names (the last path segment of a resource id), built and parsed by the
 * Azure grammar: machines `m-{guid}` / `t-{ip hex}`, processes `p-{40 hex}` / `ts-…`, ports
 * `b-{ip hex}_{port}`, client groups `m!{machine}[!p!{process}|!b!{port}]`, members `{ip hex}`.
 */
import { hexToIp, ipToHex } from './ip-address.js';
import { formatEndpoint, parseEndpoint } from './endpoint-names.js';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A parsed machine name. */
export type MachineNameParts =
  | { readonly kind: 'monitored'; readonly agentId: string }
  | { readonly kind: 'discovered'; readonly ip: string };

/** `m-{agentGuid}`: the agent GUID keeps the case the agent reported. */
export function monitoredMachineName(agentId: string): string {
  if (!GUID.test(agentId)) throw new Error(`not an agent GUID: ${JSON.stringify(agentId)}`);
  return `m-${agentId}`;
}

/** `t-{ip hex}`: a machine without an agent, known only by an address others talked to. */
export function discoveredMachineName(ip: string): string {
  return `t-${ipToHex(ip)}`;
}

export function parseMachineName(name: string): MachineNameParts | undefined {
  if (name.startsWith('m-') && GUID.test(name.slice(2))) return { kind: 'monitored', agentId: name.slice(2) };
  if (name.startsWith('t-')) {
    const ip = hexToIp(name.slice(2));
    return ip === undefined ? undefined : { kind: 'discovered', ip };
  }
  return undefined;
}

/** A parsed process name. */
export type ProcessNameParts =
  | { readonly kind: 'pool'; readonly hash: string }
  | { readonly kind: 'discovered'; readonly machine: string; readonly port: string };

/**
 * `ts-m@{machine}@b@{port}`: the process we infer behind a port nobody reported accepting on
 * (an agentless back-end, or a monitored machine where nothing listened). It is `ts-` followed
 * by the port's endpoint form, so `@` inside the parts is doubled like in connection names.
 */
export function discoveredProcessName(machine: string, port: string): string {
  return `ts-${formatEndpoint({ kind: 'port', machine, port })}`;
}

export function parseProcessName(name: string): ProcessNameParts | undefined {
  if (/^p-[0-9a-f]{40}$/.test(name)) return { kind: 'pool', hash: name.slice(2) };
  if (!name.startsWith('ts-')) return undefined;
  const endpoint = parseEndpoint(name.slice(3));
  return endpoint?.kind === 'port' ? { kind: 'discovered', machine: endpoint.machine, port: endpoint.port } : undefined;
}

/** A parsed port name. */
export interface PortNameParts {
  readonly ip: string;
  readonly portNumber: number;
}

/** `b-{ip hex}_{port}`: one server port on one address. */
export function portName(ip: string, portNumber: number): string {
  if (!Number.isInteger(portNumber) || portNumber < 0 || portNumber > 65535) {
    throw new Error(`not a TCP port: ${portNumber}`);
  }
  return `b-${ipToHex(ip)}_${portNumber}`;
}

export function parsePortName(name: string): PortNameParts | undefined {
  const match = /^b-([0-9a-f]+)_(\d{1,5})$/.exec(name);
  if (!match) return undefined;
  const ip = hexToIp(match[1] ?? '');
  const portNumber = Number(match[2]);
  return ip === undefined || portNumber > 65535 ? undefined : { ip, portNumber };
}

/** What a client group collects the agentless clients of. */
export type ClientGroupTarget =
  | { readonly kind: 'machine'; readonly machine: string }
  | { readonly kind: 'process'; readonly machine: string; readonly process: string }
  | { readonly kind: 'port'; readonly machine: string; readonly port: string };

/** `m!{machine}`, `m!{machine}!p!{process}` or `m!{machine}!b!{port}`. */
export function clientGroupName(target: ClientGroupTarget): string {
  switch (target.kind) {
    case 'machine':
      return `m!${target.machine}`;
    case 'process':
      return `m!${target.machine}!p!${target.process}`;
    case 'port':
      return `m!${target.machine}!b!${target.port}`;
  }
}

export function parseClientGroupName(name: string): ClientGroupTarget | undefined {
  const parts = name.split('!');
  if (parts[0] !== 'm' || parts[1] === undefined || parseMachineName(parts[1]) === undefined) return undefined;
  const machine = parts[1];
  if (parts.length === 2) return { kind: 'machine', machine };
  if (parts.length !== 4) return undefined;
  const [, , tag, child] = parts as [string, string, string, string];
  if (tag === 'p' && parseProcessName(child)) return { kind: 'process', machine, process: child };
  if (tag === 'b' && parsePortName(child)) return { kind: 'port', machine, port: child };
  return undefined;
}

/** A client group member is named by its address: `01010000` for 1.1.0.0. */
export function clientGroupMemberName(ip: string): string {
  return ipToHex(ip);
}

export function parseClientGroupMemberName(name: string): string | undefined {
  return hexToIp(name);
}
