import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServicemapManagementClient } from '@azure/arm-servicemap';
import { serviceMapSdkClient } from '../../testing/service-map-sdk-client.js';
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

// All 25 operations of the Service Map API through Azure's own (old AutoRest) client against the
// app listening on loopback: statuses, polymorphic deserialization, nextLink paging and etags as a
// real client sees them. The world's records are at 00:10; the server clock is 00:30.

const SUBSCRIPTION = '00000000-0000-4000-8000-0000000000aa';
const RG = 'rg1';
const window = { startTime: new Date(INTERVAL.startTime), endTime: new Date(INTERVAL.endTime) };
const later = { startTime: new Date('2025-01-01T01:00:00Z'), endTime: new Date('2025-01-01T01:10:00Z') };
let w: RelationsWorld;
let reader: ServicemapManagementClient;
let contributor: ServicemapManagementClient;
let ws: string;

const clientWith = (token: string, baseUri: string): ServicemapManagementClient => serviceMapSdkClient(token, baseUri, SUBSCRIPTION);

beforeAll(async () => {
  w = await openRelationsWorld();
  ws = w.workspaceId;
  await w.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = w.app.server.address() as AddressInfo;
  reader = clientWith(w.readerToken, `http://127.0.0.1:${String(port)}`);
  contributor = clientWith(w.contributorToken, `http://127.0.0.1:${String(port)}`);
});
afterAll(async () => {
  await w.close();
});

