// KQL sample searches: p50 of each of the documentation's ten sample log searches, compiled from
// KQL and run through Storage.runQuery, against hand-written SQL for the same answer, on one
// synthetic workspace in a DuckDB file (plus a second workspace the queries must skip).
//   node bench/run.mjs bench/kql-samples/main.ts [--machines 500] [--hours 24] [--processes 20] [--runs 15]
//   node bench/run.mjs bench/kql-samples/main.ts --data-dir /tmp/sm-fleet-1000x30 [--runs 15]
// With --data-dir the workspace is a bench/fleet store (the 1,000 machines × 30 days); the
// samples' machine ids, IP and product names become those of the fleet's machines (fleetSamples).
// KQL time includes compiling (it happens on every request); the ratio is KQL p50 / SQL p50.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compileKql } from '@servicemap/kql';
import type { AgentReport, ProcessInventory } from '@servicemap/protocol';
import { DuckDBStorage } from '../../apps/server/src/storage/duckdb/duckdb-storage.js';
import type { QueryLimits, SqlQuery } from '../../apps/server/src/storage/storage.js';
import { makeReport, processId } from '../../apps/server/src/testing/make-report.js';
import { buildFleet } from '../fleet/fleet-model.js';
import type { FleetManifest } from '../fleet/fleet-store.js';
import { SAMPLES, type Sample } from './samples.js';

const { values } = parseArgs({
  options: {
    machines: { type: 'string', default: '500' },
    hours: { type: 'string', default: '24' },
    processes: { type: 'string', default: '20' },
    runs: { type: 'string', default: '15' },
    'data-dir': { type: 'string' },
  },
});
const MACHINES = Number(values.machines);
const HOURS = Number(values.hours);
const PROCESSES = Number(values.processes);
const RUNS = Number(values.runs);
const START = Date.parse('2025-01-01T00:00:00.000Z');
const LIMITS: QueryLimits = { maxRows: 30_000, maxResultBytes: 64 * 1024 * 1024 };
const EXES = ['nginx', 'curl', 'mysqld', 'postgres', 'java', 'node', 'sshd', 'redis-server', 'python3', 'SQLAgent'];
const OSES = ['Debian GNU/Linux 12 (bookworm)', 'CentOS Linux 7 (Core)', 'Ubuntu 22.04.4 LTS', 'CentOS Stream 9'];

/** Machine `i` of the synthetic fleet; machine 0 and 1 carry the ids the samples name. */
function agentIdOf(i: number): string {
  if (i === 0) return '4b9c93f9-bc37-46df-b43c-899ba829e07b';
  if (i === 1) return '559dbcd8-3130-454d-8d1d-f624e57961bc';
  return randomUUID();
}

function processOf(time: string, machine: number, j: number): ProcessInventory {
  const exe = EXES[(machine + j) % EXES.length] ?? 'x';
  return {
    timeGenerated: time, process: processId(j), executableName: exe, executablePath: `/usr/bin/${exe}`,
    commandLine: `/usr/bin/${exe} --worker ${j}`, workingDirectory: '/', userName: 'svc', groupName: 'svc',
    startTime: '2024-12-31T00:00:00.000Z', firstPid: 100 + j, processCount: 1, displayName: exe, description: '', companyName: '',
    productName: exe, productVersion: `${(machine % 3) + 7}.${j % 5}`, roles: [], group: exe, containerId: '', netns: 4026531840,
  };
}

function reportOf(agentId: string, machine: number, hour: number): AgentReport {
  const time = new Date(START + hour * 3_600_000).toISOString();
  const base = makeReport({ agentId, time, hostName: `host${machine}`, connections: 0, boundPorts: 0 });
  if (base.computer === undefined) throw new Error('no inventory');
  return {
    ...base,
    computer: {
      ...base.computer, operatingSystemFullName: OSES[machine % OSES.length] ?? '', physicalMemoryMB: 1024 * (1 + (machine % 8)),
      ipv4Interfaces: [{ ipAddress: machine === 0 ? '10.229.243.232' : `10.${(machine >> 8) & 255}.${machine & 255}.${hour}`, subnetMask: '255.255.0.0' }],
    },
    processes: Array.from({ length: PROCESSES }, (_, j) => processOf(time, machine, j)),
  };
}

