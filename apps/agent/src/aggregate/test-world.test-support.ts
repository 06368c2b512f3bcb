// Builders for hand-made snapshots in the aggregation tests (not a test file itself).
import type { ProcessInfo } from '../model/process-info.js';
import { TcpState, type SocketEntry } from '../model/socket-entry.js';
import type { Snapshot } from '../model/snapshot.js';

export const NS = 4026531833;
export const MACHINE = 'm-4b9c93f9-bc37-46df-b43c-899ba829e07b';

export function proc(pid: number, over: Partial<ProcessInfo> = {}): ProcessInfo {
  return {
    pid,
    ppid: 1,
    comm: 'proc',
    exePath: `/usr/bin/proc${pid}`,
    exeDeleted: false,
    cmdline: [`proc${pid}`],
    cwd: '/',
    uid: 0,
    gid: 0,
    startTimeMs: 1_000 + pid,
    netns: NS,
    containerId: '',
    zombie: false,
    socketInodes: [],
    ...over,
  };
}

export function sock(
  inode: number,
  local: [string, number],
  remote: [string, number],
  state: number = TcpState.ESTABLISHED,
  netns = NS,
): SocketEntry {
  return {
    netns,
    family: local[0].includes(':') ? 6 : 4,
    localIp: local[0],
    localPort: local[1],
    remoteIp: remote[0],
    remotePort: remote[1],
    state: state as SocketEntry['state'],
    inode,
    uid: 0,
  };
}

export function snapshot(processes: ProcessInfo[], sockets: SocketEntry[], takenAtMs = 0): Snapshot {
  return {
    takenAtMs,
    processes: new Map(processes.map((p) => [p.pid, p])),
    sockets,
    netns: [...new Set([NS, ...sockets.map((s) => s.netns)])],
    ownNetns: NS,
    limitations: [],
  };
}
