import type { ProcessInfo } from '../../model/process-info.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { SocketEntry } from '../../model/socket-entry.js';
import { fsFailure, nodeProcFs, type ProcFs } from './proc-fs.js';
import { parseProcNetTcp } from './proc-net-tcp.js';
import { parseBootTimeMs, parseNamespaceInode } from './process-stat.js';
import { readProcess, type ProcessStatic } from './read-process.js';

/** Options of {@link ProcfsReader}. */
export interface ProcfsReaderOptions {
  /** Where procfs is mounted; a fixture tree in tests. Default '/proc'. */
  readonly procRoot?: string;
  /**
   * Which network namespaces' socket tables to read: 'own' = the agent's only, 'all' = every
   * namespace some process lives in. Default 'own'.
   */
  readonly namespaces?: 'own' | 'all';
  /** The agent's pid, used instead of `<procRoot>/self` (a fixture tree has no live `self`). */
  readonly selfPid?: number;
  /** Filesystem port; tests inject failures through it. */
  readonly fs?: ProcFs;
}

/**
 * Reads processes and TCP socket tables from procfs. Holds a per-pid cache of what does not
 * change for a process (exe, cmdline, cwd, cgroup, netns), so that a repeated scan costs mostly
 * the fd readlinks. Not thread-safe; one instance per collector.
 */
export class ProcfsReader {
  private readonly procRoot: string;
  private readonly namespaces: 'own' | 'all';
  private readonly self: string;
  private readonly fs: ProcFs;
  private readonly cache = new Map<number, ProcessStatic>();
  private bootTimeMs: number | undefined;

  constructor(options: ProcfsReaderOptions = {}) {
    this.procRoot = options.procRoot ?? '/proc';
    this.namespaces = options.namespaces ?? 'own';
    this.self = options.selfPid === undefined ? 'self' : String(options.selfPid);
    this.fs = options.fs ?? nodeProcFs;
  }

  /** Every process, and the sockets of every covered network namespace, at `nowMs`. */
  snapshot(nowMs: number): Snapshot {
    const limitations = new Set<string>();
    const processes = new Map<number, ProcessInfo>();
    const pids = this.listPids();
    const context = { bootTimeMs: this.readBootTimeMs(), fs: this.fs, cache: this.cache, limitations };
    for (const pid of pids) {
      const info = readProcess(this.procRoot, pid, context);
      if (info !== undefined) processes.set(pid, info);
    }
    this.forgetExcept(processes);
    const ownNetns = this.ownNetns();
    const members = this.namespaces === 'all' ? membersFromProcesses(processes.values()) : new Map<number, number[]>();
    const { sockets, netns } = this.readTablesOf(ownNetns, members, limitations);
    return { takenAtMs: nowMs, processes, sockets, netns, ownNetns, limitations: [...limitations] };
  }

  /**
   * The socket tables alone (cheap: no fd walk). With `namespaces: 'all'` the namespaces are
   * found again through one `ns/net` readlink per process.
   */
  readTables(): SocketEntry[] {
    const members = this.namespaces === 'all' ? this.membersFromLinks() : new Map<number, number[]>();
    return this.readTablesOf(this.ownNetns(), members, new Set()).sockets;
  }

  /** Re-reads only these processes (e.g. named by kernel events); exited ones are left out. */
  rescan(pids: Iterable<number>): ProcessInfo[] {
    const context = { bootTimeMs: this.readBootTimeMs(), fs: this.fs, cache: this.cache };
    const infos: ProcessInfo[] = [];
    for (const pid of pids) {
      const info = readProcess(this.procRoot, pid, context);
      if (info === undefined) this.cache.delete(pid);
      else infos.push(info);
    }
    return infos;
  }

  /** Drops what is cached for a pid, e.g. after an exec event. */
  invalidate(pid: number): void {
    this.cache.delete(pid);
  }

