import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import {
  ClientGroup,
  ClientGroupMembersCollection,
  ClientGroupMembersCount,
  ConnectionCollection,
  Liveness,
  Machine,
  Port,
  PortCollection,
  type Process,
  ProcessCollection,
  type MapResponse,
} from '@servicemap/protocol';
import {
  AGENTLESS,
  APP,
  BACKEND,
  BACKEND_PORT,
  BACKEND_PROCESS,
  CLIENT,
  INTERVAL,
  openRelationsWorld,
  POSTGRES,
  POSTGRES_PORT,
  REDIS,
  REDIS_PORT,
  SERVER,
  type RelationsWorld,
} from './relations-test-world.js';

let w: RelationsWorld;
beforeAll(async () => {
  w = await openRelationsWorld();
});
afterAll(async () => {
  await w.close();
});

const base = () =>
  `/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.OperationalInsights/workspaces/${w.workspaceId}/features/serviceMap`;
const WINDOW = `api-version=2015-11-01-preview&startTime=${INTERVAL.startTime}&endTime=${INTERVAL.endTime}`;
/** An hour after every record: nothing is live in it. */
const LATER = 'startTime=2025-01-01T01:00:00Z&endTime=2025-01-01T01:10:00Z';
const get = (path: string, query = WINDOW) =>
  w.app.inject({ method: 'GET', url: `${base()}${path}?${query}`, headers: { authorization: `Bearer ${w.readerToken}`, host: 'sm.test' } });
const errorOf = (res: { json: () => unknown }) => (res.json() as { error: { code: string; message: string } }).error;
const names = (collection: { value: { name: string }[] }) => collection.value.map((r) => r.name);
const group = (machine: string, process?: string) => (process === undefined ? `m!${machine}` : `m!${machine}!p!${process}`);

async function mapOf(machine: string): Promise<MapResponse> {
  const res = await w.app.inject({
    method: 'POST', url: `${base()}/generateMap`, headers: { authorization: `Bearer ${w.readerToken}` },
    payload: { kind: 'map:single-machine-dependency', machineId: `${base()}/machines/${machine}`, ...INTERVAL },
  });
  expect(res.statusCode).toBe(200);
  return res.json<MapResponse>();
}

describe('Machines_ListConnections and Processes_ListConnections', () => {
  it('lists a machine connections with the names and ids generateMap gives them', async () => {
    const res = await get(`/machines/${CLIENT}/connections`);
    expect(res.statusCode).toBe(200);
    const body = res.json<ConnectionCollection>();
    expect(body.nextLink).toBeUndefined();
    const map = await mapOf(CLIENT);
    expect(body.value).toEqual(map.map.edges.connections);
    expect(body.value.map((c) => [c.properties.destination.name, c.properties.serverPort?.name, c.properties.failureState]).sort())
      .toEqual([[POSTGRES, POSTGRES_PORT, 'ok'], [BACKEND_PROCESS, BACKEND_PORT, 'failed']].sort());
  });

  it('lists a process connections: its callers, agentless client groups included', async () => {
    const body = (await get(`/machines/${SERVER}/processes/${POSTGRES}/connections`)).json<ConnectionCollection>();
    expect(body.value.map((c) => c.properties.source.name).sort()).toEqual([APP, group(SERVER), group(SERVER, POSTGRES)].sort());
    expect(body.value.every((c) => c.properties.destination.name === POSTGRES)).toBe(true);
    const app = (await get(`/machines/${CLIENT}/processes/${APP}/connections`)).json<ConnectionCollection>();
    expect(app.value).toHaveLength(2);
    const redis = (await get(`/machines/${SERVER}/processes/${REDIS}/connections`)).json<ConnectionCollection>();
    expect(redis.value).toEqual([]);
  });

  it('is empty outside the interval of the records, 404 for unknown machines and processes', async () => {
    expect((await get(`/machines/${CLIENT}/connections`, LATER)).json<ConnectionCollection>().value).toEqual([]);
    const unknown = await get('/machines/m-00000000-0000-4000-8000-000000000000/connections');
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).code).toBe('NotFound');
    expect((await get('/machines/nonsense/connections')).statusCode).toBe(404);
    const process = await get(`/machines/${SERVER}/processes/p-${'e'.repeat(40)}/connections`);
    expect(process.statusCode).toBe(404);
    expect(errorOf(process).message).toContain(`p-${'e'.repeat(40)}`);
  });
});

