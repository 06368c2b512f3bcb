import type { ProcessInfo } from '../../model/process-info.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { SocketEntry } from '../../model/socket-entry.js';
import { failureOfCode, fsFailure, nodeProcFs, type ProcFs } from './proc-fs.js';
import { parseProcNetTcp } from './proc-net-tcp.js';
import { ProcReadPool, runProcReadTask, type ProcReadResult, type ProcReadTask } from './proc-read-pool.js';
import { parseBootTimeMs, parseNamespaceInode } from './process-stat.js';
import { deniedNote, readProcess, readProcessDetails, type ProcessDetails, type ProcessStatic } from './read-process.js';

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
  /** Filesystem port; tests inject failures through it. Injecting one disables the helper thread. */
  readonly fs?: ProcFs;
  /** Share full scans with one helper thread (default true). See {@link ProcReadPool}. */
  readonly helperThread?: boolean;
  /** Whether the agent runs as root, for the wording of limitations. Default: the effective uid is 0. */
  readonly asRoot?: boolean;
}

/**
 * Below this many socket fds a scan takes a few ms and a helper thread's start-up (~30 ms of CPU)
 * does not pay; above it the helper halves the scan on two cores.
 */
const HELPER_MIN_SOCKET_FDS = 4000;

/** lastSockets mark of a process without fds (kernel thread, zombie): its fd dir is not walked. */
const NO_FDS = -1;

/** One namespace whose tables a scan reads: the pids to read them through, in order of preference. */
interface TableSource {
  readonly netns: number;
  readonly dirs: readonly string[];
}

/**
 * Reads processes and TCP socket tables from procfs. Holds a per-pid cache of what does not
 * change for a process (exe, cmdline, cwd, cgroup, netns), so that a repeated scan costs mostly
 * the fd readlinks. The cache is keyed by pid, start time and comm: an exec of a same-named
 * program, a setproctitle or a setns keeps the old values until {@link ProcfsReader.invalidate}.
 * Synchronous by design (sync fs calls are the fastest on /proc); a full scan shares its reads
 * with a helper thread. Not re-entrant; one instance per collector.
 */
export class ProcfsReader {
  private readonly procRoot: string;
  private readonly namespaces: 'own' | 'all';
  private readonly self: string;
  private readonly fs: ProcFs;
  private readonly pool: ProcReadPool;
  private readonly cache = new Map<number, ProcessStatic>();
  /** Socket count per pid at the last scan (NO_FDS: kernel thread or zombie): big walks go first. */
  private readonly lastSockets = new Map<number, number>();
  private bootTimeMs: number | undefined;
  private readonly asRoot: boolean;

  constructor(options: ProcfsReaderOptions = {}) {
    this.procRoot = options.procRoot ?? '/proc';
    this.namespaces = options.namespaces ?? 'own';
    this.self = options.selfPid === undefined ? 'self' : String(options.selfPid);
    this.fs = options.fs ?? nodeProcFs;
    this.asRoot = options.asRoot ?? process.geteuid?.() === 0;
    const helperThread = options.helperThread ?? true;
    this.pool = new ProcReadPool(options.fs === undefined ? { helperThread } : { fs: options.fs, helperThread: false });
  }

  /** Every process, and the sockets of every covered network namespace, at `nowMs`. */
  snapshot(nowMs: number): Snapshot {
    const limitations = new Set<string>();
    const context = { bootTimeMs: this.readBootTimeMs(), fs: this.fs, cache: this.cache, limitations, asRoot: this.asRoot };
    const pids = this.listPids();
    const ownNetns = this.ownNetns();
    const own = this.ownSource(ownNetns);
    const withHelper = this.expectedSocketFds() >= HELPER_MIN_SOCKET_FDS;
    // The own tables first (the biggest tasks), then fd dirs, heaviest at the last scan first;
    // the helper starts on them while this thread reads every process's stat and status.
    const walked = pids.filter((pid) => this.lastSockets.get(pid) !== NO_FDS).sort((a, b) => this.weight(b) - this.weight(a));
    const tasks = [...tableTasks(own.dirs[0] ?? ''), ...walked.map((pid) => this.fdTask(pid))];
    const details: ProcessDetails[] = [];
    const results = this.pool.run(tasks, withHelper, () => {
      for (const pid of pids) {
        const d = readProcessDetails(this.procRoot, pid, context);
        if (d !== undefined) details.push(d);
      }
    });
    const fdResults = new Map<number, ProcReadResult>();
    walked.forEach((pid, i) => {
      const result = results[2 + i];
      if (result !== undefined) fdResults.set(pid, result);
    });
    const others = this.otherSources(ownNetns, details);
    const otherResults = others.length === 0 ? [] : this.pool.run(others.flatMap((s) => tableTasks(s.dirs[0] ?? '')), withHelper);

    const processes = this.assembleProcesses(details, fdResults, limitations);
    const tableResults = [...results.slice(0, 2), ...otherResults];
    const { sockets, netns } = this.assembleTables([own, ...others], tableResults, limitations);
    this.forgetExcept(processes);
    return { takenAtMs: nowMs, processes, sockets, netns, ownNetns, limitations: [...limitations] };
  }

