import { describe, expect, it } from 'vitest';
import { LogAnalyticsClient } from './log-analytics-client.js';

describe('LogAnalyticsClient.query', () => {
  it('asks for the render annotation and passes it on with the tables', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const fetchImpl = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      seen.push({ url: input instanceof Request ? input.url : input.toString(), init });
      return Promise.resolve(new Response(JSON.stringify({ tables: [], render: { visualization: 'timechart' } })));
    };
    const results = await new LogAnalyticsClient('token', 'ws-1', fetchImpl).query('T | render timechart', '2024-05-01T10:00:00Z/2024-05-01T11:00:00Z');
    expect(results.render).toEqual({ visualization: 'timechart' });
    expect(seen[0]?.url).toBe('/v1/workspaces/ws-1/query');
    expect(seen[0]?.init?.headers).toMatchObject({ prefer: 'include-render=true', authorization: 'Bearer token' });
    expect(JSON.parse(seen[0]?.init?.body as string)).toEqual({ query: 'T | render timechart', timespan: '2024-05-01T10:00:00Z/2024-05-01T11:00:00Z' });
  });
});
