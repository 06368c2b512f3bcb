import { Type, type Static } from 'typebox';
import { CONTINUATION_PARAM, ContinuationQuery, decodeContinuation, TOP_DEFAULT, type Continuation } from './paging.js';
import { ApiVersionQuery } from './service-map-scope.js';
import { liveWindowOf, TimestampQuery, TimeWindowQuery, timestampOf, type TimeWindow } from './time-window.js';

/** Query of Machines_ListProcesses (its spec has no `$top`: pages hold 100), plus our continuation. */
export const ProcessesPageQuery = Type.Object({
  ...ApiVersionQuery,
  ...TimeWindowQuery,
  ...TimestampQuery,
  live: Type.Optional(Type.Boolean({ description: 'true: active in [startTime, endTime]; false: inventory as of timestamp' })),
  ...ContinuationQuery,
});
export type ProcessesPageQuery = Static<typeof ProcessesPageQuery>;

/** What one page of a machine's processes reads. */
export interface ProcessesPageRead {
  /** The live interval, or undefined for inventory as of {@link asOf}. */
  readonly window: TimeWindow | undefined;
  readonly asOf: Date;
  readonly continuation: Continuation;
}

type FrozenQuery = Readonly<Record<string, string>>;

function modeOf(query: { live?: string; startTime?: string; endTime?: string; timestamp?: string }, now: Date): Omit<ProcessesPageRead, 'continuation'> {
  if (query.live === 'false') return { window: undefined, asOf: timestampOf(query, now) };
  const window = liveWindowOf(query, now);
  return { window, asOf: window.to };
}

/**
 * Resolves a Machines_ListProcesses request (a bad date is a 400 before any read). The first page
 * freezes the mode and its resolved times into the continuation, as the machines list does, so
 * later pages list the same set although "now" has moved on.
 */
export function processesPageRead(query: ProcessesPageQuery, now: Date): ProcessesPageRead {
  const token = query[CONTINUATION_PARAM];
  if (token !== undefined) {
    const continuation = decodeContinuation(token);
    return { ...modeOf(continuation.query, now), continuation };
  }
  const { startTime, endTime, timestamp } = query;
  const read = modeOf({ live: String(query.live ?? true), startTime, endTime, timestamp }, now);
  const frozen: FrozenQuery = read.window === undefined
    ? { live: 'false', timestamp: read.asOf.toISOString() }
    : { live: 'true', startTime: read.window.from.toISOString(), endTime: read.window.to.toISOString() };
  return { ...read, continuation: { offset: 0, top: TOP_DEFAULT, query: frozen } };
}
