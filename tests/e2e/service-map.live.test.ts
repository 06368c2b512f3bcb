// The whole chain on real processes and real traffic: agents in network namespaces watch nginx,
// our app service and Redis serve bursts of requests from agentless clients, ship one-minute
// windows to a server in the root namespace, and the Service Map REST API draws what happened.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MapResponse } from '@servicemap/protocol';
import { runTraffic, REQUESTS, type TrafficOutcome } from './lab-traffic.js';
import { connectionsOf, machinesOf, processesOf, type ConnectionView } from './map-view.js';
import { LabLogSearch } from './log-analytics-client.js';
import { ServiceMapApi } from './service-map-api.js';
import { MONITORED, ORDERS_PASSWORD, PORTS, ServiceLab } from './service-lab.js';

const CLI = join(import.meta.dirname, '../../apps/cli/dist/servicemap.mjs');

/** Lower-case hex of an IPv4 address, as in `t-…` machine names. */
function hex4(ip: string): string {
  return ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join('');
}

describe('agent → server → map on a lab of nginx, an app service and Redis', () => {
  let running: ServiceLab | undefined;
  let api: ServiceMapApi;
  let traffic: TrafficOutcome;
  let start: string;
  let end: string;
  const m = { web: '', app: '', db: '' };
  let appMap: MapResponse;
  let webMap: MapResponse;
  let logs: LabLogSearch;

  const lab = () => running!.lab;

  beforeAll(async () => {
    running = await ServiceLab.start({ cli: CLI, programs: join(import.meta.dirname, 'programs'), tls: true });
    const service = running;
    start = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
    try {
      traffic = await runTraffic(service);
      await service.waitForWindowsAfter(Date.now());
    } catch (error) {
      process.stderr.write(`lab logs in ${service.logs} (KEEP_LIVE_STATE=1 keeps them)\n`);
      throw error;
    }
    end = new Date().toISOString();
    const { url, adminToken, workspaceId, ca } = service.server;
    api = new ServiceMapApi(url, adminToken, workspaceId, ca);
    logs = new LabLogSearch(url, adminToken, ca!, workspaceId, { startTime: new Date(start), endTime: new Date() });
    m.web = service.machineName('web');
    m.app = service.machineName('app');
    m.db = service.machineName('db');
    [appMap, webMap] = await Promise.all([api.singleMachineMap(m.app, start, end), api.singleMachineMap(m.web, start, end)]);
  }, 180_000);

  afterAll(async () => {
    if (!running) return;
    const { plan } = running.lab;
    const work = running.work;
    await running.stop();
    // Nothing of the lab is left: namespaces, the root link, the work dir (and with them every child).
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(plan.prefix);
    expect(execFileSync('ip', ['-br', 'link'], { encoding: 'utf8' })).not.toContain(plan.rootLink);
    if (process.env.KEEP_LIVE_STATE === undefined) expect(existsSync(work)).toBe(false);
  }, 60_000);

  it('ran the traffic it claims: every order answered, the cache refused, payments timed out', () => {
    expect(traffic.client1.statuses).toEqual({ 200: REQUESTS.client1 });
    expect(traffic.client2.statuses).toEqual({ 200: REQUESTS.client2 });
    expect(traffic.client3.statuses).toEqual({ 200: REQUESTS.client3 });
    expect(traffic.sync).toEqual({ cache: 'ECONNREFUSED', payments: 'ETIMEDOUT' });
  });

  it('lists the three monitored hosts as live machines under their own host names', async () => {
    const machines = await api.liveMachines(start, end);
    const names = Object.fromEntries(machines.map((x): [string, string] => [x.properties.displayName ?? '', x.name]));
    expect(names).toEqual({ web: m.web, app: m.app, db: m.db });
  });

  it('shows each host what its own agent saw there, and nothing of the other namespaces', async () => {
    const expected = { web: ['/usr/sbin/nginx'], app: ['app-service.mjs'], db: ['redis-server', 'feed-client.mjs'] };
    for (const host of ['web', 'app', 'db'] as const) {
      const processes = await api.processes(m[host], start, end);
      const lines = processes.map((p) => p.properties.details?.commandLine ?? '').filter((line) => !line.includes(' agent run '));
      // On a mismatch, say everything the server holds of each process: a pool read mid-exit
      // has an empty command line, one from another namespace names a program of another host.
      const seen = `${host} (${m[host]}): ${JSON.stringify(processes.map((p) => ({ name: p.name, ...p.properties })), null, 1)}`;
      expect(lines.map((line) => expected[host].find((fragment) => line.includes(fragment)) ?? line).sort(), seen).toEqual([...expected[host]].sort());
    }
  });

  it("draws the app host's map: the web host as client, the database and each legacy port as servers", () => {
    const c = connectionsOf(appMap);
    const nginx = processesOf(appMap).find((p) => p.machine === m.web);
    const app = processesOf(appMap).find((p) => p.machine === m.app && p.commandLine?.includes('app-service.mjs'));
    const redis = processesOf(appMap).find((p) => p.machine === m.db);
    expect(nginx?.group).toBe('nginx');
    expect(app).toBeDefined();
    expect(redis?.group).toBe('redis');
    const ok = (from: string, to: string, port: number): Partial<ConnectionView> => ({ source: from, destination: to, port, failureState: 'ok' });
    expect(c).toContainEqual(expect.objectContaining({ ...ok(nginx!.name, app!.name, PORTS.app), sourceMachine: m.web, destinationMachine: m.app }));
    expect(c).toContainEqual(expect.objectContaining({ ...ok(app!.name, redis!.name, PORTS.redis), destinationMachine: m.db }));
    // The legacy back-end has no agent: a discovered machine with one port (one server port group) per port it serves.
    const legacy = `t-${hex4(lab().ip('legacy'))}`;
    expect(machinesOf(appMap).get(legacy)).toBe('discovered');
    const legacyPorts = appMap.map.nodes.ports.filter((p) => p.properties.machine?.name === legacy).map((p) => p.properties.portNumber);
    expect(legacyPorts.sort()).toEqual([...PORTS.legacy]);
    for (const port of PORTS.legacy) {
      expect(c).toContainEqual(expect.objectContaining({ source: app!.name, destinationMachine: legacy, port, portIp: lab().ip('legacy'), failureState: 'ok' }));
    }
  });

  it("marks the app's refused and timed-out connections as failed", () => {
    const c = connectionsOf(appMap);
    const app = processesOf(appMap).find((p) => p.machine === m.app && p.commandLine?.includes('app-service.mjs'))!;
    // Refused by the database host, where nothing listens on the cache port: a discovered acceptor there.
    expect(c).toContainEqual(expect.objectContaining({ source: app.name, destinationMachine: m.db, port: PORTS.cache, failureState: 'failed' }));
    // Dropped by the payments host until the connect timed out.
    const payments = `t-${hex4(lab().ip('payments'))}`;
    expect(c).toContainEqual(expect.objectContaining({ source: app.name, destinationMachine: payments, port: PORTS.payments, failureState: 'failed' }));
    expect(c.filter((x) => x.failureState !== 'ok').map((x) => x.port).sort()).toEqual([PORTS.payments, PORTS.cache].sort());
  });

  it("groups the web host's agentless clients, IPv4 and IPv6, into its client group", async () => {
    const nginx = processesOf(webMap).find((p) => p.machine === m.web && p.group === 'nginx')!;
    const groups = webMap.map.nodes.clientGroups.map((g) => g.name);
    expect(groups).toContain(`m!${m.web}`);
    const fromClients = connectionsOf(webMap).filter((x) => x.sourceIsClientGroup && x.source === `m!${m.web}`);
    expect(fromClients.every((x) => x.destination === nginx.name && x.failureState === 'ok')).toBe(true);
    expect(new Set(fromClients.map((x) => x.portIp))).toEqual(new Set([lab().ip('web'), lab().ip6('web')]));
    // The members route lists the agentless clients' own addresses.
    const members = await api.clientGroupMembers(`m!${m.web}`, start, end);
    expect(new Set(members.map((x) => x.properties.ipAddress))).toEqual(new Set([lab().ip('client1'), lab().ip('client2'), lab().ip6('client3')]));
  });

  it('gives processes their roles and groups', async () => {
    const roles = (list: { role?: string | undefined; group?: string | undefined; displayName?: string | undefined }[]) =>
      list.map((p) => `${p.group ?? ''}:${p.role ?? ''}`);
    expect(roles(processesOf(webMap).filter((p) => p.machine === m.web))).toContain('nginx:webServer');
    expect(roles(processesOf(appMap).filter((p) => p.machine === m.app))).toContain('node:appServer');
    const db = await api.processes(m.db, start, end);
    expect(db.map((p) => `${p.properties.displayName ?? ''}:${p.properties.group ?? ''}:${p.properties.role ?? ''}`)).toContain('redis-server:redis:databaseServer');
  });

  it('draws the group of the three monitored hosts with and without filterProcesses', async () => {
    const group = await api.createMachineGroup('shop', [m.web, m.app, m.db]);
    const [filtered, all] = await Promise.all([api.groupMap(group.id, true, start, end), api.groupMap(group.id, false, start, end)]);
    // Process pools the agents saw (`p-…`); `ts-…` are acceptors the map infers where nothing listened.
    const monitored = (map: MapResponse) => processesOf(map).filter((p) => [m.web, m.app, m.db].includes(p.machine) && p.name.startsWith('p-'));
    // Filtered: only the processes that talk to another machine of the group.
    expect(monitored(filtered).map((p) => `${p.machine}:${p.group ?? ''}`).sort()).toEqual([`${m.app}:node`, `${m.db}:redis`, `${m.web}:nginx`].sort());
    // The app's refused cache calls went to the database host too: its inferred acceptor stays.
    const inferred = processesOf(filtered).filter((p) => p.name.startsWith('ts-') && !p.machine.startsWith('t-'));
    expect(inferred.map((p) => p.machine)).toEqual([m.db]);
    // Unfiltered also keeps the database host's feed, which talks only to the legacy back-end.
    const extra = monitored(all).filter((p) => !monitored(filtered).some((f) => f.name === p.name));
    // The agents talk only to the server too, but only once they ship: whether their first
    // shipment falls inside the window depends on the clock, so they may or may not be drawn.
    const notAgents = extra.filter((p) => p.commandLine?.includes(' agent run ') !== true);
    expect(notAgents.map((p) => [p.machine, p.commandLine?.includes('feed-client.mjs')])).toEqual([[m.db, true]]);
    expect(monitored(filtered).some((p) => p.commandLine?.includes(' agent run '))).toBe(false);
    for (const map of [filtered, all]) {
      expect(machinesOf(map).get(m.web)).toBe('monitored');
      expect(connectionsOf(map)).toContainEqual(expect.objectContaining({ sourceMachine: m.web, destinationMachine: m.app, port: PORTS.app }));
    }
  });

  it('counts the machines in the summary', async () => {
    const summary = await api.summary(start, end);
    expect(summary.properties).toMatchObject({ total: 3, live: 3, os: { linux: 3, windows: 0 } });
  });

  describe("the documentation's sample log searches through Azure's LogsQueryClient", () => {
    const sorted = (values: unknown[]): unknown[] => [...values].map(String).sort();
    const hostOf = (name: unknown): string => MONITORED.find((h) => m[h] === name) ?? `?${String(name)}`;

    it('List all known machines: web, app and db under their agent ids', async () => {
      const rows = await logs.rows('ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId');
      expect(sorted(rows.map((r) => `${String(r.ComputerName_s)}=${String(r.ResourceName_s)}`))).toEqual(sorted(MONITORED.map((h) => `${h}=${m[h]}`)));
    });

    it("List the physical memory capacity: this machine's MemTotal for each host", async () => {
      const rows = await logs.rows('ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId | project PhysicalMemory_d, ComputerName_s');
      const memTotalKb = Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
      expect(rows.map((r) => Object.keys(r))).toEqual(MONITORED.map(() => ['PhysicalMemory_d', 'ComputerName_s']));
      expect(sorted(rows.map((r) => `${String(r.ComputerName_s)}=${String(r.PhysicalMemory_d)}`))).toEqual(sorted(MONITORED.map((h) => `${h}=${Math.floor(memTotalKb / 1024)}`)));
    });

    it("List computer name, DNS, IP, and OS: each host's own address and name, this machine's OS", async () => {
      const rows = await logs.rows('ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId | project ComputerName_s, OperatingSystemFullName_s, DnsNames_s, Ipv4Addresses_s');
      const prettyName = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
      expect(rows).toHaveLength(MONITORED.length);
      for (const host of MONITORED) {
        const row = rows.find((r) => r.ComputerName_s === host);
        expect(row?.OperatingSystemFullName_s, host).toBe(prettyName);
        expect(JSON.parse(String(row?.DnsNames_s)), host).toContain(host);
        expect(JSON.parse(String(row?.Ipv4Addresses_s)), host).toEqual([lab().ip(host)]);
      }
    });

    it('Find all processes with "sql" in the command line: the app, its connection string redacted', async () => {
      const rows = await logs.rows('ServiceMapProcess_CL | where CommandLine_s contains_cs "sql" | summarize arg_max(TimeGenerated, *) by ResourceId');
      expect(rows.map((r) => hostOf(r.MachineResourceName_s))).toEqual(['app']);
      expect(String(rows[0]?.CommandLine_s)).toContain('app-service.mjs');
      expect(String(rows[0]?.CommandLine_s)).toContain('postgresql://shop:***@');
    });

    it('never shows a secret passed on a command line: the db agent\'s --key, the orders password', async () => {
      const rows = await logs.rows('ServiceMapProcess_CL | summarize arg_max(TimeGenerated, *) by ResourceId | project MachineResourceName_s, CommandLine_s');
      const lines = rows.map((r) => String(r.CommandLine_s));
      expect(lines.join('\n')).not.toContain(running!.server.agentKey);
      expect(lines.join('\n')).not.toContain(ORDERS_PASSWORD);
      const dbAgent = rows.filter((r) => r.MachineResourceName_s === m.db && String(r.CommandLine_s).includes(' agent run '));
      expect(dbAgent.map((r) => /--key (\S+)/.exec(String(r.CommandLine_s))?.[1])).toEqual(dbAgent.map(() => '***'));
    });

    it('Find a machine by resource name and by IP address: the db host both ways', async () => {
      const byName = await logs.rows(`search in (ServiceMapComputer_CL) "${m.db}" | summarize arg_max(TimeGenerated, *) by ResourceId`);
      expect(byName.map((r) => r.ComputerName_s)).toEqual(['db']);
      const byIp = await logs.rows(`search in (ServiceMapComputer_CL) "${lab().ip('db')}" | summarize arg_max(TimeGenerated, *) by ResourceId`);
      expect(byIp.map((r) => r.ComputerName_s)).toEqual(['db']);
    });

    it("List all known processes on a specified machine: the app host's pools", async () => {
      const rows = await logs.rows(`ServiceMapProcess_CL | where MachineResourceName_s == "${m.app}" | summarize arg_max(TimeGenerated, *) by ResourceId`);
      const rest = await api.processes(m.app, start, end);
      expect(sorted(rows.map((r) => r.ResourceName_s))).toEqual(sorted(rest.map((p) => p.name)));
      expect(rows.some((r) => String(r.CommandLine_s).includes('app-service.mjs'))).toBe(true);
    });

    it('List all computers running SQL: the app host, whose command line names postgresql', async () => {
      const rows = await logs.rows('ServiceMapComputer_CL | where ResourceName_s in ((search in (ServiceMapProcess_CL) "*sql*" | distinct MachineResourceName_s)) | distinct ComputerName_s');
      expect(rows.map((r) => r.ComputerName_s)).toEqual(['app']);
    });

    it("List all unique product versions: none of curl (the lab runs none), nginx's from dpkg", async () => {
      expect(await logs.rows('ServiceMapProcess_CL | where ExecutableName_s == "curl" | distinct ProductVersion_s')).toEqual([]);
      const nginx = await logs.rows('ServiceMapProcess_CL | where ExecutableName_s == "nginx" | distinct ProductVersion_s');
      const pkg = execFileSync('dpkg-query', ['-S', '/usr/sbin/nginx'], { encoding: 'utf8' }).split(':')[0] ?? '';
      const version = execFileSync('dpkg-query', ['-W', '-f', '${Version}', pkg], { encoding: 'utf8' });
      expect(nginx.map((r) => r.ProductVersion_s)).toEqual([version]);
    });

    it("VMConnection: the app host's failed links go to the refused cache and the blackholed payments", async () => {
      const rows = await logs.rows(`VMConnection | where Machine == "${m.app}" and LinksFailed > 0 | summarize Failed = sum(LinksFailed), Refused = sum(FailedRefused), TimedOut = sum(FailedTimedOut) by DestinationIp, DestinationPort`);
      const seen = rows.map((r) => `${String(r.DestinationIp)}:${String(r.DestinationPort)} refused=${Number(r.Refused) > 0} timedOut=${Number(r.TimedOut) > 0}`);
      expect(sorted(seen)).toEqual(sorted([
        `${lab().ip('db')}:${PORTS.cache} refused=true timedOut=false`,
        `${lab().ip('payments')}:${PORTS.payments} refused=false timedOut=true`,
      ]));
    });
  });
});