describe('Machines_ListPorts, Processes_ListAcceptingPorts and Ports_*', () => {
  it('lists the ports a machine accepted on, and those it only listened on', async () => {
    const body = (await get(`/machines/${SERVER}/ports`)).json<PortCollection>();
    expect(names(body)).toEqual([POSTGRES_PORT, REDIS_PORT]);
    expect(body.value[0]).toMatchObject({
      kind: 'port', id: `${base()}/machines/${SERVER}/ports/${POSTGRES_PORT}`,
      type: 'Microsoft.OperationalInsights/workspaces/features/machines/ports',
      properties: { monitoringState: 'monitored', displayName: ':5432', ipAddress: '10.0.0.2', portNumber: 5432, machine: { name: SERVER } },
    });
    // The map's port resource is the very one listed.
    expect((await mapOf(SERVER)).map.nodes.ports.find((p) => p.name === POSTGRES_PORT)).toEqual(body.value[0]);
    expect((await get(`/machines/${CLIENT}/ports`)).json<PortCollection>().value).toEqual([]);
  });

  it('lists the ports of a process', async () => {
    expect(names((await get(`/machines/${SERVER}/processes/${POSTGRES}/acceptingPorts`)).json<PortCollection>())).toEqual([POSTGRES_PORT]);
    expect(names((await get(`/machines/${SERVER}/processes/${REDIS}/acceptingPorts`)).json<PortCollection>())).toEqual([REDIS_PORT]);
    expect((await get(`/machines/${CLIENT}/processes/${APP}/acceptingPorts`)).json<PortCollection>().value).toEqual([]);
  });

  it('gets a port live in the interval and 404s it outside', async () => {
    const res = await get(`/machines/${SERVER}/ports/${REDIS_PORT}`);
    expect(res.statusCode).toBe(200);
    expect(res.json<Port>()).toMatchObject({ name: REDIS_PORT, properties: { portNumber: 6379 } });
    const later = await get(`/machines/${SERVER}/ports/${REDIS_PORT}`, LATER);
    expect(later.statusCode).toBe(404);
    expect(errorOf(later).code).toBe('NotFound');
    expect((await get(`/machines/${SERVER}/ports/b-0a000002_9999`)).statusCode).toBe(404);
  });

  it('answers port liveness over the interval it echoes', async () => {
    expect((await get(`/machines/${SERVER}/ports/${POSTGRES_PORT}/liveness`)).json<Liveness>())
      .toEqual({ startTime: INTERVAL.startTime, endTime: INTERVAL.endTime, live: true });
    expect((await get(`/machines/${SERVER}/ports/${POSTGRES_PORT}/liveness`, LATER)).json<Liveness>().live).toBe(false);
    expect((await get(`/machines/m-00000000-0000-4000-8000-000000000000/ports/${POSTGRES_PORT}/liveness`)).statusCode).toBe(404);
  });

  it('lists the processes accepting on a port, discovered acceptors included', async () => {
    const postgres = (await get(`/machines/${SERVER}/ports/${POSTGRES_PORT}/acceptingProcesses`)).json<ProcessCollection>();
    expect(names(postgres)).toEqual([POSTGRES]);
    expect(postgres.value[0]?.properties).toMatchObject({ executableName: 'postgres', details: { persistentKey: POSTGRES } });
    const redis = (await get(`/machines/${SERVER}/ports/${REDIS_PORT}/acceptingProcesses`)).json<ProcessCollection>();
    expect(redis.value.map((p) => [p.name, p.properties.role])).toEqual([[REDIS, 'databaseServer']]);
    const backend = (await get(`/machines/${BACKEND}/ports/${BACKEND_PORT}/acceptingProcesses`)).json<ProcessCollection>();
    expect(backend.value.map((p) => [p.name, p.properties.monitoringState, p.properties.acceptorOf?.name]))
      .toEqual([[BACKEND_PROCESS, 'discovered', BACKEND_PORT]]);
  });

  it('lists the connections made through a port', async () => {
    const body = (await get(`/machines/${SERVER}/ports/${POSTGRES_PORT}/connections`)).json<ConnectionCollection>();
    expect(body.value).toHaveLength(3);
    expect(body.value.every((c) => c.properties.serverPort?.name === POSTGRES_PORT)).toBe(true);
    expect((await get(`/machines/${SERVER}/ports/${REDIS_PORT}/connections`)).json<ConnectionCollection>().value).toEqual([]);
  });

  it('refuses a malformed port name with 400, before looking anything up', async () => {
    for (const path of [`/machines/${SERVER}/ports/x-0a000002_80`, `/machines/m-00000000-0000-4000-8000-000000000000/ports/b-zz_80/connections`]) {
      const res = await get(path);
      expect(res.statusCode).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'InvalidRequest', message: expect.stringContaining('portName') as unknown });
    }
  });
});

