import { describe, expect, it } from 'vitest';
import { decodeContinuation, encodeContinuation, nextLinkOf, pageOf, requestOriginOf } from './paging.js';

describe('paging', () => {
  it('cuts pages and says where the next one starts', () => {
    const items = [1, 2, 3, 4, 5];
    expect(pageOf(items, 0, 2)).toEqual({ items: [1, 2], nextOffset: 2 });
    expect(pageOf(items, 4, 2)).toEqual({ items: [5], nextOffset: undefined });
    expect(pageOf(items, 3, 2)).toEqual({ items: [4, 5], nextOffset: undefined });
  });

  it('round-trips continuation tokens and refuses forged ones', () => {
    const continuation = { offset: 200, top: 100, query: { live: 'true', startTime: '2025-01-01T00:00:00.000Z' } };
    expect(decodeContinuation(encodeContinuation(continuation))).toEqual(continuation);
    for (const bad of ['', 'nope', Buffer.from('{"offset":-1,"top":1,"query":{}}').toString('base64url'),
      Buffer.from('{"offset":0,"top":1000,"query":{}}').toString('base64url')]) {
      expect(() => decodeContinuation(bad), bad).toThrow(/not a valid continuation token/);
    }
  });

  it('builds an absolute nextLink on the request path with api-version', () => {
    const origin = requestOriginOf({ protocol: 'https', host: 'sm.example:8443', url: '/a/machines?api-version=x&$top=2' });
    const link = new URL(nextLinkOf(origin, '2015-11-01-preview', { offset: 2, top: 2, query: {} }));
    expect(link.origin).toBe('https://sm.example:8443');
    expect(link.pathname).toBe('/a/machines');
    expect(link.searchParams.get('api-version')).toBe('2015-11-01-preview');
    expect(decodeContinuation(link.searchParams.get('$skipToken') ?? '')).toEqual({ offset: 2, top: 2, query: {} });
  });
});
