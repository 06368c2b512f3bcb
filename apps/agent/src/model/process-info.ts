/** What the agent knows of one process, read from `/proc/PID`. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** `comm` from /proc/PID/stat (at most 15 characters). */
  readonly comm: string;
  /** Target of /proc/PID/exe without a ` (deleted)` suffix; empty when unreadable (kernel threads, no permission). */
  readonly exePath: string;
  /** The executable was replaced or removed after the process started. */
  readonly exeDeleted: boolean;
  /** argv as the process set it; empty for kernel threads and zombies. */
  readonly cmdline: readonly string[];
  /** Empty when unreadable. */
  readonly cwd: string;
  readonly uid: number;
  readonly gid: number;
  /** Process start, milliseconds since the epoch (boot time + starttime ticks). */
  readonly startTimeMs: number;
  /** Inode of its network namespace, 0 when unreadable. */
  readonly netns: number;
  /** Container id from its cgroup path, empty outside containers. */
  readonly containerId: string;
  /** A zombie keeps its pid but has no fds, exe or cmdline left. */
  readonly zombie: boolean;
  /** Inodes of the sockets it holds open (from /proc/PID/fd). */
  readonly socketInodes: readonly number[];
}
