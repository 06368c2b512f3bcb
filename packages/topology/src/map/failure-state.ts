import type { ConnectionFailureState } from '@servicemap/protocol';

/** Link counters of a connection over the window, from the client's point of view. */
export interface LinkCounters {
  linksEstablished: number;
  linksTerminated: number;
  linksFailed: number;
  /** Open at the end of the newest minute seen (a level, not a sum over minutes). */
  linksLive: number;
  /** Client → server. */
  bytesSent: number;
  /** Server → client. */
  bytesReceived: number;
}

export function zeroCounters(): LinkCounters {
  return { linksEstablished: 0, linksTerminated: 0, linksFailed: 0, linksLive: 0, bytesSent: 0, bytesReceived: 0 };
}

/** Adds `more` into `into`. */
export function addCounters(into: LinkCounters, more: Readonly<LinkCounters>): void {
  into.linksEstablished += more.linksEstablished;
  into.linksTerminated += more.linksTerminated;
  into.linksFailed += more.linksFailed;
  into.linksLive += more.linksLive;
  into.bytesSent += more.bytesSent;
  into.bytesReceived += more.bytesReceived;
}

/**
 * `ok` without failed attempts; `failed` when attempts failed and no link was ever up (none
 * established, live or closed in the window); `mixed` otherwise. A link closed in the window
 * counts as up: it was established, maybe before the window.
 */
export function failureStateOf(counters: Readonly<LinkCounters>): ConnectionFailureState {
  if (counters.linksFailed === 0) return 'ok';
  const up = counters.linksEstablished + counters.linksLive + counters.linksTerminated;
  return up === 0 ? 'failed' : 'mixed';
}

const SEVERITY: Record<ConnectionFailureState, number> = { ok: 0, mixed: 1, failed: 2 };

/**
 * The state of an edge that stands for several connections (a process group's edge): the worst
 * of them, so one failed connection anywhere in the group marks the group's edge failed.
 */
export function worstFailureState(states: Iterable<ConnectionFailureState>): ConnectionFailureState {
  let worst: ConnectionFailureState = 'ok';
  for (const state of states) if (SEVERITY[state] > SEVERITY[worst]) worst = state;
  return worst;
}
