/** Names of the two relationship kinds: connections and acceptors. */
import { formatEndpoint, parseEndpoint, type Endpoint } from './endpoint-names.js';

type ProcessEndpoint = Extract<Endpoint, { kind: 'process' }>;
type PortEndpoint = Extract<Endpoint, { kind: 'port' }>;
type ClientGroupEndpoint = Extract<Endpoint, { kind: 'clientGroup' }>;

/** The parts of a connection name. */
export interface ConnectionNameParts {
  /** The client: a process, or a client group of agentless clients. */
  readonly source: ProcessEndpoint | ClientGroupEndpoint;
  readonly destination: ProcessEndpoint;
  readonly serverPort: PortEndpoint;
}

/** `{source}!{destination}!{serverPort}`. */
export function connectionName(parts: ConnectionNameParts): string {
  return [parts.source, parts.destination, parts.serverPort].map(formatEndpoint).join('!');
}

export function parseConnectionName(name: string): ConnectionNameParts | undefined {
  const texts = name.split('!');
  if (texts.length !== 3) return undefined;
  const [source, destination, serverPort] = texts.map(parseEndpoint);
  if (source === undefined || source.kind === 'port') return undefined;
  if (destination?.kind !== 'process' || serverPort?.kind !== 'port') return undefined;
  return { source, destination, serverPort };
}

/** The parts of an acceptor name. */
export interface AcceptorNameParts {
  readonly port: PortEndpoint;
  readonly process: ProcessEndpoint;
}

/** `{port endpoint}!{process endpoint}`. */
export function acceptorName(parts: AcceptorNameParts): string {
  return `${formatEndpoint(parts.port)}!${formatEndpoint(parts.process)}`;
}

export function parseAcceptorName(name: string): AcceptorNameParts | undefined {
  const texts = name.split('!');
  if (texts.length !== 2) return undefined;
  const [port, process] = texts.map(parseEndpoint);
  if (port?.kind !== 'port' || process?.kind !== 'process') return undefined;
  return { port, process };
}
