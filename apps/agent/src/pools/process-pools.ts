import { createHash } from 'node:crypto';
import { normaliseCommandLine, processPoolId } from '@servicemap/topology';
import type { ProcessInfo } from '../model/process-info.js';

/**
 * A process pool: processes with one identity, shown as one process on the map (an nginx
 * master and its workers, a preforking server, several identical instances).
 */
export interface ProcessPool {
  /** `p-{40 hex}`. */
  readonly id: string;
  /** The oldest process of the pool: its identity is the pool's. */
  readonly leader: ProcessInfo;
  readonly pids: readonly number[];
  readonly startTimeMs: number;
}

/** Processes grouped into pools, and the pool of each pid. */
export interface PoolIndex {
  readonly pools: ReadonlyMap<string, ProcessPool>;
  readonly poolOfPid: ReadonlyMap<number, ProcessPool>;
}

/** The command line as it counts for identity (topology's normalisation), `[comm]` when empty. */
export function identityCommandLine(info: Pick<ProcessInfo, 'cmdline' | 'comm'>): string {
  const line = normaliseCommandLine(info.cmdline);
  return line === '' ? `[${info.comm}]` : line;
}

/** The executable as it counts for identity: its path, or `[comm]` when it cannot be read. */
export function identityExecutable(info: Pick<ProcessInfo, 'exePath' | 'comm'>): string {
  return info.exePath === '' ? `[${info.comm}]` : info.exePath;
}

const sha1Hex = (text: string): string => createHash('sha1').update(text).digest('hex');

/** `p-{40 hex}` through topology's definition, with node:crypto's SHA-1. */
export function poolIdOf(machine: string, executablePath: string, commandLine: string, userName: string): string {
  return processPoolId({ machine, executablePath, commandLine, userName }, sha1Hex);
}

/**
 * Servers that fork workers retitle them (setproctitle: one argv string with spaces, such as
 * `nginx: worker process` or `postgres: checkpointer`) or keep the parent's argv; a program that
 * starts another program with the same interpreter (a test runner spawning `node script.js`)
 * passes its own argv. Only the first two are one pool.
 */
function isWorkerOf(child: ProcessInfo, parent: ProcessInfo): boolean {
  if (identityExecutable(parent) !== identityExecutable(child) || parent.netns !== child.netns) return false;
  if (child.cmdline.length === 0) return true;
  if (child.cmdline.length === 1 && /\s/.test(child.cmdline[0] ?? '')) return true;
  return identityCommandLine(child) === identityCommandLine(parent);
}

/** Kernel threads have no executable and no argv; they never own user-space sockets. */
function isKernelThread(info: ProcessInfo): boolean {
  return info.exePath === '' && info.cmdline.length === 0 && !info.zombie && (info.ppid === 2 || info.pid === 2);
}

/**
 * Groups processes into pools. A worker of its parent (same executable and namespace, and a
 * retitled or identical command line) joins the parent's pool whatever its user (nginx workers
 * run as www-data); every other process is the leader of a pool whose id is its identity, so
 * identical processes started separately share one pool.
 */
export function buildPools(
  processes: ReadonlyMap<number, ProcessInfo>,
  machine: string,
  userName: (uid: number) => string,
): PoolIndex {
  const leaderOf = new Map<number, ProcessInfo>();
  const findLeader = (info: ProcessInfo): ProcessInfo => {
    const known = leaderOf.get(info.pid);
    if (known) return known;
    let current = info;
    const chain: ProcessInfo[] = [];
    // Bounded walk: pid reuse could in theory make a cycle in a racy scan.
    for (let depth = 0; depth < 64; depth++) {
      chain.push(current);
      const parent = processes.get(current.ppid);
      if (!parent || parent.pid === current.pid || !isWorkerOf(current, parent)) break;
      const parentLeader = leaderOf.get(parent.pid);
      if (parentLeader) {
        current = parentLeader;
        break;
      }
      current = parent;
    }
    for (const member of chain) leaderOf.set(member.pid, current);
    return current;
  };

  const pools = new Map<string, { id: string; leader: ProcessInfo; pids: number[]; startTimeMs: number }>();
  const poolOfPid = new Map<number, ProcessPool>();
  const idOfLeader = new Map<number, string>();
  for (const info of processes.values()) {
    if (isKernelThread(info)) continue;
    const leader = findLeader(info);
    let id = idOfLeader.get(leader.pid);
    if (id === undefined) {
      id = poolIdOf(machine, identityExecutable(leader), identityCommandLine(leader), userName(leader.uid));
      idOfLeader.set(leader.pid, id);
    }
    let pool = pools.get(id);
    if (!pool) {
      pool = { id, leader: info, pids: [], startTimeMs: info.startTimeMs };
      pools.set(id, pool);
    }
    pool.pids.push(info.pid);
    if (info.startTimeMs < pool.startTimeMs || (info.startTimeMs === pool.startTimeMs && info.pid < pool.leader.pid)) {
      pool.startTimeMs = info.startTimeMs;
      pool.leader = info;
    }
    poolOfPid.set(info.pid, pool);
  }
  for (const pool of pools.values()) pool.pids.sort((a, b) => a - b);
  return { pools, poolOfPid };
}
