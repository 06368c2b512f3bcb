import { Type } from 'typebox';
import { ApiError } from '../../errors.js';

/** `$top` bounds and default (Azure: 1–200, default 100). */
export const TOP_DEFAULT = 100;
export const TOP_MAX = 200;

/** The query parameter our nextLinks carry the continuation in (not in Azure's spec: ours, opaque). */
export const CONTINUATION_PARAM = '$skipToken';

/**
 * The continuation field of every pageable list's query: sent back only in our nextLinks. Lists
 * whose operation has no `$top` in Azure's spec (the SDKs never send one) page at {@link TOP_DEFAULT}.
 */
export const ContinuationQuery = {
  [CONTINUATION_PARAM]: Type.Optional(Type.String({ maxLength: 4096, description: 'Opaque; comes from nextLink' })),
};

/** One page of a collection as Azure answers it: `nextLink` only when more follow. */
export interface CollectionPage<T> {
  value: T[];
  nextLink?: string;
}

/** A page of a list and the state to continue from. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Offset of the next page, or undefined on the last page. */
  readonly nextOffset: number | undefined;
}

/**
 * What a continuation token carries: the offset and the query that the first page was answered
 * for, so that following pages read the same snapshot (same window or timestamp) even though
 * "now" has moved on.
 */
export interface Continuation {
  readonly offset: number;
  readonly top: number;
  /** Query parameters frozen at the first page (resolved times, live flag). */
  readonly query: Readonly<Record<string, string>>;
}

/** Encodes a continuation as an opaque URL-safe token. */
export function encodeContinuation(continuation: Continuation): string {
  return Buffer.from(JSON.stringify(continuation), 'utf8').toString('base64url');
}

/** Decodes a token from {@link encodeContinuation}; 400 InvalidRequest when it is not one. */
export function decodeContinuation(token: string): Continuation {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (isContinuation(value)) return value;
  } catch {
    // fall through to the 400 below
  }
  throw new ApiError('InvalidRequest', `${CONTINUATION_PARAM} is not a valid continuation token.`);
}

function isContinuation(value: unknown): value is Continuation {
  if (typeof value !== 'object' || value === null) return false;
  const { offset, top, query } = value as Record<string, unknown>;
  return Number.isInteger(offset) && (offset as number) >= 0 &&
    Number.isInteger(top) && (top as number) >= 1 && (top as number) <= TOP_MAX &&
    typeof query === 'object' && query !== null &&
    Object.values(query).every((v) => typeof v === 'string');
}

/** Cuts one page of `top` items starting at `offset` out of a sorted list. */
export function pageOf<T>(items: readonly T[], offset: number, top: number): Page<T> {
  const slice = items.slice(offset, offset + top);
  const next = offset + top;
  return { items: slice, nextOffset: next < items.length ? next : undefined };
}

/** Where the request came in, so that nextLink is absolute and points back at this server. */
export interface RequestOrigin {
  readonly protocol: string;
  /** `host[:port]` as the client addressed us. */
  readonly host: string;
  /** The request path without the query string. */
  readonly path: string;
}

/**
 * The absolute nextLink: same path, `api-version`, and the continuation token. Old AutoRest
 * clients GET it verbatim, with nothing added.
 */
export function nextLinkOf(origin: RequestOrigin, apiVersion: string, continuation: Continuation): string {
  const params = new URLSearchParams({ 'api-version': apiVersion, [CONTINUATION_PARAM]: encodeContinuation(continuation) });
  return `${origin.protocol}://${origin.host}${origin.path}?${params.toString()}`;
}

/** The request's origin as Fastify sees it. */
export function requestOriginOf(request: { protocol: string; host: string; url: string }): RequestOrigin {
  const query = request.url.indexOf('?');
  return { protocol: request.protocol, host: request.host, path: query < 0 ? request.url : request.url.slice(0, query) };
}

/**
 * The page `continuation` points at, cut out of the whole sorted list, with the absolute nextLink
 * of the following page when there is one.
 */
export function collectionPage<T>(
  request: { protocol: string; host: string; url: string },
  apiVersion: string,
  continuation: Continuation,
  items: readonly T[],
): CollectionPage<T> {
  const page = pageOf(items, continuation.offset, continuation.top);
  if (page.nextOffset === undefined) return { value: [...page.items] };
  const next = { ...continuation, offset: page.nextOffset };
  return { value: [...page.items], nextLink: nextLinkOf(requestOriginOf(request), apiVersion, next) };
}
