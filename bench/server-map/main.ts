// Map benchmark: single-machine and 100-machine group maps over a one-hour window of a fleet's
// history (written first by bench/fleet: `node bench/run.mjs bench/fleet/main.ts --data-dir DIR`).
//   node bench/run.mjs bench/server-map/main.ts --data-dir DIR [--runs 30] [--group-size 100]
// Three measurements in one run, each after two warm-up rounds, machines rotating between runs:
//   baseline: raw SQL on the same file (a count(*) of the window, and the focus machine's rows);
//   storage:  readMapInput against DuckDBStorage in this process, then buildMap on its result;
//   http:     a real server in a child process (startServer on the data dir), POST generateMap
//             with the bootstrap admin token over 127.0.0.1, response parsed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { buildMap, type MapScope } from '@servicemap/topology';
import { DATABASE_FILE } from '../../apps/server/src/server.js';
import { readMapInput } from '../../apps/server/src/services/map-input.js';
import { DuckDBStorage } from '../../apps/server/src/storage/duckdb/duckdb-storage.js';
import { buildFleet } from '../fleet/fleet-model.js';
import type { FleetManifest } from '../fleet/fleet-store.js';
import { serveForBench, withServerChild } from '../server-child.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'bench' },
    'data-dir': { type: 'string', default: '/tmp/sm-fleet' },
    runs: { type: 'string', default: '30' },
    'group-size': { type: 'string', default: '100' },
    only: { type: 'string', default: 'baseline,storage,http' },
  },
});
const dataDir = values['data-dir'];


interface Case {
  readonly name: string;
  /** The machines of run i. */
  readonly machines: (run: number) => string[];
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

function summary(label: string, times: number[], extra = ''): { p50: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  console.log(`${label.padEnd(42)} p50 ${p50.toFixed(1).padStart(8)} ms  p95 ${p95.toFixed(1).padStart(8)} ms  (n=${times.length})${extra}`);
  return { p50, p95 };
}

async function timeRuns(runs: number, fn: (run: number) => Promise<void>): Promise<number[]> {
  for (let warm = 0; warm < 2; warm++) await fn(runs + warm);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await fn(run);
    times.push(performance.now() - start);
  }
  return times;
}

