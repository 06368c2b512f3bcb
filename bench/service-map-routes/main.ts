// Service Map read routes against a synthetic fleet in a DuckDB file: latency of the routes cut
// out of a machine's map (connections, ports, client group members, discovered machines), with
// generateMap for the same machine and window as the baseline measured in the same run.
//   node bench/run.mjs bench/service-map-routes/main.ts [--machines 200] [--peers 10] [--minutes 10] [--repeat 15]
// Requests go through app.inject (no sockets): the figures are storage reads + map + JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AgentReport, ConnectionRecord, MachineInventory } from '@servicemap/protocol';
import { buildApp } from '../../apps/server/src/app.js';
import { DuckDBStorage } from '../../apps/server/src/storage/duckdb/duckdb-storage.js';
import { makeReport, processId } from '../../apps/server/src/testing/make-report.js';

const { values } = parseArgs({
  options: {
    machines: { type: 'string', default: '200' },
    peers: { type: 'string', default: '10' },
    minutes: { type: 'string', default: '10' },
    repeat: { type: 'string', default: '15' },
  },
});
const MACHINES = Number(values.machines);
const PEERS = Number(values.peers);
const MINUTES = Number(values.minutes);
const REPEAT = Number(values.repeat);
const NOW = new Date('2025-01-01T01:00:00.000Z');
const APP = processId(1);
const DB = processId(2);

const agentOf = (i: number): string => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
const ipOf = (i: number): string => `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;
const backendOf = (i: number): string => `10.9.0.${(i % 20) + 1}`;

function row(time: string, over: Pick<ConnectionRecord, 'direction' | 'process' | 'sourceIp' | 'destinationIp' | 'destinationPort'>): ConnectionRecord {
  return {
    timeGenerated: time, processName: over.process === APP ? 'app' : 'postgres', protocol: 'tcp', linksEstablished: 1,
    linksTerminated: 1, linksFailed: 0, linksLive: 1, bytesSent: 100, bytesReceived: 200, selfLink: false, ...over,
  };
}

/** Machine i at one minute: app calls PEERS peers' postgres and an agentless back-end; postgres serves peers and 4 agentless clients. */
function reportOf(i: number, minute: number): AgentReport {
  const time = new Date(NOW.getTime() - (MINUTES - minute) * 60_000).toISOString();
  const base = makeReport({ agentId: agentOf(i), time, connections: 0, boundPorts: 0, processes: 2, hostName: `host${i}` });
  const ip = ipOf(i);
  const connections: ConnectionRecord[] = [];
  for (let k = 1; k <= PEERS; k++) {
    connections.push(row(time, { direction: 'outbound', process: APP, sourceIp: ip, destinationIp: ipOf((i + k) % MACHINES), destinationPort: 5432 }));
    connections.push(row(time, { direction: 'inbound', process: DB, sourceIp: ipOf((i - k + MACHINES) % MACHINES), destinationIp: ip, destinationPort: 5432 }));
  }
  connections.push(row(time, { direction: 'outbound', process: APP, sourceIp: ip, destinationIp: backendOf(i), destinationPort: 443 }));
  for (let c = 1; c <= 4; c++) connections.push(row(time, { direction: 'inbound', process: DB, sourceIp: `10.8.0.${c}`, destinationIp: ip, destinationPort: 5432 }));
  const computer = { ...(base.computer as MachineInventory), ipv4Interfaces: [{ ipAddress: ip, subnetMask: '255.255.0.0' }], ipv6Addresses: [] };
  return {
    ...base, computer, connections,
    boundPorts: [{ timeGenerated: time, process: DB, processName: 'postgres', ip: '0.0.0.0', port: 5432, protocol: 'tcp', isWildcardBind: true,
      linksEstablished: 1, linksTerminated: 0, linksLive: 1, bytesSent: 1, bytesReceived: 1 }],
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sm-bench-routes-'));
  const storage = await DuckDBStorage.open({ path: join(dir, 'bench.duckdb') });
  try {
    const app = await buildApp({ storage, now: () => NOW });
    const { workspace } = await app.adminService.createWorkspace('bench');
    const token = (await app.adminService.createToken(workspace.id, 'reader')).secret;
    const loadStart = performance.now();
    for (let minute = 0; minute < MINUTES; minute++) {
      await Promise.all(Array.from({ length: MACHINES }, (_, i) =>
        storage.ingestReport({ workspaceId: workspace.id, report: reportOf(i, minute), receivedAt: NOW })));
    }
    const rows = MACHINES * MINUTES * (2 * PEERS + 5);
    console.log(`fleet: ${MACHINES} machines, ${PEERS} peers each, ${MINUTES} min, ${rows} connection rows, loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

    const base = `/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/${workspace.id}/features/serviceMap`;
    const focus = `m-${agentOf(0)}`;
    const interval = `startTime=${new Date(NOW.getTime() - MINUTES * 60_000).toISOString()}&endTime=${NOW.toISOString()}`;
    const backend = `t-0a090001`;
    const headers = { authorization: `Bearer ${token}` };
    const cases: [string, () => Promise<{ statusCode: number }>][] = [
      ['generateMap single machine (baseline)', () => app.inject({ method: 'POST', url: `${base}/generateMap`, headers, payload: {
        kind: 'map:single-machine-dependency', machineId: `${base}/machines/${focus}`,
        startTime: new Date(NOW.getTime() - MINUTES * 60_000).toISOString(), endTime: NOW.toISOString() } })],
      ['Machines_ListConnections', () => app.inject({ url: `${base}/machines/${focus}/connections?${interval}`, headers })],
      ['Machines_ListPorts', () => app.inject({ url: `${base}/machines/${focus}/ports?${interval}`, headers })],
      ['Ports_ListConnections', () => app.inject({ url: `${base}/machines/${focus}/ports/b-0a010001_5432/connections?${interval}`, headers })],
      ['ClientGroups_ListMembers', () => app.inject({ url: `${base}/clientGroups/m!${focus}/members?${interval}`, headers })],
      ['Machines_Get t- (hour lookback)', () => app.inject({ url: `${base}/machines/${backend}?timestamp=${NOW.toISOString()}`, headers })],
      ['Machines_ListConnections t-', () => app.inject({ url: `${base}/machines/${backend}/connections?${interval}`, headers })],
    ];
    let baseline = Number.NaN;
    console.log('| route | p50 ms | min ms | vs generateMap |');
    console.log('|---|---|---|---|');
    for (const [name, call] of cases) {
      const times: number[] = [];
      for (let r = 0; r < REPEAT + 2; r++) {
        const start = performance.now();
        const res = await call();
        if (res.statusCode !== 200) throw new Error(`${name}: HTTP ${res.statusCode}`);
        if (r >= 2) times.push(performance.now() - start);
      }
      const p50 = median(times);
      if (Number.isNaN(baseline)) baseline = p50;
      console.log(`| ${name} | ${p50.toFixed(1)} | ${Math.min(...times).toFixed(1)} | ${(p50 / baseline).toFixed(2)}× |`);
    }
    await app.close();
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