const machineId = (m: string) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/${ws}/features/serviceMap/machines/${m}`;
const nameList = (items: readonly { name?: string }[]) => items.map((i) => i.name);

describe('@azure/arm-servicemap: every operation against the server', () => {
  it('1-3 machines: listByWorkspace pages with $top=1, get (monitored and discovered), getLiveness', async () => {
    const first = await reader.machines.listByWorkspace(RG, ws, { ...window, top: 1 });
    expect(first).toHaveLength(1);
    const second = await reader.machines.listByWorkspaceNext(first.nextLink ?? '');
    expect([...nameList(first), ...nameList(second)]).toEqual([CLIENT, SERVER]);
    expect(second.nextLink).toBeUndefined();

    const server = await reader.machines.get(RG, ws, SERVER);
    expect(server).toMatchObject({ kind: 'machine', displayName: 'server1', monitoringState: 'monitored' });
    expect(server.networking?.ipv4Interfaces?.[0]?.ipAddress).toBe('10.0.0.2');
    const backend = await reader.machines.get(RG, ws, BACKEND, { timestamp: new Date('2025-01-01T00:30:00Z') });
    expect(backend).toMatchObject({ monitoringState: 'discovered', displayName: '10.0.7.7' });

    expect((await reader.machines.getLiveness(RG, ws, CLIENT, window)).live).toBe(true);
    expect((await reader.machines.getLiveness(RG, ws, CLIENT, later)).live).toBe(false);
  });

  it('4-6 machines: listConnections, listProcesses, listPorts', async () => {
    const connections = await reader.machines.listConnections(RG, ws, CLIENT, window);
    expect(connections.map((c) => [c.source.name, c.destination.name, c.serverPort?.portNumber, c.failureState]).sort())
      .toEqual([[APP, POSTGRES, 5432, 'ok'], [APP, BACKEND_PROCESS, 443, 'failed']].sort());
    expect(connections[0]?.startTime).toBeInstanceOf(Date);

    const processes = await reader.machines.listProcesses(RG, ws, SERVER, window);
    expect(processes.map((p) => [p.name, p.executableName])).toEqual([[POSTGRES, 'postgres'], [REDIS, 'redis-server']]);

    const ports = await reader.machines.listPorts(RG, ws, SERVER, window);
    expect(ports.map((p) => [p.name, p.ipAddress, p.portNumber])).toEqual([[POSTGRES_PORT, '10.0.0.2', 5432], [REDIS_PORT, '10.0.0.2', 6379]]);
  });

  it('8-11 processes: get, getLiveness, listAcceptingPorts, listConnections', async () => {
    const postgres = await reader.processes.get(RG, ws, SERVER, POSTGRES);
    expect(postgres).toMatchObject({ kind: 'process', executableName: 'postgres' });
    expect(postgres.details?.persistentKey).toBe(POSTGRES);
    expect((await reader.processes.getLiveness(RG, ws, SERVER, REDIS, window)).live).toBe(true);
    const discovered = await reader.processes.get(RG, ws, BACKEND, BACKEND_PROCESS, { timestamp: window.endTime });
    expect(discovered).toMatchObject({ monitoringState: 'discovered', displayName: 'Port 443' });
    expect(nameList(await reader.processes.listAcceptingPorts(RG, ws, SERVER, REDIS, window))).toEqual([REDIS_PORT]);
    const connections = await reader.processes.listConnections(RG, ws, SERVER, POSTGRES, window);
    expect(connections.map((c) => c.source.kind).sort()).toEqual(['ref:clientgroup', 'ref:clientgroup', 'ref:process']);
  });

  it('12-15 ports: get (404 when not live), getLiveness, listAcceptingProcesses, listConnections', async () => {
    const port = await reader.ports.get(RG, ws, SERVER, POSTGRES_PORT, window);
    expect(port).toMatchObject({ kind: 'port', portNumber: 5432, displayName: ':5432', monitoringState: 'monitored' });
    await expect(reader.ports.get(RG, ws, SERVER, POSTGRES_PORT, later)).rejects.toMatchObject({ statusCode: 404, code: 'NotFound' });
    expect((await reader.ports.getLiveness(RG, ws, SERVER, REDIS_PORT, window)).live).toBe(true);
    const acceptors = await reader.ports.listAcceptingProcesses(RG, ws, BACKEND, BACKEND_PORT, window);
    expect(acceptors.map((p) => [p.name, p.monitoringState, p.acceptorOf?.name])).toEqual([[BACKEND_PROCESS, 'discovered', BACKEND_PORT]]);
    const connections = await reader.ports.listConnections(RG, ws, SERVER, POSTGRES_PORT, window);
    expect(connections.map((c) => c.destination.name)).toEqual([POSTGRES, POSTGRES, POSTGRES]);
  });

  it('16-18 client groups: get, getMembersCount, listMembers paged with $top and listMembersNext', async () => {
    const name = `m!${SERVER}`;
    const group = await reader.clientGroups.get(RG, ws, name, window);
    expect(group).toMatchObject({ kind: 'clientGroup', name, clientsOf: { kind: 'ref:machine', name: SERVER } });
    expect(await reader.clientGroups.getMembersCount(RG, ws, `m!${SERVER}!p!${POSTGRES}`, window))
      .toMatchObject({ count: AGENTLESS.length, accuracy: 'actual', startTime: window.startTime });
    const portGroup = await reader.clientGroups.get(RG, ws, `m!${SERVER}!b!${POSTGRES_PORT}`, window);
    expect(portGroup.clientsOf).toMatchObject({ kind: 'ref:port', portNumber: 5432, ipAddress: '10.0.0.2' });
    const first = await reader.clientGroups.listMembers(RG, ws, name, { ...window, top: 3 });
    expect(first).toHaveLength(3);
    const rest = await reader.clientGroups.listMembersNext(first.nextLink ?? '');
    expect([...first, ...rest].map((m) => m.ipAddress)).toEqual(AGENTLESS);
    expect(first[0]?.port?.name).toBe(POSTGRES_PORT);
    expect(first[0]?.processes?.map((p) => p.name)).toEqual([POSTGRES]);
  });

  it('19-20 maps.generate names connections as the lists do; summaries.getMachines counts', async () => {
    const map = await reader.maps.generate(RG, ws, { kind: 'map:single-machine-dependency', machineId: machineId(SERVER), ...window });
    const listed = await reader.machines.listConnections(RG, ws, SERVER, window);
    expect(nameList(map.map.edges.connections ?? []).sort()).toEqual(nameList(listed).sort());
    expect(nameList(map.map.nodes.ports ?? [])).toEqual([POSTGRES_PORT]);
    const summary = await reader.summaries.getMachines(RG, ws, window);
    expect(summary).toMatchObject({ total: 2, live: 2, os: { linux: 2, windows: 0 } });
  });

  it('7, 21-25 machine groups: create (201), get, update with etag (stale is 412), list, membership, delete (204)', async () => {
    const created = await contributor.machineGroups.create(RG, ws, {
      kind: 'machineGroup', displayName: 'db tier', machines: [{ kind: 'ref:machinewithhints', id: machineId(SERVER) }],
    });
    expect(created._response.status).toBe(201);
    const name = created.name ?? '';
    expect(created.machines?.[0]).toMatchObject({ name: SERVER, displayNameHint: 'server1', osFamilyHint: 'linux' });
    const got = await reader.machineGroups.get(RG, ws, name, window);
    expect(got).toMatchObject({ displayName: 'db tier', count: 1, etag: created.etag });

    const updated = await contributor.machineGroups.update(RG, ws, name, {
      kind: 'machineGroup', displayName: 'all', etag: got.etag ?? '',
      machines: [{ kind: 'ref:machinewithhints', id: machineId(SERVER) }, { kind: 'ref:machinewithhints', id: machineId(CLIENT) }],
    });
    expect(updated).toMatchObject({ displayName: 'all', count: 2 });
    expect(updated.etag).not.toBe(got.etag);
    await expect(contributor.machineGroups.update(RG, ws, name, { kind: 'machineGroup', displayName: 'stale', etag: got.etag ?? '' }))
      .rejects.toMatchObject({ statusCode: 412, code: 'PreconditionFailed' });

    expect(nameList(await reader.machineGroups.listByWorkspace(RG, ws, window))).toEqual([name]);
    expect((await reader.machines.listMachineGroupMembership(RG, ws, CLIENT, window)).map((g) => g.displayName)).toEqual(['all']);
    await expect(reader.machineGroups.deleteMethod(RG, ws, name)).rejects.toMatchObject({ statusCode: 403, code: 'InsufficientRole' });
    const deleted = await contributor.machineGroups.deleteMethod(RG, ws, name);
    expect(deleted._response.status).toBe(204);
    await expect(reader.machineGroups.get(RG, ws, name)).rejects.toMatchObject({ statusCode: 404, code: 'NotFound' });
  });

  it('every operation carries its Azure operationId in /openapi.json', async () => {
    const res = await w.app.inject({ url: '/openapi.json', headers: { authorization: `Bearer ${w.readerToken}` } });
    const doc = res.json<{ paths: Record<string, Record<string, { operationId?: string }>> }>();
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId ?? ''));
    expect(ids.filter((id) => /^(Machines|Processes|Ports|ClientGroups|Maps|Summaries|MachineGroups)_/.test(id)).sort()).toEqual([
      'ClientGroups_Get', 'ClientGroups_GetMembersCount', 'ClientGroups_ListMembers',
      'MachineGroups_Create', 'MachineGroups_Delete', 'MachineGroups_Get', 'MachineGroups_ListByWorkspace', 'MachineGroups_Update',
      'Machines_Get', 'Machines_GetLiveness', 'Machines_ListByWorkspace', 'Machines_ListConnections',
      'Machines_ListMachineGroupMembership', 'Machines_ListPorts', 'Machines_ListProcesses',
      'Maps_Generate',
      'Ports_Get', 'Ports_GetLiveness', 'Ports_ListAcceptingProcesses', 'Ports_ListConnections',
      'Processes_Get', 'Processes_GetLiveness', 'Processes_ListAcceptingPorts', 'Processes_ListConnections',
      'Summaries_GetMachines',
    ]);
  });
});
