import { TcpState, type SocketEntry } from '../model/socket-entry.js';
import type { Snapshot } from '../model/snapshot.js';
import type { PoolIndex, ProcessPool } from '../pools/process-pools.js';
import { isLoopback, isWildcard, type ConnectionKey, type ListenerKey } from './connection-key.js';

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** comm is the first 15 bytes of the name the kernel gives it. */
const COMM_LENGTH = 15;

/**
 * Display name of a pool's executable: basename of its path, else its comm. A process started
 * through a link to a multi-call binary (Debian's `redis-server` → `redis-check-rdb`, busybox
 * applets) is named after the link, as `ps` names it: the kernel sets comm from the path it was
 * executed by, so when comm differs from the binary's name and matches argv[0]'s, argv[0] says
 * what the process is (and its role: `redis-server` is a database server on any port).
 */
export function poolProcessName(pool: ProcessPool): string {
  const { exePath, comm, cmdline } = pool.leader;
  if (exePath === '') return comm;
  const exeName = baseName(exePath);
  if (exeName.slice(0, COMM_LENGTH) === comm) return exeName;
  // Retitled processes (redis) keep their whole title in argv[0]: its first word is the name.
  const argv0 = baseName((cmdline[0] ?? '').split(' ')[0] ?? '');
  return argv0 !== '' && argv0.slice(0, COMM_LENGTH) === comm ? argv0 : exeName;
}

/**
 * The agent's current picture of who owns which socket and who listens where, built from a
 * snapshot and the pool index. Turns sockets and kernel events into connection keys: a socket
 * whose local end is a listening port of its namespace is inbound, every other one outbound.
 */
export class SocketView {
  readonly #pools: PoolIndex;
  /** Socket inodes are unique across namespaces (one sockfs), so the inode alone is the key. */
  readonly #ownerOfInode = new Map<number, ProcessPool>();
  /** netns → "ip|port" → listener; wildcard listeners are stored under their wildcard ip. */
  readonly #listeners = new Map<number, Map<string, ListenerKey>>();
  readonly #addressesOfNetns = new Map<number, Set<string>>();
  readonly #localAddresses = new Set<string>();
  readonly ownNetns: number;
  readonly coveredNetns: ReadonlySet<number>;

  /**
   * @param addressesOfNetns local addresses of each covered namespace (from its interfaces);
   *   addresses seen on sockets are added to them.
   */
  constructor(snapshot: Snapshot, pools: PoolIndex, addressesOfNetns: ReadonlyMap<number, readonly string[]> = new Map()) {
    this.#pools = pools;
    this.ownNetns = snapshot.ownNetns;
    this.coveredNetns = new Set(snapshot.netns);
    for (const info of snapshot.processes.values()) {
      const pool = pools.poolOfPid.get(info.pid);
      if (!pool) continue;
      for (const inode of info.socketInodes) {
        const known = this.#ownerOfInode.get(inode);
        // A socket shared by several processes (fork, SCM_RIGHTS) belongs to the oldest pool.
        if (!known || pool.startTimeMs < known.startTimeMs) this.#ownerOfInode.set(inode, pool);
      }
    }
    for (const [netns, addresses] of addressesOfNetns) for (const ip of addresses) this.#addAddress(netns, ip);
    for (const sock of snapshot.sockets) {
      if (!isWildcard(sock.localIp)) this.#addAddress(sock.netns, sock.localIp);
      if (sock.state !== TcpState.LISTEN) continue;
      const pool = this.#ownerOfInode.get(sock.inode);
      if (!pool) continue;
      let byAddress = this.#listeners.get(sock.netns);
      if (!byAddress) this.#listeners.set(sock.netns, (byAddress = new Map<string, ListenerKey>()));
      byAddress.set(`${sock.localIp}|${sock.localPort}`, {
        netns: sock.netns,
        poolId: pool.id,
        processName: poolProcessName(pool),
        ip: sock.localIp,
        port: sock.localPort,
        wildcard: isWildcard(sock.localIp),
      });
    }
  }

