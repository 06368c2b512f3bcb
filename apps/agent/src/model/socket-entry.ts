/** TCP states as the kernel numbers them (include/net/tcp_states.h). */
export const TcpState = {
  ESTABLISHED: 1,
  SYN_SENT: 2,
  SYN_RECV: 3,
  FIN_WAIT1: 4,
  FIN_WAIT2: 5,
  TIME_WAIT: 6,
  CLOSE: 7,
  CLOSE_WAIT: 8,
  LAST_ACK: 9,
  LISTEN: 10,
  CLOSING: 11,
  NEW_SYN_RECV: 12,
} as const;
export type TcpState = (typeof TcpState)[keyof typeof TcpState];

/** One row of a network namespace's TCP table (`/proc/PID/net/tcp{,6}`). */
export interface SocketEntry {
  /** Inode of the network namespace the socket lives in (`/proc/PID/ns/net`). */
  readonly netns: number;
  /** Address family of the socket; a v4-mapped IPv6 socket reports its IPv4 addresses with family 4. */
  readonly family: 4 | 6;
  readonly localIp: string;
  readonly localPort: number;
  readonly remoteIp: string;
  readonly remotePort: number;
  readonly state: TcpState;
  /** Socket inode: the join key with `/proc/PID/fd/*` links `socket:[inode]`. 0 for TIME_WAIT etc. */
  readonly inode: number;
  readonly uid: number;
}
