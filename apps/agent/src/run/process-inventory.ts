import type { ProcessInventory } from '@servicemap/protocol';
import { processGroupOf, roleOf } from '@servicemap/topology';
import type { ListenerKey } from '../aggregate/connection-key.js';
import { poolProcessName } from '../aggregate/socket-view.js';
import type { ProcessPool } from '../pools/process-pools.js';
import { redactArgv } from './command-line-redaction.js';

/** What the package database knows of an executable. */
export interface ProductInfo {
  readonly productName: string;
  readonly productVersion: string;
  readonly companyName: string;
  readonly description: string;
}

/** Looks an executable up in the package database (dpkg, rpm); a fake in tests. */
export interface ProductLookup {
  lookup(executablePath: string): ProductInfo | undefined;
}

const cap = (s: string, n: number): string => (s.length > n ? s.slice(0, n) : s);

/**
 * The VMProcess row of a pool at a time. Its command line has secret values redacted
 * ({@link redactArgv}), `secrets` (the agent's own key) included wherever they appear.
 */
export function processInventoryOf(
  pool: ProcessPool,
  listeners: readonly ListenerKey[],
  products: ProductLookup,
  names: { user(uid: number): string; group(gid: number): string },
  timeMs: number,
  secrets: readonly string[] = [],
): ProcessInventory {
  const leader = pool.leader;
  const executableName = poolProcessName(pool);
  // A container's executable lives in another mount namespace: the host's packages say nothing of it.
  const product = leader.exePath === '' || leader.containerId !== '' ? undefined : products.lookup(leader.exePath);
  const commandLine = redactArgv(leader.cmdline, secrets).join(' ');
  const ports = [...new Set(listeners.filter((l) => l.poolId === pool.id).map((l) => l.port))].sort((a, b) => a - b);
  return {
    timeGenerated: new Date(timeMs).toISOString(),
    process: pool.id,
    executableName: cap(executableName, 256),
    executablePath: cap(leader.exePath, 4096),
    commandLine: cap(commandLine, 8192),
    workingDirectory: cap(leader.cwd, 4096),
    userName: cap(names.user(leader.uid), 256),
    groupName: cap(names.group(leader.gid), 256),
    startTime: new Date(pool.startTimeMs).toISOString(),
    firstPid: leader.pid,
    processCount: pool.pids.length,
    displayName: cap(executableName, 256),
    description: cap(product?.description ?? '', 1024),
    companyName: cap(product?.companyName ?? '', 256),
    productName: cap(product?.productName ?? '', 256),
    productVersion: cap(product?.productVersion ?? '', 128),
    roles: roleOf({ executableName, listeningPorts: ports, commandLine }),
    group: cap(processGroupOf({ executableName, productName: product?.productName ?? '' }), 256),
    containerId: leader.containerId,
    netns: leader.netns,
  };
}

/** The fields whose change makes a pool's inventory worth sending before the hourly one. */
export function inventoryFingerprint(row: ProcessInventory): string {
  const { timeGenerated: _t, processCount: _c, firstPid: _p, startTime: _s, ...stable } = row;
  return JSON.stringify(stable);
}
