import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Machine, MachineCollection, MachinesSummary, Process, ProcessCollection } from '@servicemap/protocol';
import { processId } from '../../testing/make-report.js';
import { DB1, EXTRA_AGENTS, OLD1, openMachinesWorld, serviceMapPath, WEB1, type MachinesWorld } from './machines-test-world.js';

let w: MachinesWorld;
beforeAll(async () => {
  w = await openMachinesWorld();
});
afterAll(async () => {
  await w.close();
});

const API = 'api-version=2015-11-01-preview';
const get = (path: string, token = w.readerToken) =>
  w.app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${token}`, host: 'sm.test:8080' } });
const base = () => serviceMapPath(w.workspaceId);
const errorOf = (res: { json: () => unknown }) => (res.json() as { error: { code: string; message: string } }).error;
const names = (collection: { value: { name: string }[] }) => collection.value.map((r) => r.name);

describe('GET /machines', () => {
  it('lists the machines that reported in the last ten minutes by default, full ids', async () => {
    const res = await get(`${base()}/machines?${API}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<MachineCollection>();
    expect(names(body)).toEqual([`m-${WEB1}`, `m-${DB1}`, ...EXTRA_AGENTS.map((a) => `m-${a}`)].sort());
    expect(body.nextLink).toBeUndefined();
    const web1 = body.value.find((m) => m.name === `m-${WEB1}`);
    expect(web1).toMatchObject({
      kind: 'machine',
      id: `${base()}/machines/m-${WEB1}`,
      type: 'Microsoft.OperationalInsights/workspaces/features/machines',
      properties: {
        timestamp: '2025-01-01T00:00:00.000Z', monitoringState: 'monitored', virtualizationState: 'virtual',
        displayName: 'web1', computerName: 'web1', fullyQualifiedDomainName: 'web1.example.internal',
        agent: { agentId: WEB1, dependencyAgentVersion: '0.1.0' },
        operatingSystem: { family: 'linux', fullName: 'Debian GNU/Linux 12 (bookworm)', bitness: '64bit' },
        resources: { physicalMemory: 4096, cpus: 2, cpuSpeed: 2400 },
        // kvm is not in Azure's closed enum.
        virtualMachine: { virtualMachineType: 'unknown' },
      },
    });
    expect(web1?.properties.networking?.ipv4Interfaces).toEqual([{ ipAddress: '10.0.0.5', subnetMask: '255.255.255.0' }]);
    const db1 = body.value.find((m) => m.name === `m-${DB1}`);
    expect(db1?.properties.virtualMachine).toEqual({ virtualMachineType: 'hyperv', virtualMachineName: 'db1-vm' });
  });

  it('honours startTime/endTime', async () => {
    const res = await get(`${base()}/machines?${API}&startTime=2024-12-31T19:00:00Z&endTime=2024-12-31T21:00:00Z`);
    expect(names(res.json<MachineCollection>())).toEqual([`m-${OLD1}`]);
  });

  it('lists the inventory as of a timestamp with live=false', async () => {
    const early = await get(`${base()}/machines?${API}&live=false&timestamp=2025-01-01T00:00:30Z`);
    expect(names(early.json<MachineCollection>())).toEqual([`m-${WEB1}`]);
    const older = await get(`${base()}/machines?${API}&live=false&timestamp=2024-12-31T21:00:00Z`);
    expect(names(older.json<MachineCollection>())).toEqual([`m-${OLD1}`]);
  });

  it('pages with $top and an absolute nextLink that carries api-version', async () => {
    const seen: string[] = [];
    let url = `${base()}/machines?${API}&$top=2`;
    let pages = 0;
    for (;;) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      const body = res.json<MachineCollection>();
      expect(body.value.length).toBeLessThanOrEqual(2);
      seen.push(...names(body));
      pages += 1;
      if (body.nextLink === undefined) break;
      const next = new URL(body.nextLink);
      expect(next.origin).toBe('http://sm.test:8080');
      expect(next.pathname).toBe(`${base()}/machines`);
      expect(next.searchParams.get('api-version')).toBe('2015-11-01-preview');
      url = next.pathname + next.search;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([`m-${WEB1}`, `m-${DB1}`, ...EXTRA_AGENTS.map((a) => `m-${a}`)].sort());
  });

  it('refuses a bad $top, a bad date, a bad continuation token', async () => {
    for (const query of ['$top=0', '$top=201', 'startTime=yesterday', 'endTime=2025-13-45T00:00:00Z', '$skipToken=nope',
      'startTime=2025-01-01T00:04:00Z&endTime=2025-01-01T00:03:00Z']) {
      const res = await get(`${base()}/machines?${API}&${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(errorOf(res).code, query).toBe('InvalidRequest');
    }
  });

  it('accepts the workspace name, any api-version or none', async () => {
    const byName = await get(`${serviceMapPath(w.workspaceName)}/machines?api-version=2016-08-02`);
    expect(byName.statusCode).toBe(200);
    expect(byName.json<MachineCollection>().value[0]?.id).toContain(`/workspaces/${w.workspaceName}/features/serviceMap/machines/`);
    expect((await get(`${base()}/machines`)).statusCode).toBe(200);
  });
});

describe('workspace isolation and auth', () => {
  it('refuses a token of another workspace, and unknown workspaces alike', async () => {
    const foreign = await get(`${base()}/machines?${API}`, w.otherToken);
    expect(foreign.statusCode).toBe(403);
    expect(errorOf(foreign).code).toBe('WorkspaceForbidden');
    const unknown = await get(`${serviceMapPath('00000000-0000-4000-8000-000000000000')}/machines?${API}`);
    expect(unknown.statusCode).toBe(403);
    expect(errorOf(unknown).code).toBe('WorkspaceForbidden');
  });

  it('never lists another workspace machine to its own token either', async () => {
    const res = await get(`${serviceMapPath(w.otherWorkspaceId)}/machines?${API}`, w.otherToken);
    expect(names(res.json<MachineCollection>())).toEqual(['m-77777777-7777-4777-8777-777777777777']);
  });

  it('needs a bearer token', async () => {
    const res = await w.app.inject({ method: 'GET', url: `${base()}/machines?${API}` });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('MissingCredentials');
  });
});

describe('one machine', () => {
  it('gets a machine, its newest version not after timestamp', async () => {
    const res = await get(`${base()}/machines/m-${DB1}?${API}`);
    expect(res.statusCode).toBe(200);
    expect(res.json<Machine>()).toMatchObject({ name: `m-${DB1}`, properties: { operatingSystem: { family: 'windows' } } });
    const before = await get(`${base()}/machines/m-${DB1}?${API}&timestamp=2025-01-01T00:00:00Z`);
    expect(before.statusCode).toBe(404);
  });

  it('answers 404 for an unknown machine, 400 for a bad timestamp', async () => {
    const res = await get(`${base()}/machines/m-00000000-0000-4000-8000-000000000000?${API}`);
    expect(res.statusCode).toBe(404);
    expect(errorOf(res)).toMatchObject({ code: 'NotFound' });
    expect((await get(`${base()}/machines/m-${DB1}?${API}&timestamp=nope`)).statusCode).toBe(400);
  });

  it('answers liveness over the interval it echoes', async () => {
    const live = await get(`${base()}/machines/m-${WEB1}/liveness?${API}`);
    expect(live.json()).toEqual({ startTime: '2024-12-31T23:55:00.000Z', endTime: '2025-01-01T00:05:00.000Z', live: true });
    const old = await get(`${base()}/machines/m-${OLD1}/liveness?${API}`);
    expect(old.json()).toMatchObject({ live: false });
    expect((await get(`${base()}/machines/m-00000000-0000-4000-8000-000000000000/liveness?${API}`)).statusCode).toBe(404);
  });
});

describe('processes', () => {
  it('lists live processes (activity in the window) and the inventory with live=false', async () => {
    const live = await get(`${base()}/machines/m-${WEB1}/processes?${API}`);
    expect(live.statusCode).toBe(200);
    const body = live.json<ProcessCollection>();
    expect(names(body)).toEqual([processId(0), processId(1)]);
    expect(body.value[0]).toMatchObject({
      kind: 'process',
      id: `${base()}/machines/m-${WEB1}/processes/${processId(0)}`,
      type: 'Microsoft.OperationalInsights/workspaces/features/machines/processes',
      properties: {
        monitoringState: 'monitored', executableName: 'nginx', displayName: 'nginx', role: 'webServer', group: 'nginx',
        startTime: '2024-12-31T00:00:00.000Z',
        machine: { kind: 'ref:machine', name: `m-${WEB1}`, id: `${base()}/machines/m-${WEB1}` },
        details: { commandLine: 'nginx -g daemon off;', executablePath: '/usr/sbin/nginx', firstPid: 100 },
        user: { userName: 'www-data' },
      },
    });
    const stale = await get(`${base()}/machines/m-${OLD1}/processes?${API}`);
    expect(stale.json<ProcessCollection>().value).toEqual([]);
    const inventory = await get(`${base()}/machines/m-${OLD1}/processes?${API}&live=false&timestamp=2024-12-31T20:30:00Z`);
    expect(names(inventory.json<ProcessCollection>())).toEqual([processId(0), processId(1)]);
    expect((await get(`${base()}/machines/m-nobody-here/processes?${API}`)).statusCode).toBe(404);
  });

  it('gets one process and its liveness; 404 for an unknown one', async () => {
    const res = await get(`${base()}/machines/m-${DB1}/processes/${processId(0)}?${API}`);
    expect(res.statusCode).toBe(200);
    expect(res.json<Process>().properties.details?.firstPid).toBe(100);
    const liveness = await get(`${base()}/machines/m-${DB1}/processes/${processId(0)}/liveness?${API}`);
    expect(liveness.json()).toMatchObject({ live: true });
    const missing = await get(`${base()}/machines/m-${DB1}/processes/${processId(1)}?${API}`);
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing).code).toBe('NotFound');
    // p1 listens on db1 without an inventory row: activity alone makes it live.
    expect((await get(`${base()}/machines/m-${DB1}/processes/${processId(1)}/liveness?${API}`)).json()).toMatchObject({ live: true });
    expect((await get(`${base()}/machines/m-${DB1}/processes/${processId(9)}/liveness?${API}`)).statusCode).toBe(404);
  });
});

describe('GET /summaries/machines', () => {
  it('counts total, live and by OS', async () => {
    const res = await get(`${base()}/summaries/machines?${API}`);
    expect(res.statusCode).toBe(200);
    expect(res.json<MachinesSummary>()).toEqual({
      id: `${base()}/summaries/machines`,
      type: 'Microsoft.OperationalInsights/workspaces/features/summaries',
      name: 'machines',
      properties: {
        startTime: '2024-12-31T23:55:00.000Z', endTime: '2025-01-01T00:05:00.000Z',
        total: 6, live: 5, os: { windows: 1, linux: 5 },
      },
    });
  });
});

describe('route metadata', () => {
  it('lists every operation in /openapi.json and answers 405 for other methods', async () => {
    const doc = (await get('/openapi.json')).json<{ paths: Record<string, Record<string, { operationId?: string }>> }>();
    const operationIds = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(operationIds).toEqual(expect.arrayContaining([
      'Machines_ListByWorkspace', 'Machines_Get', 'Machines_GetLiveness', 'Machines_ListProcesses',
      'Processes_Get', 'Processes_GetLiveness', 'Summaries_GetMachines',
    ]));
    const res = await w.app.inject({ method: 'DELETE', url: `${base()}/machines/m-${WEB1}?${API}`, headers: { authorization: `Bearer ${w.readerToken}` } });
    expect(res.statusCode).toBe(405);
    expect(errorOf(res).code).toBe('MethodNotAllowed');
  });
});
