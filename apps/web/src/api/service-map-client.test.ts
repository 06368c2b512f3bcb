import { describe, expect, it } from 'vitest';
import { ServiceMapClient } from './service-map-client.js';

const WORKSPACE = '11111111-2222-3333-4444-555555555555';

/** A server stand-in that pages a list of `total` groups `pageSize` at a time with absolute nextLinks. */
function pagedGroups(total: number, pageSize: number): { fetch: typeof fetch; paths: string[] } {
  const paths: string[] = [];
  const fetchImpl = (input: RequestInfo | URL): Promise<Response> => {
    const path = input instanceof Request ? input.url : String(input);
    paths.push(path);
    const skip = Number(new URL(path, 'http://ui.test').searchParams.get('skip') ?? '0');
    const value = Array.from({ length: Math.min(pageSize, total - skip) }, (_, i) => ({ name: `g${String(skip + i)}` }));
    const nextSkip = skip + pageSize;
    const nextLink = nextSkip < total ? `http://server.example:8080${path.split('?')[0] ?? ''}?skip=${String(nextSkip)}` : undefined;
    return Promise.resolve(new Response(JSON.stringify({ value, ...(nextLink === undefined ? {} : { nextLink }) })));
  };
  return { fetch: fetchImpl, paths };
}

describe('ServiceMapClient lists', () => {
  it('follows every nextLink of the machine groups list, on the origin the UI came from', async () => {
    const server = pagedGroups(230, 100);
    const groups = await new ServiceMapClient('token', WORKSPACE, server.fetch).groups();
    expect(groups.map((g) => g.name)).toEqual(Array.from({ length: 230 }, (_, i) => `g${String(i)}`));
    expect(server.paths).toHaveLength(3);
    // The absolute nextLink's origin is dropped: the UI keeps talking to the server that served it.
    expect(server.paths.slice(1).every((p) => p.startsWith('/subscriptions/'))).toBe(true);
  });
});