  private listPids(): number[] {
    const pids: number[] = [];
    for (const name of this.fs.readDir(this.procRoot)) {
      const code = name.charCodeAt(0);
      if (code < 48 || code > 57) continue;
      const pid = Number(name);
      if (Number.isInteger(pid)) pids.push(pid);
    }
    return pids;
  }

  private readBootTimeMs(): number {
    this.bootTimeMs ??= parseBootTimeMs(this.fs.readFile(`${this.procRoot}/stat`)) ?? 0;
    return this.bootTimeMs;
  }

  private ownNetns(): number {
    return parseNamespaceInode(this.fs.readLink(`${this.procRoot}/${this.self}/ns/net`));
  }

  private forgetExcept(alive: ReadonlyMap<number, unknown>): void {
    for (const pid of this.cache.keys()) if (!alive.has(pid)) this.cache.delete(pid);
  }

  /** netns → pids in it, from `ns/net` links (for readTables, which reads no processes). */
  private membersFromLinks(): Map<number, number[]> {
    const members = new Map<number, number[]>();
    for (const pid of this.listPids()) {
      let netns: number;
      try {
        netns = parseNamespaceInode(this.fs.readLink(`${this.procRoot}/${pid}/ns/net`));
      } catch (error) {
        if (fsFailure(error) === 'other') throw error;
        continue;
      }
      addMember(members, netns, pid);
    }
    return members;
  }

  /**
   * Reads the own namespace's tables through `self`, and each other namespace's once, through
   * the first of its processes whose tables can still be read.
   */
  private readTablesOf(
    ownNetns: number,
    members: ReadonlyMap<number, readonly number[]>,
    limitations: Set<string>,
  ): { sockets: SocketEntry[]; netns: number[] } {
    const sockets: SocketEntry[] = [];
    const netns = [ownNetns];
    appendTables(sockets, this.tablesAt(`${this.procRoot}/${this.self}/net`, ownNetns) ?? []);
    for (const [ns, pids] of members) {
      if (ns === ownNetns || ns === 0) continue;
      const tables = this.firstReadableTables(ns, pids);
      if (tables === undefined) {
        limitations.add(`cannot read the socket tables of network namespace ${ns}`);
        continue;
      }
      netns.push(ns);
      appendTables(sockets, tables);
    }
    return { sockets, netns };
  }

  private firstReadableTables(ns: number, pids: readonly number[]): SocketEntry[][] | undefined {
    for (const pid of pids) {
      const tables = this.tablesAt(`${this.procRoot}/${pid}/net`, ns);
      if (tables !== undefined) return tables;
    }
    return undefined;
  }

  /** tcp and tcp6 of one namespace; undefined when the process went away; tcp6 may be absent. */
  private tablesAt(netDir: string, ns: number): SocketEntry[][] | undefined {
    let v4: string;
    try {
      v4 = this.fs.readFile(`${netDir}/tcp`);
    } catch (error) {
      if (fsFailure(error) === 'other') throw error;
      return undefined;
    }
    let v6 = '';
    try {
      v6 = this.fs.readFile(`${netDir}/tcp6`);
    } catch (error) {
      // A kernel without IPv6 has no tcp6 file; the v4 table still stands.
      if (fsFailure(error) === 'other') throw error;
    }
    return [parseProcNetTcp(v4, 4, ns), parseProcNetTcp(v6, 6, ns)];
  }
}

function addMember(members: Map<number, number[]>, netns: number, pid: number): void {
  const pids = members.get(netns);
  if (pids === undefined) members.set(netns, [pid]);
  else pids.push(pid);
}

/** netns → pids in it. Zombies have no namespace left; unreadable ones (0) are skipped later. */
function membersFromProcesses(processes: Iterable<ProcessInfo>): Map<number, number[]> {
  const members = new Map<number, number[]>();
  for (const p of processes) if (!p.zombie) addMember(members, p.netns, p.pid);
  return members;
}

/** push(...rows) overflows the stack at tens of thousands of rows. */
function appendTables(target: SocketEntry[], tables: readonly SocketEntry[][]): void {
  for (const rows of tables) for (const row of rows) target.push(row);
}
