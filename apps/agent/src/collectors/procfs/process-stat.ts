/** The fields of `/proc/PID/stat` the agent uses. */
export interface ProcessStat {
  readonly comm: string;
  /** One letter: R, S, D, Z (zombie), T, t, X, I … */
  readonly state: string;
  readonly ppid: number;
  /** Kernel flags (field 9); PF_KTHREAD marks kernel threads. */
  readonly flags: number;
  /** Start time in clock ticks since boot (field 22). */
  readonly startTicks: number;
}

/** PF_KTHREAD from include/linux/sched.h. */
export const PF_KTHREAD = 0x00200000;

/**
 * Parses `/proc/PID/stat`. comm may hold spaces and parentheses (a process can name itself
 * `a) b (c`), so it spans from the first '(' to the *last* ')'; the numbered fields follow.
 * Returns undefined for text that is not a stat line.
 */
export function parseProcessStat(text: string): ProcessStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  // rest[0] is field 3 (state), so field n is rest[n - 3].
  const rest = text.slice(close + 2).split(' ');
  const state = rest[0] ?? '';
  const ppid = Number(rest[1]);
  const flags = Number(rest[6]);
  const startTicks = Number(rest[19]);
  if (state === '' || !Number.isFinite(ppid) || !Number.isFinite(flags) || !Number.isFinite(startTicks)) return undefined;
  return { comm: text.slice(open + 1, close), state, ppid, flags, startTicks };
}

/** The effective uid and gid from `/proc/PID/status` (what `ps -o user` shows), -1 when absent. */
export function parseStatusIds(text: string): { uid: number; gid: number } {
  return { uid: secondValue(text, '\nUid:'), gid: secondValue(text, '\nGid:') };
}

/** `Uid:\treal\teffective\tsaved\tfs`: the effective one. */
function secondValue(text: string, key: string): number {
  const at = text.indexOf(key);
  if (at < 0) return -1;
  const lineEnd = text.indexOf('\n', at + 1);
  const fields = text.slice(at + key.length, lineEnd < 0 ? undefined : lineEnd).trim().split(/\s+/);
  const value = Number(fields[1]);
  return Number.isInteger(value) ? value : -1;
}

/** Boot time in epoch milliseconds from the `btime` line of `/proc/stat`, or undefined. */
export function parseBootTimeMs(text: string): number | undefined {
  const at = text.indexOf('btime ');
  if (at < 0) return undefined;
  const seconds = Number.parseInt(text.slice(at + 'btime '.length), 10);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/**
 * argv from `/proc/PID/cmdline`: NUL-separated, NUL-terminated. Trailing empty strings are the
 * NUL padding that setproctitle leaves (`nginx: worker process\0\0\0`), not arguments; a
 * process that rewrote its argv into one string keeps it as one element.
 */
export function parseCmdline(text: string): string[] {
  const args = text.split('\0');
  while (args.length > 0 && args[args.length - 1] === '') args.pop();
  return args;
}

/** Inode from a namespace link target such as `net:[4026531833]`, 0 when unparsable. */
export function parseNamespaceInode(link: string): number {
  const open = link.indexOf('[');
  const value = open < 0 ? NaN : Number.parseInt(link.slice(open + 1), 10);
  return Number.isFinite(value) ? value : 0;
}