describe('ClientGroups_*', () => {
  it('gets the machine and process client groups the map draws', async () => {
    const machine = await get(`/clientGroups/${group(SERVER)}`);
    expect(machine.statusCode).toBe(200);
    expect(machine.json<ClientGroup>()).toMatchObject({
      kind: 'clientGroup', name: group(SERVER), id: `${base()}/clientGroups/${group(SERVER)}`,
      properties: { clientsOf: { kind: 'ref:machine', name: SERVER } },
    });
    const process = (await get(`/clientGroups/${group(SERVER, POSTGRES)}`)).json<ClientGroup>();
    expect(process.properties.clientsOf).toMatchObject({ kind: 'ref:process', name: POSTGRES });
    expect((await mapOf(SERVER)).map.nodes.clientGroups).toContainEqual(process);
  });

  it('answers a port client group (clientsOf a ref:port, as in Azure example) though the map draws none', async () => {
    const name = `m!${SERVER}!b!${POSTGRES_PORT}`;
    const res = await get(`/clientGroups/${name}`);
    expect(res.statusCode).toBe(200);
    expect(res.json<ClientGroup>().properties.clientsOf).toMatchObject({
      kind: 'ref:port', name: POSTGRES_PORT, properties: { machine: { name: SERVER }, ipAddress: '10.0.0.2', portNumber: 5432 },
    });
    expect((await get(`/clientGroups/${name}/membersCount`)).json<ClientGroupMembersCount>().count).toBe(AGENTLESS.length);
    expect((await get(`/clientGroups/m!${SERVER}!b!${REDIS_PORT}`)).statusCode).toBe(404);
  });

  it('counts the members exactly', async () => {
    expect((await get(`/clientGroups/${group(SERVER, POSTGRES)}/membersCount`)).json<ClientGroupMembersCount>()).toEqual({
      startTime: INTERVAL.startTime, endTime: INTERVAL.endTime,
      groupId: `${base()}/clientGroups/${group(SERVER, POSTGRES)}`, count: AGENTLESS.length, accuracy: 'actual',
    });
  });

  it('lists the members with their port and processes, paging with $top and an absolute nextLink', async () => {
    const first = (await get(`/clientGroups/${group(SERVER)}/members`, `${WINDOW}&$top=3`)).json<ClientGroupMembersCollection>();
    expect(first.value.map((m) => m.properties.ipAddress)).toEqual(AGENTLESS.slice(0, 3));
    expect(first.value[0]).toMatchObject({
      name: '0a000909', id: `${base()}/clientGroups/${group(SERVER)}/members/0a000909`,
      type: 'Microsoft.OperationalInsights/workspaces/features/clientGroups/members',
      properties: { port: { kind: 'ref:port', name: POSTGRES_PORT, properties: { portNumber: 5432 } }, processes: [{ name: POSTGRES }] },
    });
    const next = new URL(first.nextLink ?? '');
    expect(next.origin).toBe('http://sm.test');
    expect(next.searchParams.get('api-version')).toBe('2015-11-01-preview');
    const rest = (await get(`/clientGroups/${group(SERVER)}/members`, next.search.slice(1))).json<ClientGroupMembersCollection>();
    expect(rest.value.map((m) => m.properties.ipAddress)).toEqual(AGENTLESS.slice(3));
    expect(rest.nextLink).toBeUndefined();
  });

  it('404s a group the interval does not draw, 400s a malformed name or paging parameter', async () => {
    for (const [path, query] of [[`/clientGroups/${group(CLIENT)}`, WINDOW], [`/clientGroups/${group(SERVER)}/membersCount`, LATER]]) {
      const res = await get(path ?? '', query);
      expect(res.statusCode).toBe(404);
      expect(errorOf(res).code).toBe('NotFound');
    }
    for (const [path, query] of [
      ['/clientGroups/x!nothing', WINDOW], [`/clientGroups/m!${SERVER}!q!p-1`, WINDOW],
      [`/clientGroups/${group(SERVER)}/members`, `${WINDOW}&$top=0`],
      [`/clientGroups/${group(SERVER)}/members`, `${WINDOW}&$skipToken=garbage`],
    ] as const) {
      const res = await get(path, query);
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).code).toBe('InvalidRequest');
    }
  });
});

