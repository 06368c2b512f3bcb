import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRelationsWorld, type RelationsWorld } from './relations-test-world.js';

let w: RelationsWorld;
beforeAll(async () => {
  w = await openRelationsWorld();
});
afterAll(async () => {
  await w.close();
});

const GROUP = 'ccaf142f-57f7-4510-bd80-b073cd5dcdec';
const base = () =>
  `/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/${w.workspaceId}/features/serviceMap`;
const send = (method: 'POST' | 'PUT', path: string, contentType: string | undefined, payload: string | undefined) =>
  w.app.inject({
    method, url: `${base()}${path}`,
    headers: { authorization: `Bearer ${w.contributorToken}`, ...(contentType === undefined ? {} : { 'content-type': contentType }) },
    ...(payload === undefined ? {} : { payload }),
  });

describe('POST/PUT bodies that are not one JSON object', () => {
  const routes = [['POST', '/generateMap', 'MapRequest'], ['POST', '/machineGroups', 'MachineGroup'], ['PUT', `/machineGroups/${GROUP}`, 'MachineGroup']] as const;
  const cases = [
    { body: undefined, contentType: undefined, code: 'InvalidRequest', says: 'is required' },
    { body: '', contentType: 'application/json', code: 'InvalidRequest', says: 'is required' },
    { body: 'null', contentType: 'application/json', code: 'InvalidRequest', says: 'is required' },
    { body: 'kind=map', contentType: 'text/plain', code: 'InvalidJson', says: 'must be JSON' },
    { body: '[]', contentType: 'application/json', code: 'InvalidRequest', says: 'not an array' },
    { body: '{"kind":', contentType: 'application/json', code: 'InvalidJson', says: 'JSON' },
  ];
  for (const [method, path, model] of routes) {
    it(`${method} ${path} answers 400 with a code and a message naming the problem`, async () => {
      for (const { body, contentType, code, says } of cases) {
        const res = await send(method, path, contentType, body);
        expect(res.statusCode, `${String(contentType)} ${String(body)}`).toBe(400);
        const error = res.json<{ error: { code: string; message: string } }>().error;
        expect(error.code).toBe(code);
        expect(error.message).toContain(says);
        if (code === 'InvalidRequest') expect(error.message).toContain(model);
      }
    });
  }
});
