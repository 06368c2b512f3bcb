import type { MachineCollection } from '@servicemap/protocol';
import { Type, type Static } from 'typebox';
import type { MachineQueries } from './machine-queries.js';
import { storedMachineResource } from './stored-resources.js';
import {
  CONTINUATION_PARAM,
  decodeContinuation,
  nextLinkOf,
  pageOf,
  requestOriginOf,
  TOP_DEFAULT,
  TOP_MAX,
  type Continuation,
} from './paging.js';
import { ApiVersionQuery, type ServiceMapScope } from './service-map-scope.js';
import { liveWindowOf, parseDateParam, TimestampQuery, TimeWindowQuery, timestampOf } from './time-window.js';

/** Query of Machines_ListByWorkspace, plus our continuation token (only ever sent back in nextLinks). */
export const MachinesPageQuery = Type.Object({
  ...ApiVersionQuery,
  ...TimeWindowQuery,
  ...TimestampQuery,
  live: Type.Optional(Type.Boolean({ description: 'true: reported in [startTime, endTime]; false: inventory as of timestamp' })),
  $top: Type.Optional(Type.Integer({ minimum: 1, maximum: TOP_MAX, description: `Page size (default ${TOP_DEFAULT})` })),
  [CONTINUATION_PARAM]: Type.Optional(Type.String({ maxLength: 4096, description: 'Opaque; comes from nextLink' })),
});
export type MachinesPageQuery = Static<typeof MachinesPageQuery>;

/**
 * The first page freezes the request into a continuation: resolved absolute times, so that later
 * pages list the same set even though "now" has moved on.
 */
function firstContinuation(query: MachinesPageQuery, now: Date): Continuation {
  const top = query.$top ?? TOP_DEFAULT;
  if (query.live ?? true) {
    const window = liveWindowOf(query, now);
    return { offset: 0, top, query: { live: 'true', startTime: window.from.toISOString(), endTime: window.to.toISOString() } };
  }
  return { offset: 0, top, query: { live: 'false', timestamp: timestampOf(query, now).toISOString() } };
}

async function machinesOf(queries: MachineQueries, frozen: Continuation['query']): ReturnType<MachineQueries['liveMachines']> {
  if (frozen.live === 'false') return queries.inventoryMachines(parseDateParam('timestamp', frozen.timestamp ?? ''));
  return queries.liveMachines({
    from: parseDateParam('startTime', frozen.startTime ?? ''),
    to: parseDateParam('endTime', frozen.endTime ?? ''),
  });
}

/** One page of Machines_ListByWorkspace, with an absolute nextLink when more follow. */
export async function machinesPage(
  request: { protocol: string; host: string; url: string; query: MachinesPageQuery },
  scope: ServiceMapScope,
  queries: MachineQueries,
  now: Date,
): Promise<MachineCollection> {
  const token = request.query[CONTINUATION_PARAM];
  const continuation = token === undefined ? firstContinuation(request.query, now) : decodeContinuation(token);
  const machines = await machinesOf(queries, continuation.query);
  const page = pageOf(machines, continuation.offset, continuation.top);
  const value = page.items.map((row) => storedMachineResource(scope.ids, row));
  if (page.nextOffset === undefined) return { value };
  const next = { ...continuation, offset: page.nextOffset };
  return { value, nextLink: nextLinkOf(requestOriginOf(request), scope.apiVersion, next) };
}
