import type { ProcessInfo } from '../../model/process-info.js';
import { containerIdFromCgroup } from './container-id.js';
import { fsFailure, nodeProcFs, type ProcFs } from './proc-fs.js';
import {
  parseCmdline,
  parseNamespaceInode,
  parseProcessStat,
  parseStatusIds,
  PF_KTHREAD,
  type ProcessStat,
} from './process-stat.js';

/** USER_HZ: the unit of stat's starttime. 100 on every Linux architecture the agent supports. */
const CLK_TCK = 100;

/**
 * Limitation notes, fixed strings so a status page shows each once. Without root, other users'
 * processes are closed to the agent; as root, some still are (processes of another user
 * namespace, or protected by a security module), and "run as root" would be bad advice.
 */
export const Limitation = {
  fdsDenied: "cannot read the open fds of other users' processes: run as root for full visibility",
  detailsDenied:
    "cannot read the executable, working directory or network namespace of other users' processes: run as root for full visibility",
  fdsDeniedAsRoot: 'cannot read the open fds of some processes even as root (another user namespace or a security module): their sockets have no owner',
  detailsDeniedAsRoot:
    'cannot read the executable, working directory or network namespace of some processes even as root (another user namespace or a security module)',
} as const;

/** The note for a denied read of fds or of the other details. */
export function deniedNote(what: 'fds' | 'details', asRoot: boolean): string {
  if (what === 'fds') return asRoot ? Limitation.fdsDeniedAsRoot : Limitation.fdsDenied;
  return asRoot ? Limitation.detailsDeniedAsRoot : Limitation.detailsDenied;
}

/**
 * What does not change while a process keeps its pid, start time and comm. A process that execs
 * keeps pid and start time; comm (the new executable's name) is what tells the two apart, and a
 * caller that sees an exec event can drop the entry outright.
 */
export interface ProcessStatic {
  readonly startTicks: number;
  readonly comm: string;
  readonly exePath: string;
  readonly exeDeleted: boolean;
  readonly cmdline: readonly string[];
  readonly cwd: string;
  readonly netns: number;
  readonly containerId: string;
  /** Some of the fields above were unreadable for lack of privilege. */
  readonly denied: boolean;
}

/** Everything readProcess needs besides the pid. */
export interface ReadProcessContext {
  /** Boot time, epoch ms (`btime` of /proc/stat). */
  readonly bootTimeMs: number;
  readonly fs?: ProcFs;
  /** Static facts by pid, reused while start time and comm match; updated in place. */
  readonly cache?: Map<number, ProcessStatic>;
  /** Receives limitation notes; a Set so each is noted once per scan. */
  readonly limitations?: Set<string>;
  /** The agent runs as root: picks the wording of limitation notes. Default false. */
  readonly asRoot?: boolean;
}

/** Thrown inside this module when the process turns out to have exited; never escapes it. */
class ProcessGone extends Error {}
const GONE = new ProcessGone('process gone');

/** Calls `read`; a vanished process aborts the read, a denied or odd read yields `fallback`. */
function attempt<T>(read: () => T, fallback: T, onDenied: () => void): T {
  try {
    return read();
  } catch (error) {
    const failure = fsFailure(error);
    if (failure === 'gone') throw GONE;
    if (failure === 'denied') onDenied();
    return fallback;
  }
}

/**
 * Reads one process from `<procRoot>/<pid>`. Returns undefined when the process does not exist
 * or exits while being read (ENOENT/ESRCH anywhere); never throws for that. Fields it may not
 * read (EACCES) come back empty and a note goes to `context.limitations`. Zombies and kernel
 * threads have no exe, cwd, cmdline or fds, so those are not read at all.
 */
export function readProcess(procRoot: string, pid: number, context: ReadProcessContext): ProcessInfo | undefined {
  const details = readProcessDetails(procRoot, pid, context);
  if (details === undefined || !details.hasFds) return details?.info;
  const fs = context.fs ?? nodeProcFs;
  try {
    const socketInodes = attempt(
      () => socketInodesIn(fs, `${procRoot}/${pid}/fd`),
      [],
      () => context.limitations?.add(deniedNote('fds', context.asRoot ?? false)),
    );
    return { ...details.info, socketInodes };
  } catch (error) {
    if (error === GONE) return undefined;
    throw error;
  }
}

/** A process read without its fds, and whether it has fds worth walking. */
export interface ProcessDetails {
  /** socketInodes is empty here; the caller fills it from the fd walk. */
  readonly info: ProcessInfo;
  /** False for zombies and kernel threads. */
  readonly hasFds: boolean;
}

