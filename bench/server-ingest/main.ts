// Server ingest benchmark: sustained connection records per second into the DuckDB store.
//   node bench/run.mjs bench/server-ingest/main.ts [--records-per-batch 1000] [--batches 600] [--senders 8]
// Two measurements in one run, on the same pre-generated batches:
//   storage-only: DuckDBStorage.ingestReport in this process (the baseline: commit cost alone);
//   http: a real server in a child process (startServer), batches sent as gzip over 127.0.0.1 with
//         keep-alive, each counted when acknowledged (durable commit). Server CPU from /proc.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { AGENT_KEY_HEADER, INGEST_PATH, WORKSPACE_HEADER, type AgentReport } from '@servicemap/protocol';
import { DuckDBStorage } from '../../apps/server/src/storage/duckdb/duckdb-storage.js';
import { makeReport } from '../../apps/server/src/testing/make-report.js';
import { serveForBench, withServerChild } from '../server-child.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'bench' },
    'data-dir': { type: 'string' },
    'records-per-batch': { type: 'string', default: '1000' },
    batches: { type: 'string', default: '600' },
    senders: { type: 'string', default: '8' },
    agents: { type: 'string', default: '200' },
  },
});

if (values.role === 'server') {
  await serveForBench(values['data-dir'] ?? '');
} else {
  await bench();
}

function makeBatches(count: number, perBatch: number, agents: number): AgentReport[] {
  const agentIds = Array.from({ length: agents }, () => randomUUID());
  const time = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000).toISOString();
  return Array.from({ length: count }, (_, i) =>
    makeReport({
      agentId: agentIds[i % agents], connections: perBatch, boundPorts: 0, processes: 0, withComputer: false, tag: i, time,
    }));
}

async function storageOnly(reports: readonly AgentReport[], senders: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'sm-bench-storage-'));
  const storage = await DuckDBStorage.open({ path: join(dir, 'bench.duckdb') });
  const workspaceId = randomUUID();
  try {
    const start = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: senders }, async () => {
      while (next < reports.length) {
        const report = reports[next++]!;
        await storage.ingestReport({ workspaceId, report, receivedAt: new Date() });
      }
    }));
    return (performance.now() - start) / 1000;
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100/s)
}

async function overHttp(bodies: readonly Buffer[], senders: number): Promise<{ seconds: number; serverCpu: number; failures: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sm-bench-http-'));
  // BENCH_SERVER_NODE_FLAGS (e.g. `--cpu-prof`) go to the server child only.
  const flags = process.env.BENCH_SERVER_NODE_FLAGS?.split(' ').filter((f) => f !== '') ?? [];
  try {
    return await withServerChild(dataDir, flags, async (url, pid) => {
      const creds = JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as { workspaceId: string; agentKey: string };
      const headers = {
        'content-type': 'application/json', 'content-encoding': 'gzip',
        [WORKSPACE_HEADER]: creds.workspaceId, [AGENT_KEY_HEADER]: creds.agentKey,
      };
      const cpu0 = cpuSeconds(pid);
      const start = performance.now();
      let next = 0;
      let failures = 0;
      await Promise.all(Array.from({ length: senders }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          const res = await fetch(`${url}${INGEST_PATH}`, { method: 'POST', headers, body });
          const ack = (await res.json()) as { stored?: boolean };
          if (res.status !== 200 || ack.stored !== true) failures++;
        }
      }));
      const seconds = (performance.now() - start) / 1000;
      return { seconds, serverCpu: cpuSeconds(pid) - cpu0, failures };
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function bench(): Promise<void> {
  const perBatch = Number(values['records-per-batch']);
  const count = Number(values.batches);
  const senders = Number(values.senders);
  const records = perBatch * count;
  console.log(`generating ${count} batches × ${perBatch} connection records (${values.agents} agents)…`);
  const reports = makeBatches(count, perBatch, Number(values.agents));
  const bodies = reports.map((r) => gzipSync(JSON.stringify(r), { level: 6 }));
  const jsonBytes = JSON.stringify(reports[0]).length;
  const gzBytes = bodies[0]!.length;
  console.log(`batch: ${(jsonBytes / 1024).toFixed(0)} KiB JSON, ${(gzBytes / 1024).toFixed(0)} KiB gzip`);

  const baseline = await storageOnly(reports, senders);
  const http = await overHttp(bodies, senders);
  const rate = (s: number): string => `${Math.round(records / s).toLocaleString('en')} records/s`;
  console.log(`storage-only: ${records} records in ${baseline.toFixed(2)} s = ${rate(baseline)}`);
  console.log(`http+gzip+validation+commit: ${records} records in ${http.seconds.toFixed(2)} s = ${rate(http.seconds)}` +
    ` (server CPU ${http.serverCpu.toFixed(2)} s = ${(http.serverCpu / http.seconds).toFixed(2)} cores; failures ${http.failures})`);
  console.log(`ratio http / storage-only throughput: ${(baseline / http.seconds).toFixed(2)}`);
}
