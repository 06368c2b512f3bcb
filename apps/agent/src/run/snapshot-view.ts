import type { ProcessInventory } from '@servicemap/protocol';
import type { SocketView } from '../aggregate/socket-view.js';
import { TcpState, type SocketEntry } from '../model/socket-entry.js';
import type { Snapshot } from '../model/snapshot.js';
import type { PoolIndex } from '../pools/process-pools.js';
import { processInventoryOf, type ProductLookup } from './process-inventory.js';

const STATE_NAMES = new Map<number, string>(Object.entries(TcpState).map(([name, value]) => [value, name]));

/** One socket of a pool as `agent snapshot` shows it. */
export interface SnapshotSocket {
  readonly direction: 'inbound' | 'outbound';
  readonly localIp: string;
  readonly localPort: number;
  readonly remoteIp: string;
  readonly remotePort: number;
  readonly state: string;
  readonly selfLink: boolean;
}

/** One pool with its inventory, listening ports and sockets. */
export interface SnapshotPool extends Omit<ProcessInventory, 'timeGenerated'> {
  readonly pids: readonly number[];
  readonly listening: readonly { readonly ip: string; readonly port: number }[];
  readonly connections: readonly SnapshotSocket[];
}

/** What `servicemap agent snapshot --json` prints. */
export interface SnapshotReport {
  readonly takenAt: string;
  readonly machine: string;
  readonly namespaces: readonly number[];
  readonly limitations: readonly string[];
  readonly pools: readonly SnapshotPool[];
  /** Sockets whose owning process could not be found (exited, or not visible without root). */
  readonly unownedSockets: number;
}

/** The process-level view of one snapshot: every pool that holds a TCP socket. */
export function snapshotReport(
  machine: string,
  snapshot: Snapshot,
  pools: PoolIndex,
  view: SocketView,
  products: ProductLookup,
  names: { user(uid: number): string; group(gid: number): string },
): SnapshotReport {
  const listenersOf = new Map<string, { ip: string; port: number }[]>();
  const socketsOf = new Map<string, SnapshotSocket[]>();
  let unowned = 0;
  for (const sock of snapshot.sockets) {
    const pool = view.ownerOf(sock.netns, sock.inode);
    if (!pool) {
      if (sock.inode !== 0) unowned++;
      continue;
    }
    if (sock.state === TcpState.LISTEN) {
      push(listenersOf, pool.id, { ip: sock.localIp, port: sock.localPort });
      continue;
    }
    push(socketsOf, pool.id, toSnapshotSocket(sock, view));
  }
  const listeners = view.listeners();
  const result: SnapshotPool[] = [];
  for (const pool of pools.pools.values()) {
    const listening = listenersOf.get(pool.id) ?? [];
    const connections = socketsOf.get(pool.id) ?? [];
    if (listening.length === 0 && connections.length === 0) continue;
    const { timeGenerated: _t, ...inventory } = processInventoryOf(pool, listeners, products, names, snapshot.takenAtMs);
    result.push({ ...inventory, pids: pool.pids, listening, connections });
  }
  result.sort((a, b) => a.executableName.localeCompare(b.executableName) || a.firstPid - b.firstPid);
  return {
    takenAt: new Date(snapshot.takenAtMs).toISOString(),
    machine,
    namespaces: snapshot.netns,
    limitations: snapshot.limitations,
    pools: result,
    unownedSockets: unowned,
  };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function toSnapshotSocket(sock: SocketEntry, view: SocketView): SnapshotSocket {
  const key = view.classifySocket(sock);
  return {
    direction: key?.direction ?? 'outbound',
    localIp: sock.localIp,
    localPort: sock.localPort,
    remoteIp: sock.remoteIp,
    remotePort: sock.remotePort,
    state: STATE_NAMES.get(sock.state) ?? String(sock.state),
    selfLink: view.isLocalAddress(sock.remoteIp),
  };
}

const endpoint = (ip: string, port: number): string => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** The human form: one block per pool, like `ss -tanp` turned around. */
export function formatSnapshotText(report: SnapshotReport): string {
  const lines: string[] = [];
  for (const pool of report.pools) {
    const roles = pool.roles.length > 0 ? `  [${pool.roles.join(', ')}]` : '';
    const product = pool.productName === '' ? '' : `  ${pool.productName} ${pool.productVersion}`;
    lines.push(`${pool.executableName}  ${pool.process}  pids ${pool.pids.join(',')}  user ${pool.userName}${roles}${product}`);
    lines.push(`    ${pool.commandLine}`);
    for (const l of pool.listening) lines.push(`    LISTEN   ${endpoint(l.ip, l.port)}`);
    for (const c of pool.connections) {
      const arrow = c.direction === 'inbound' ? '<-' : '->';
      const self = c.selfLink ? '  (self)' : '';
      lines.push(`    ${c.direction === 'inbound' ? 'IN ' : 'OUT'}      ${endpoint(c.localIp, c.localPort)} ${arrow} ${endpoint(c.remoteIp, c.remotePort)}  ${c.state}${self}`);
    }
  }
  lines.push('');
  lines.push(`${report.pools.length} process pools with TCP sockets; ${report.unownedSockets} sockets without a visible owner`);
  for (const l of report.limitations) lines.push(`limitation: ${l}`);
  return `${lines.join('\n')}\n`;
}