/** Like {@link readProcess} but without the fd walk, for callers that walk fds in bulk. */
export function readProcessDetails(procRoot: string, pid: number, context: ReadProcessContext): ProcessDetails | undefined {
  try {
    return readOrAbort(`${procRoot}/${pid}`, pid, context);
  } catch (error) {
    if (error === GONE) return undefined;
    throw error;
  }
}

function readOrAbort(dir: string, pid: number, context: ReadProcessContext): ProcessDetails | undefined {
  const fs = context.fs ?? nodeProcFs;
  const stat = parseProcessStat(attempt(() => fs.readFile(`${dir}/stat`), '', () => undefined));
  if (stat === undefined) return undefined;
  const ids = parseStatusIds(attempt(() => fs.readFile(`${dir}/status`), '', () => undefined));
  const zombie = stat.state === 'Z' || stat.state === 'X';
  const empty = zombie || (stat.flags & PF_KTHREAD) !== 0;
  const facts = empty ? emptyStatic(stat) : staticFacts(fs, dir, pid, stat, context);
  if (facts.denied) context.limitations?.add(deniedNote('details', context.asRoot ?? false));
  const info: ProcessInfo = {
    pid,
    ppid: stat.ppid,
    comm: stat.comm,
    exePath: facts.exePath,
    exeDeleted: facts.exeDeleted,
    cmdline: facts.cmdline,
    cwd: facts.cwd,
    uid: ids.uid,
    gid: ids.gid,
    startTimeMs: context.bootTimeMs + Math.round((stat.startTicks * 1000) / CLK_TCK),
    netns: facts.netns,
    containerId: facts.containerId,
    zombie,
    socketInodes: [],
  };
  return { info, hasFds: !empty };
}

function emptyStatic(stat: ProcessStat): ProcessStatic {
  return { startTicks: stat.startTicks, comm: stat.comm, exePath: '', exeDeleted: false, cmdline: [], cwd: '', netns: 0, containerId: '', denied: false };
}

/** The cached facts when still valid, otherwise read afresh and cached. */
function staticFacts(fs: ProcFs, dir: string, pid: number, stat: ProcessStat, context: ReadProcessContext): ProcessStatic {
  const cached = context.cache?.get(pid);
  if (cached?.startTicks === stat.startTicks && cached.comm === stat.comm) return cached;
  let denied = false;
  const onDenied = () => {
    denied = true;
  };
  const exeLink = attempt(() => fs.readLink(`${dir}/exe`), '', onDenied);
  const exeDeleted = exeLink.endsWith(' (deleted)');
  const facts: ProcessStatic = {
    startTicks: stat.startTicks,
    comm: stat.comm,
    exePath: exeDeleted ? exeLink.slice(0, -' (deleted)'.length) : exeLink,
    exeDeleted,
    cmdline: parseCmdline(attempt(() => fs.readFile(`${dir}/cmdline`), '', onDenied)),
    cwd: attempt(() => fs.readLink(`${dir}/cwd`), '', onDenied),
    netns: parseNamespaceInode(attempt(() => fs.readLink(`${dir}/ns/net`), '', onDenied)),
    containerId: containerIdFromCgroup(attempt(() => fs.readFile(`${dir}/cgroup`), '', onDenied)),
    denied,
  };
  context.cache?.set(pid, facts);
  return facts;
}

const SOCKET_PREFIX = 'socket:[';

/**
 * Inodes of the sockets among a process's fds: one readdir plus one readlink per fd, the floor
 * of pid attribution (~4 µs per fd). An fd closed between the two calls is skipped; the process
 * is gone only if its fd directory is (the readdir throws ENOENT). Other errors are thrown.
 */
export function socketInodesIn(fs: ProcFs, fdDir: string): number[] {
  const inodes: number[] = [];
  const prefix = `${fdDir}/`;
  for (const name of fs.readDir(fdDir)) {
    let link: string;
    try {
      link = fs.readLink(prefix + name);
    } catch (error) {
      if (fsFailure(error) === 'gone') continue;
      throw error;
    }
    if (link.startsWith(SOCKET_PREFIX)) inodes.push(inodeOfSocketLink(link));
  }
  return inodes;
}

/** The number in `socket:[12345]`, read by char codes to avoid a slice per fd. */
function inodeOfSocketLink(link: string): number {
  let value = 0;
  for (let i = SOCKET_PREFIX.length; i < link.length; i++) {
    const digit = link.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  return value;
}