async function baseline(manifest: FleetManifest, cases: readonly Case[], runs: number, window: { from: Date; to: Date }): Promise<void> {
  const instance = await DuckDBInstance.create(join(dataDir, DATABASE_FILE));
  const c = await instance.connect();
  const ts = (d: Date): string => `TIMESTAMP '${d.toISOString().replace('T', ' ').replace('Z', '')}'`;
  const inWindow = `WorkspaceId = '${manifest.workspaceId}' AND TimeGenerated >= ${ts(window.from)} AND TimeGenerated < ${ts(window.to)}`;
  try {
    let windowRows = 0;
    summary('baseline: count(*) of the window (all machines)', await timeRuns(runs, async () => {
      windowRows = Number((await c.runAndReadAll(`SELECT count(*) FROM VMConnection_Stored WHERE ${inWindow}`)).getRows()[0]?.[0]);
    }), ` ${windowRows} rows`);
    for (const kase of cases) {
      let rows = 0;
      summary(`baseline: ${kase.name} focus rows (SELECT *)`, await timeRuns(runs, async (run) => {
        const list = kase.machines(run).map((m) => `'${m}'`).join(', ');
        rows = (await c.runAndReadAll(`SELECT * FROM VMConnection_Stored WHERE ${inWindow} AND Machine IN (${list})`)).currentRowCount;
      }), ` ${rows} rows`);
    }
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

async function storageOnly(manifest: FleetManifest, cases: readonly Case[], runs: number, window: { from: Date; to: Date }): Promise<void> {
  const opening = performance.now();
  const storage = await DuckDBStorage.open({ path: join(dataDir, DATABASE_FILE) });
  // The first open of a bulk-loaded store fills the latest-inventory tables from the history.
  console.log(`storage: open ${(performance.now() - opening).toFixed(0)} ms`);
  const workspace = { subscriptionId: 's', resourceGroupName: 'rg', workspaceName: 'default' };
  const mapWindow = { startTime: window.from.toISOString(), endTime: window.to.toISOString() };
  try {
    for (const kase of cases) {
      const scopeOf = (run: number): MapScope => {
        const machines = kase.machines(run);
        return machines.length === 1 ? { kind: 'single', machine: machines[0]! } : { kind: 'group', machines, filterProcesses: false };
      };
      const reads: number[] = [];
      const builds: number[] = [];
      let rows = 0;
      let nodes = 0;
      await timeRuns(runs, async (run) => {
        const t0 = performance.now();
        const input = await readMapInput(storage, { workspaceId: manifest.workspaceId, workspace, window: mapWindow, scope: scopeOf(run) });
        const t1 = performance.now();
        const map = buildMap(input);
        const t2 = performance.now();
        if (run < runs) {
          reads.push(t1 - t0);
          builds.push(t2 - t1);
        }
        rows = input.connections.length;
        nodes = map.response.map.nodes.machines.length;
      });
      summary(`storage: ${kase.name} readMapInput`, reads, ` ${rows} connection rows in, ${nodes} machines drawn`);
      summary(`storage: ${kase.name} buildMap`, builds);
      summary(`storage: ${kase.name} read + build`, reads.map((r, i) => r + (builds[i] ?? 0)));
    }
  } finally {
    await storage.close();
  }
}

async function overHttp(cases: readonly Case[], runs: number, window: { from: Date; to: Date }): Promise<void> {
  await withServerChild(dataDir, [], async (url) => {
    const creds = JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as { workspaceId: string; adminToken: string };
    const base = `${url}/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.OperationalInsights/workspaces/${creds.workspaceId}/features/serviceMap`;
    const headers = { authorization: `Bearer ${creds.adminToken}`, 'content-type': 'application/json' };
    const post = async (path: string, body: unknown): Promise<unknown> => {
      const res = await fetch(`${base}${path}?api-version=2015-11-01-preview`, { method: 'POST', headers, body: JSON.stringify(body) });
      const json = (await res.json());
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const groups = new Map<string, string>();
    const machineRef = (m: string): { kind: string; id: string } => ({ kind: 'ref:machinewithhints', id: `${base.replace(url, '')}/machines/${m}` });
    for (const kase of cases) {
      let bytes = 0;
      const times = await timeRuns(runs, async (run) => {
        const machines = kase.machines(run);
        let body: unknown;
        if (machines.length === 1) {
          body = { kind: 'map:single-machine-dependency', machineId: machineRef(machines[0]!).id, startTime: window.from.toISOString(), endTime: window.to.toISOString() };
        } else {
          const key = machines.join(',');
          let groupId = groups.get(key);
          if (groupId === undefined) {
            const created = await post('/machineGroups', { kind: 'machineGroup', properties: { displayName: `bench ${groups.size}`, count: machines.length, machines: machines.map(machineRef) } }) as { id: string };
            groupId = created.id;
            groups.set(key, groupId);
          }
          body = { kind: 'map:machine-group-dependency', machineGroupId: groupId, startTime: window.from.toISOString(), endTime: window.to.toISOString() };
        }
        bytes = JSON.stringify(await post('/generateMap', body)).length;
      });
      summary(`http: ${kase.name} POST generateMap`, times, ` ${(bytes / 1024).toFixed(0)} KiB response`);
    }
  });
}

async function bench(): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(dataDir, 'fleet.json'), 'utf8')) as FleetManifest;
  const fleet = buildFleet({ machines: manifest.machines, peers: manifest.peers });
  const runs = Number(values.runs);
  const groupSize = Number(values['group-size']);
  const names = fleet.machines.map((m) => m.machine);
  const cases: Case[] = [
    // A different machine each run (37 is prime to the fleet size), so no run reads a warm copy of the last.
    { name: 'single machine', machines: (run) => [names[(run * 37) % names.length]!] },
    // Two stored groups of consecutive machines, alternating.
    { name: `group of ${groupSize}`, machines: (run) => names.slice((run % 2) * groupSize, (run % 2) * groupSize + groupSize) },
  ];
  const to = new Date(manifest.endTime);
  const window = { from: new Date(to.getTime() - 3_600_000), to };
  console.log(`fleet: ${manifest.machines} machines, ${manifest.days} days, ${JSON.stringify(manifest.rows)}; window ${window.from.toISOString()} – ${window.to.toISOString()}`);
  const only = new Set(values.only.split(','));
  if (only.has('baseline')) await baseline(manifest, cases, runs, window);
  if (only.has('storage')) await storageOnly(manifest, cases, runs, window);
  if (only.has('http')) await overHttp(cases, runs, window);
}

// Last, so every const above is initialised before the top-level await runs.
if (values.role === 'server') {
  await serveForBench(dataDir);
} else {
  await bench();
}
