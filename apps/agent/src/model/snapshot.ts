import type { ProcessInfo } from './process-info.js';
import type { SocketEntry } from './socket-entry.js';

/** One full look at the machine's processes and TCP sockets, in the namespaces the agent covers. */
export interface Snapshot {
  readonly takenAtMs: number;
  readonly processes: ReadonlyMap<number, ProcessInfo>;
  /** Every TCP socket of every covered network namespace. */
  readonly sockets: readonly SocketEntry[];
  /** The network namespaces covered (inodes). */
  readonly netns: readonly number[];
  /** The agent's own network namespace. */
  readonly ownNetns: number;
  /** Things the agent could not see (e.g. other users' fds without root). */
  readonly limitations: readonly string[];
}