describe('wire shapes', () => {
  it('answers every new route with its protocol schema, the one the SDKs are generated from', async () => {
    const cases: [string, TSchema][] = [
      [`/machines/${CLIENT}/connections`, ConnectionCollection],
      [`/machines/${SERVER}/ports`, PortCollection],
      [`/machines/${SERVER}/processes/${POSTGRES}/acceptingPorts`, PortCollection],
      [`/machines/${SERVER}/processes/${POSTGRES}/connections`, ConnectionCollection],
      [`/machines/${SERVER}/ports/${POSTGRES_PORT}`, Port],
      [`/machines/${SERVER}/ports/${POSTGRES_PORT}/liveness`, Liveness],
      [`/machines/${BACKEND}/ports/${BACKEND_PORT}/acceptingProcesses`, ProcessCollection],
      [`/machines/${SERVER}/ports/${POSTGRES_PORT}/connections`, ConnectionCollection],
      [`/clientGroups/${group(SERVER, POSTGRES)}`, ClientGroup],
      [`/clientGroups/${group(SERVER)}/membersCount`, ClientGroupMembersCount],
      [`/clientGroups/${group(SERVER)}/members`, ClientGroupMembersCollection],
    ];
    for (const [path, schema] of cases) {
      const res = await get(path);
      expect(res.statusCode, path).toBe(200);
      const body: unknown = res.json();
      expect(Value.Check(schema, body), `${path}: ${JSON.stringify([...Value.Errors(schema, body)][0])}`).toBe(true);
      expect(JSON.stringify(body).length, path).toBeGreaterThan(60);
    }
    // The default timestamp (now, 00:30) looks back an hour, over the 00:10 records.
    expect(Value.Check(Machine, (await get(`/machines/${BACKEND}`, '')).json())).toBe(true);
  });
});

/** Every new route, on one machine (and its postgres, port and client group). */
const NEW_ROUTES = (machine: string): string[] => [
  `/machines/${machine}/connections`, `/machines/${machine}/ports`,
  `/machines/${machine}/processes/${POSTGRES}/acceptingPorts`, `/machines/${machine}/processes/${POSTGRES}/connections`,
  `/machines/${machine}/ports/${POSTGRES_PORT}`, `/machines/${machine}/ports/${POSTGRES_PORT}/liveness`,
  `/machines/${machine}/ports/${POSTGRES_PORT}/acceptingProcesses`, `/machines/${machine}/ports/${POSTGRES_PORT}/connections`,
  `/clientGroups/${group(machine)}`, `/clientGroups/${group(machine)}/membersCount`, `/clientGroups/${group(machine)}/members`,
];