  #addAddress(netns: number, ip: string): void {
    let set = this.#addressesOfNetns.get(netns);
    if (!set) this.#addressesOfNetns.set(netns, (set = new Set<string>()));
    set.add(ip);
    this.#localAddresses.add(ip);
  }

  /** Every listener of the covered namespaces. */
  listeners(): ListenerKey[] {
    return [...this.#listeners.values()].flatMap((m) => [...m.values()]);
  }

  /** The pool that owns a socket inode (the namespace is kept for callers' clarity). */
  ownerOf(_netns: number, inode: number): ProcessPool | undefined {
    return inode === 0 ? undefined : this.#ownerOfInode.get(inode);
  }

  poolOfPid(pid: number): ProcessPool | undefined {
    return this.#pools.poolOfPid.get(pid);
  }


  /** Is this address one of the machine's own (any covered namespace) or loopback? */
  isLocalAddress(ip: string): boolean {
    return isLoopback(ip) || this.#localAddresses.has(ip);
  }

  /** Does this namespace have this address (a loopback address is in every namespace)? */
  netnsHasAddress(netns: number, ip: string): boolean {
    return isLoopback(ip) || (this.#addressesOfNetns.get(netns)?.has(ip) ?? false);
  }

  /**
   * The listener that a connection to ip:port in a namespace lands on: an exact bind wins over a
   * wildcard one; an IPv6 wildcard also takes IPv4 (dual-stack sockets, the Linux default).
   * Without a namespace, the namespaces are searched, own first, and the first that has the
   * address and a listener wins (kernel events carry no namespace).
   */
  listenerFor(netns: number | undefined, ip: string, port: number): ListenerKey | undefined {
    if (netns !== undefined) return this.#listenerIn(netns, ip, port);
    const order = [this.ownNetns, ...[...this.#listeners.keys()].filter((n) => n !== this.ownNetns)];
    for (const candidate of order) {
      if (!this.netnsHasAddress(candidate, ip) && !isWildcard(ip)) continue;
      const found = this.#listenerIn(candidate, ip, port);
      if (found) return found;
    }
    return undefined;
  }

  #listenerIn(netns: number, ip: string, port: number): ListenerKey | undefined {
    const byAddress = this.#listeners.get(netns);
    if (!byAddress) return undefined;
    return (
      byAddress.get(`${ip}|${port}`) ??
      (ip.includes(':') ? undefined : byAddress.get(`0.0.0.0|${port}`)) ??
      byAddress.get(`::|${port}`)
    );
  }

  /** The connection key of a socket from a table, or undefined when its owner is unknown. */
  classifySocket(sock: SocketEntry): ConnectionKey | undefined {
    const pool = this.ownerOf(sock.netns, sock.inode);
    const listener = this.#listenerIn(sock.netns, sock.localIp, sock.localPort);
    if (listener) {
      return this.inboundKey(listener, sock.remoteIp, sock.localIp, pool);
    }
    if (!pool) return undefined;
    return this.outboundKey(pool, sock.localIp, sock.remoteIp, sock.remotePort);
  }

  /** An inbound key: the accepting pool when known, else the listener's. */
  inboundKey(listener: ListenerKey, remoteIp: string, localIp: string, pool?: ProcessPool): ConnectionKey {
    return {
      direction: 'inbound',
      poolId: pool ? pool.id : listener.poolId,
      processName: pool ? poolProcessName(pool) : listener.processName,
      sourceIp: remoteIp,
      destinationIp: localIp,
      destinationPort: listener.port,
      selfLink: this.isLocalAddress(remoteIp),
    };
  }

  outboundKey(pool: ProcessPool, localIp: string, remoteIp: string, remotePort: number): ConnectionKey {
    return {
      direction: 'outbound',
      poolId: pool.id,
      processName: poolProcessName(pool),
      sourceIp: localIp,
      destinationIp: remoteIp,
      destinationPort: remotePort,
      selfLink: this.isLocalAddress(remoteIp),
    };
  }
}
