/**
 * The aggregation key of a logical connection, as VMConnection folds physical sockets:
 * Direction, Process, SourceIp, DestinationIp, DestinationPort (Machine and Protocol are the
 * agent's own and always tcp). The source port is deliberately not part of it.
 */
export interface ConnectionKey {
  readonly direction: 'inbound' | 'outbound';
  readonly poolId: string;
  readonly processName: string;
  readonly sourceIp: string;
  readonly destinationIp: string;
  readonly destinationPort: number;
  readonly selfLink: boolean;
}

/** A string form of the key, for maps. */
export function connectionKeyId(key: ConnectionKey): string {
  return `${key.direction}|${key.poolId}|${key.sourceIp}|${key.destinationIp}|${key.destinationPort}`;
}

/** A listening socket attributed to its pool. */
export interface ListenerKey {
  readonly netns: number;
  readonly poolId: string;
  readonly processName: string;
  readonly ip: string;
  readonly port: number;
  readonly wildcard: boolean;
}

export function listenerKeyId(key: Pick<ListenerKey, 'poolId' | 'ip' | 'port'>): string {
  return `${key.poolId}|${key.ip}|${key.port}`;
}

const LOOPBACK_V4 = /^127\./;

/** Loopback in either family (127.0.0.0/8, ::1). */
export function isLoopback(ip: string): boolean {
  return LOOPBACK_V4.test(ip) || ip === '::1';
}

/** The unspecified address a wildcard listener binds to. */
export function isWildcard(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::';
}