describe('dates and discovered machines', () => {
  it('answers 404 NotFound on every new route for a machine the workspace never heard of', async () => {
    for (const path of NEW_ROUTES('m-00000000-0000-4000-8000-000000000000')) {
      const res = await get(path);
      expect(res.statusCode, path).toBe(404);
      expect(errorOf(res).code).toBe('NotFound');
    }
  });

  it('answers 401 without a token and 403 for another workspace on every new route', async () => {
    for (const path of NEW_ROUTES(SERVER)) {
      expect((await w.app.inject({ url: `${base()}${path}` })).statusCode, path).toBe(401);
      const foreign = await w.app.inject({
        url: `${base().replace(w.workspaceId, '11111111-2222-4333-8444-555555555555')}${path}`,
        headers: { authorization: `Bearer ${w.readerToken}` },
      });
      expect(errorOf(foreign).code).toBe('WorkspaceForbidden');
    }
  });

  it('refuses bad dates and inverted intervals on every new route with 400', async () => {
    for (const path of NEW_ROUTES(SERVER)) {
      const bad = await get(path, 'startTime=2025-02-30T00:00:00Z');
      expect(bad.statusCode).toBe(400);
      expect(errorOf(bad)).toMatchObject({ code: 'InvalidRequest', message: expect.stringContaining('startTime') as unknown });
      const inverted = await get(path, 'startTime=2025-01-01T00:20:00Z&endTime=2025-01-01T00:10:00Z');
      expect(errorOf(inverted).code).toBe('InvalidRequest');
    }
  });

  it('defaults the interval to the ten minutes before now', async () => {
    const live = (await get(`/machines/${SERVER}/ports/${POSTGRES_PORT}/liveness`, '')).json<Liveness>();
    expect(live).toEqual({ startTime: '2025-01-01T00:20:00.000Z', endTime: '2025-01-01T00:30:00.000Z', live: false });
  });

  it('gets a discovered machine reached in the hour up to timestamp, as the map draws it', async () => {
    const res = await get(`/machines/${BACKEND}`, 'timestamp=2025-01-01T00:30:00Z');
    expect(res.statusCode).toBe(200);
    const machine = res.json<Machine>();
    expect(machine).toMatchObject({ name: BACKEND, properties: { monitoringState: 'discovered', displayName: '10.0.7.7' } });
    expect((await mapOf(CLIENT)).map.nodes.machines).toContainEqual(machine);
    expect((await get(`/machines/${BACKEND}`, 'timestamp=2025-01-01T02:00:00Z')).statusCode).toBe(404);
    expect((await get('/machines/t-0a000708', '')).statusCode).toBe(404);
    // The server's own address is drawn as the monitored server, never as a discovered machine.
    expect((await get('/machines/t-0a000002', 'timestamp=2025-01-01T00:30:00Z')).statusCode).toBe(404);
  });

  it('answers a discovered machine liveness, processes, ports and connections from its callers', async () => {
    expect((await get(`/machines/${BACKEND}/liveness`)).json<Liveness>().live).toBe(true);
    expect((await get(`/machines/${BACKEND}/liveness`, LATER)).json<Liveness>().live).toBe(false);
    expect(names((await get(`/machines/${BACKEND}/processes`)).json<ProcessCollection>())).toEqual([BACKEND_PROCESS]);
    expect(names((await get(`/machines/${BACKEND}/ports`)).json<PortCollection>())).toEqual([BACKEND_PORT]);
    const connections = (await get(`/machines/${BACKEND}/connections`)).json<ConnectionCollection>();
    expect(connections.value.map((c) => [c.properties.source.name, c.properties.failureState])).toEqual([[APP, 'failed']]);
    expect((await get('/machines/t-0a000708/connections')).json<ConnectionCollection>().value).toEqual([]);
  });

  it('gets a discovered acceptor process and its liveness as the map draws it', async () => {
    const path = `/machines/${BACKEND}/processes/${encodeURIComponent(BACKEND_PROCESS)}`;
    const res = await get(path, 'timestamp=2025-01-01T00:30:00Z');
    expect(res.statusCode).toBe(200);
    const process = res.json<Process>();
    expect(process.properties).toMatchObject({ monitoringState: 'discovered', displayName: 'Port 443', acceptorOf: { name: BACKEND_PORT } });
    expect((await mapOf(CLIENT)).map.nodes.processes).toContainEqual(process);
    expect((await get(path, 'timestamp=2025-01-01T03:00:00Z')).statusCode).toBe(404);
    expect((await get(`${path}/liveness`)).json<Liveness>().live).toBe(true);
    expect((await get(`${path}/liveness`, LATER)).json<Liveness>().live).toBe(false);
    const connections = (await get(`${path}/connections`)).json<ConnectionCollection>();
    expect(connections.value.map((c) => c.properties.failureState)).toEqual(['failed']);
    expect(names((await get(`${path}/acceptingPorts`)).json<PortCollection>())).toEqual([BACKEND_PORT]);
  });
});