async function load(storage: DuckDBStorage, workspaceId: string, machines: number): Promise<void> {
  const ids = Array.from({ length: machines }, (_, i) => agentIdOf(i));
  const pending: Promise<unknown>[] = [];
  for (let hour = 0; hour < HOURS; hour++) {
    for (let m = 0; m < machines; m++) {
      const report = reportOf(ids[m] ?? '', m, hour);
      pending.push(storage.ingestReport({ workspaceId, report, receivedAt: new Date(report.sentAt) }));
      if (pending.length >= 200) await Promise.all(pending.splice(0));
    }
  }
  await Promise.all(pending);
}

async function p50(fn: () => Promise<number>): Promise<{ ms: number; rows: number }> {
  let rows = 0;
  const times: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const t = performance.now();
    rows = await fn();
    if (i >= 2) times.push(performance.now() - t); // two warm-up runs
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] ?? 0, rows };
}

/**
 * The samples with the documentation's example values swapped for the fleet's: machine 0's name
 * and IP, machine 1's name, and products the fleet runs (java for curl, Debian for CentOS).
 */
function fleetSamples(manifest: FleetManifest): Sample[] {
  const fleet = buildFleet({ machines: manifest.machines, peers: manifest.peers });
  const [first, second] = fleet.machines;
  if (first === undefined || second === undefined) throw new Error('fleet has fewer than two machines');
  const swaps: [string, string][] = [
    ['m-4b9c93f9-bc37-46df-b43c-899ba829e07b', first.machine], ['10.229.243.232', first.ip],
    ['m-559dbcd8-3130-454d-8d1d-f624e57961bc', second.machine], ['curl', 'java'], ['CentOS', 'Debian'],
  ];
  const swap = (text: string): string => swaps.reduce((t, [from, to]) => t.split(from).join(to), text);
  return SAMPLES.map((s) => ({ name: s.name, kql: swap(s.kql), sql: swap(s.sql) }));
}

async function measure(storage: DuckDBStorage, workspaceId: string, samples: readonly Sample[], now: Date): Promise<void> {
  console.log('sample | rows | KQL p50 ms (compile ms) | SQL p50 ms | ratio');
  console.log('---|---|---|---|---');
  for (const sample of samples) {
    let compileMs = 0;
    const kql = await p50(async () => {
      const t = performance.now();
      const compiled = compileKql(sample.kql, { dialect: 'duckdb', workspaceId, now });
      compileMs = performance.now() - t;
      if (!compiled.ok) throw new Error(`${sample.name}: ${compiled.error.message}`);
      return (await storage.runQuery(compiled.query, LIMITS)).rows.length;
    });
    const hand: SqlQuery = { sql: sample.sql, params: [workspaceId] };
    const sql = await p50(async () => (await storage.runQuery(hand, LIMITS)).rows.length);
    const mismatch = kql.rows === sql.rows ? '' : ` (row counts differ: SQL ${sql.rows})`;
    console.log(`${sample.name} | ${kql.rows}${mismatch} | ${kql.ms.toFixed(1)} (${compileMs.toFixed(2)}) | ${sql.ms.toFixed(1)} | ${(kql.ms / sql.ms).toFixed(2)}x`);
  }
}

const dataDir = values['data-dir'];
if (dataDir !== undefined) {
  const manifest = JSON.parse(readFileSync(join(dataDir, 'fleet.json'), 'utf8')) as FleetManifest;
  const opening = performance.now();
  // The first open of a bulk-loaded store fills its search text and latest-inventory tables.
  const storage = await DuckDBStorage.open({ path: join(dataDir, 'servicemap.duckdb') });
  try {
    console.log(`fleet store opened in ${((performance.now() - opening) / 1000).toFixed(1)} s: ${JSON.stringify(manifest.rows)}`);
    console.log(`${manifest.machines} machines x ${manifest.days} days; p50 of ${RUNS} runs after 2 warm-ups\n`);
    await measure(storage, manifest.workspaceId, fleetSamples(manifest), new Date(manifest.endTime));
  } finally {
    await storage.close();
  }
} else {
  const dir = mkdtempSync(join(tmpdir(), 'sm-bench-kql-'));
  const storage = await DuckDBStorage.open({ path: join(dir, 'bench.duckdb') });
  try {
    const workspaceId = randomUUID();
    const loadStart = performance.now();
    await load(storage, workspaceId, MACHINES);
    await load(storage, randomUUID(), Math.max(1, Math.floor(MACHINES / 4)));
    const stats = await storage.stats();
    console.log(`loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s: ${JSON.stringify(stats.rows)}`);
    console.log(`${MACHINES} machines x ${HOURS} h x ${PROCESSES} processes; p50 of ${RUNS} runs after 2 warm-ups\n`);
    await measure(storage, workspaceId, SAMPLES, new Date(START + HOURS * 3_600_000));
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
