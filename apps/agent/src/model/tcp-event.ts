/**
 * A TCP connection lifecycle event, decoded and correlated from kernel trace events
 * (sock:inet_sock_set_state, sock:inet_sk_error_report). The event collector turns several raw
 * transitions of one socket (keyed by its kernel address) into these.
 */
export type TcpEvent =
  | {
      /** An outbound connect() completed the handshake (SYN_SENT → ESTABLISHED). */
      readonly kind: 'connected';
      readonly common: TcpEventCommon;
    }
  | {
      /** A passive open completed (SYN_RECV → ESTABLISHED): a server accepted a client. */
      readonly kind: 'accepted';
      readonly common: TcpEventCommon;
    }
  | {
      /** An outbound connect() failed before the handshake completed (SYN_SENT → CLOSE). */
      readonly kind: 'failed';
      readonly common: TcpEventCommon;
      readonly reason: 'refused' | 'timedOut' | 'unknown';
    }
  | {
      /** A connection that had been established closed. */
      readonly kind: 'closed';
      readonly common: TcpEventCommon;
      /** Which side of the handshake this socket was, when the collector saw it begin. */
      readonly origin: 'connected' | 'accepted' | 'unknown';
    };

export interface TcpEventCommon {
  /** Kernel clock converted to epoch milliseconds. */
  readonly timeMs: number;
  /** Kernel socket address (hex), stable for the socket's life, reused after it. */
  readonly sockId: string;
  /**
   * Pid of the process that owns the socket when known: the connecting process for outbound
   * sockets (from the CLOSE → SYN_SENT record, which runs in its context); 0 when unknown
   * (accepted sockets change state in softirq context: attribute them by their listener).
   */
  readonly pid: number;
  readonly family: 4 | 6;
  readonly localIp: string;
  readonly localPort: number;
  readonly remoteIp: string;
  readonly remotePort: number;
}

/** Anything that produces TcpEvents: the tracefs collector, or a fake in tests. */
export interface TcpEventSource {
  /** Returns the events decoded since the last call (non-blocking). */
  drain(): TcpEvent[];
  /** Events the kernel dropped because the buffer overran, since the source started. */
  lostEvents(): number;
  close(): Promise<void>;
}