  /**
   * The socket tables alone (cheap: no fd walk). With `namespaces: 'all'` the namespaces are
   * found again through one `ns/net` readlink per process.
   */
  readTables(): SocketEntry[] {
    const ownNetns = this.ownNetns();
    const sources = [this.ownSource(ownNetns)];
    if (this.namespaces === 'all') {
      for (const [netns, pids] of this.membersFromLinks()) {
        if (netns !== ownNetns && netns !== 0) sources.push({ netns, dirs: pids.map((pid) => `${this.procRoot}/${pid}`) });
      }
    }
    const results = sources.flatMap((s) => tableTasks(s.dirs[0] ?? '')).map((t) => this.readTask(t));
    return this.assembleTables(sources, results, new Set()).sockets;
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

  /** Stops the helper thread (it never keeps the process alive; this is for tidy shutdowns). */
  close(): Promise<void> {
    return this.pool.close();
  }

  /** Socket fds the last scan saw, or for a first scan the own namespace's TCP sockets in use. */
  private expectedSocketFds(): number {
    if (this.lastSockets.size > 0) {
      let total = 0;
      for (const count of this.lastSockets.values()) total += Math.max(count, 0);
      return total;
    }
    try {
      const sockstat = this.fs.readFile(`${this.procRoot}/${this.self}/net/sockstat`);
      const at = sockstat.indexOf('TCP: inuse ');
      return at < 0 ? 0 : Number.parseInt(sockstat.slice(at + 'TCP: inuse '.length), 10) || 0;
    } catch {
      return 0;
    }
  }

  private weight(pid: number): number {
    return this.lastSockets.get(pid) ?? 0;
  }

  private readTask(task: ProcReadTask): ProcReadResult {
    try {
      return { kind: 'file', text: this.fs.readFile(task.path) };
    } catch (error) {
      return { kind: 'error', code: (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN' };
    }
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

  private ownSource(ownNetns: number): TableSource {
    return { netns: ownNetns, dirs: [`${this.procRoot}/${this.self}`] };
  }

  /** With 'all': every namespace but the own one, through its live processes. */
  private otherSources(ownNetns: number, details: readonly ProcessDetails[]): TableSource[] {
    if (this.namespaces === 'own') return [];
    const members = new Map<number, string[]>();
    for (const { info } of details) {
      if (info.zombie || info.netns === 0 || info.netns === ownNetns) continue;
      const dirs = members.get(info.netns);
      const dir = `${this.procRoot}/${info.pid}`;
      if (dirs === undefined) members.set(info.netns, [dir]);
      else dirs.push(dir);
    }
    return [...members].map(([netns, dirs]) => ({ netns, dirs }));
  }

  private fdTask(pid: number): ProcReadTask {
    return { kind: 'fds', path: `${this.procRoot}/${pid}/fd` };
  }

  /**
   * Joins process details with their fd walks. A process walked as gone is left out; one not
   * walked (fd-less at the last scan, now a reused pid) is walked here.
   */
  private assembleProcesses(
    details: readonly ProcessDetails[],
    fdResults: ReadonlyMap<number, ProcReadResult>,
    limitations: Set<string>,
  ): Map<number, ProcessInfo> {
    const processes = new Map<number, ProcessInfo>();
    for (const { info, hasFds } of details) {
      if (!hasFds) {
        processes.set(info.pid, info);
        this.lastSockets.set(info.pid, NO_FDS);
        continue;
      }
      const result = fdResults.get(info.pid) ?? runProcReadTask(this.fs, this.fdTask(info.pid));
      if (result.kind === 'fds') {
        processes.set(info.pid, { ...info, socketInodes: result.inodes });
        this.lastSockets.set(info.pid, result.inodes.length);
        continue;
      }
      const failure = result.kind === 'error' ? failureOfCode(result.code) : 'other';
      if (failure === 'gone') continue; // exited during the scan
      if (failure === 'denied') limitations.add(deniedNote('fds', this.asRoot));
      processes.set(info.pid, info);
      this.lastSockets.set(info.pid, 0);
    }
    return processes;
  }

  /** Parses each source's tables, falling back to its other pids when the first one exited. */
  private assembleTables(
    sources: readonly TableSource[],
    results: readonly ProcReadResult[],
    limitations: Set<string>,
  ): { sockets: SocketEntry[]; netns: number[] } {
    const sockets: SocketEntry[] = [];
    const netns: number[] = [];
    sources.forEach((source, i) => {
      let v4 = results[2 * i];
      let v6 = results[2 * i + 1];
      for (const dir of source.dirs.slice(1)) {
        if (v4?.kind === 'file') break;
        [v4, v6] = tableTasks(dir).map((t) => this.readTask(t));
      }
      if (v4?.kind !== 'file') {
        limitations.add(`cannot read the socket tables of network namespace ${source.netns}`);
        return;
      }
      netns.push(source.netns);
      appendRows(sockets, parseProcNetTcp(v4.text, 4, source.netns));
      // A kernel without IPv6 has no tcp6 file; the v4 table still stands.
      if (v6?.kind === 'file') appendRows(sockets, parseProcNetTcp(v6.text, 6, source.netns));
    });
    return { sockets, netns };
  }

  private forgetExcept(alive: ReadonlyMap<number, unknown>): void {
    for (const pid of this.cache.keys()) if (!alive.has(pid)) this.cache.delete(pid);
    for (const pid of this.lastSockets.keys()) if (!alive.has(pid)) this.lastSockets.delete(pid);
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
      const pids = members.get(netns);
      if (pids === undefined) members.set(netns, [pid]);
      else pids.push(pid);
    }
    return members;
  }
}

/** The two table files of a namespace, read through a process dir. */
function tableTasks(processDir: string): ProcReadTask[] {
  return [
    { kind: 'file', path: `${processDir}/net/tcp` },
    { kind: 'file', path: `${processDir}/net/tcp6` },
  ];
}

/** push(...rows) overflows the stack at tens of thousands of rows. */
function appendRows(target: SocketEntry[], rows: readonly SocketEntry[]): void {
  for (const row of rows) target.push(row);
}
