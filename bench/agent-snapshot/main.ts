/*
 * Agent snapshot benchmark: ProcfsReader against `ss` on the same socket table, built by the socket
 * farm (bench/farm). Not a timed test: it prints figures and ratios measured in one run.
 *   node bench/run.mjs bench/agent-snapshot/main.ts [--sizes 1000,10000,30000]
 */
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { ProcfsReader } from '../../apps/agent/src/collectors/procfs/index.js';
import { BENCH_OUT, compileFarm, startFarm } from './socket-farm.js';
import { inProcess, timeInterleaved, wholeProcess, type Timing } from './timing.js';

/** Farm shapes of the reference measurements: N connections, K clients, M listeners. */
const SHAPES: Record<number, { k: number; m: number }> = { 1000: { k: 50, m: 10 }, 10000: { k: 200, m: 25 }, 30000: { k: 500, m: 50 } };
const CLI = resolve(import.meta.dirname, '..', '..', 'apps', 'cli', 'dist', 'servicemap.mjs');

interface Row {
  n: number;
  sockets: number;
  ssTan: Timing;
  ssTanp: Timing;
  snapshot: Timing;
  oneShot: Timing;
  readTables: Timing;
  rescan10: Timing;
  rescanFds: number;
  /** Farm sockets (a port in the farm's range) owned by a farm process, as the snapshot and ss see them; 2N + M expected. */
  ownedBySnapshot: number;
  ownedBySs: number;
  expectedOwned: number;
  /** The CLI and `ss -tanp`, timed together. */
  cli?: { cli: Timing; ssTanp: Timing };
}

/** Bundles one-shot.ts so it runs as a whole process like the CLI bundle does. */
async function bundleOneShot(): Promise<string> {
  const outfile = resolve(BENCH_OUT, 'agent-snapshot-one-shot.mjs');
  await build({
    // bench/out/ (bundled) and bench/agent-snapshot/ (source) are both one level below bench/.
    entryPoints: [resolve(import.meta.dirname, '..', 'agent-snapshot', 'one-shot.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return outfile;
}

function sizesFromArgs(): number[] {
  const at = process.argv.indexOf('--sizes');
  const list = at < 0 ? '1000,10000,30000' : (process.argv[at + 1] ?? '');
  return list.split(',').map(Number);
}

/** Sockets that ss attributes to a process (lines with users:). */
/** The farm's default first listener port (bench/farm/farm.c --port). */
const FARM_PORT = 20000;

/** A port of the farm's listeners (other jobs on the machine make sockets too). */
function isFarmPort(port: number, m: number): boolean {
  return port >= FARM_PORT && port < FARM_PORT + m;
}

/** Farm sockets that ss attributes to a farm process (`users:(("farm-…`). */
function ownedBySs(ssTanpOutput: string, m: number): number {
  return ssTanpOutput.split('\n').filter((line) => {
    if (!line.includes('users:(("farm-')) return false;
    const ports = line.match(/:(\d+)\s/g) ?? [];
    return ports.some((p) => isFarmPort(Number(p.slice(1).trim()), m));
  }).length;
}

async function measure(farmBinary: string, oneShot: string, n: number): Promise<Row> {
  const shape = SHAPES[n] ?? { k: Math.max(1, Math.round(n / 60)), m: Math.max(1, Math.round(n / 600)) };
  const farm = await startFarm(farmBinary, n, shape.k, shape.m);
  try {
    console.log(`N=${n}: ${farm.readyLine}`);
    const reader = new ProcfsReader();
    let ssOutput = '';
    const t = timeInterleaved({
      ssTan: wholeProcess('ss', ['-tan']),
      ssTanp: wholeProcess('ss', ['-tanpH'], (out) => (ssOutput = out)),
      snapshot: inProcess(() => reader.snapshot(Date.now())),
      oneShot: wholeProcess(process.execPath, [oneShot]),
      readTables: inProcess(() => reader.readTables()),
    });
    const snap = reader.snapshot(Date.now());
    const inodes = new Set<number>();
    for (const p of snap.processes.values()) if (p.comm.startsWith('farm-')) for (const inode of p.socketInodes) inodes.add(inode);
    // Ten of the farm's processes, spread over listeners (forked first) and clients.
    const farmChildren = [...snap.processes.values()].filter((p) => p.ppid === farm.pid).map((p) => p.pid);
    const step = Math.max(1, Math.floor(farmChildren.length / 10));
    const ten = farmChildren.filter((_, i) => i % step === 0).slice(0, 10);
    const row: Row = {
      n,
      sockets: snap.sockets.length,
      ...t,
      rescan10: timeInterleaved({ rescan: inProcess(() => reader.rescan(ten)) }).rescan,
      rescanFds: reader.rescan(ten).reduce((sum, p) => sum + p.socketInodes.length, 0),
      ownedBySnapshot: snap.sockets.filter((s) => inodes.has(s.inode) && (isFarmPort(s.localPort, shape.m) || isFarmPort(s.remotePort, shape.m))).length,
      ownedBySs: ownedBySs(ssOutput, shape.m),
      expectedOwned: 2 * n + shape.m,
    };
    if (n === 30000 && existsSync(CLI)) {
      row.cli = timeInterleaved({
        cli: wholeProcess(process.execPath, [CLI, 'agent', 'snapshot', '--json']),
        ssTanp: wholeProcess('ss', ['-tanp']),
      });
    }
    await reader.close();
    return row;
  } finally {
    await farm.stop();
  }
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

/** "wall (cpu)" in ms. */
function cell(t: Timing): string {
  return `${ms(t.wallMs)} (${ms(t.cpuMs)})`;
}

function report(rows: readonly Row[]): void {
  console.log('\nms: median wall (mean CPU, all threads)');
  console.log('| N | sockets | `ss -tan` | `ss -tanp` | `snapshot()` warm | **snapshot / `ss -tanp`** | one-shot process | `readTables()` | `rescan` 10 pids | farm sockets owned: snapshot / ss / expected |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.n} | ${r.sockets} | ${cell(r.ssTan)} | ${cell(r.ssTanp)} | ${cell(r.snapshot)} | **${(r.snapshot.wallMs / r.ssTanp.wallMs).toFixed(2)}×** (CPU ${(r.snapshot.cpuMs / r.ssTanp.cpuMs).toFixed(2)}×) | ${cell(r.oneShot)} | ${cell(r.readTables)} | ${cell(r.rescan10)} ${r.rescanFds} fds | ${r.ownedBySnapshot} / ${r.ownedBySs} / ${r.expectedOwned} |`,
    );
  }
  const big = rows.find((r) => r.n === 30000);
  if (big?.cli !== undefined) {
    const { cli, ssTanp } = big.cli;
    console.log(
      `\nCLI \`node apps/cli/dist/servicemap.mjs agent snapshot --json\` at N=30000: ${cell(cli)} ms against \`ss -tanp\` ${cell(ssTanp)} ms = **${(cli.wallMs / ssTanp.wallMs).toFixed(2)}×** (target ≤ 1.0×)`,
    );
  } else {
    console.log(`\nCLI snapshot: skipped (${existsSync(CLI) ? 'N=30000 not measured' : `${CLI} not built`})`);
  }
}

async function main(): Promise<void> {
  const model = cpus()[0]?.model ?? 'unknown cpu';
  const kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  console.log(`machine: ${cpus().length} × ${model}, kernel ${kernel}, node ${process.version}`);
  console.log('timings: 7 interleaved rounds after 1 warm-up round, median wall and mean CPU; ss and one-shot as whole processes (output into a pipe); snapshot() in this process, warm');
  console.log(`load average at start: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  const farmBinary = compileFarm();
  const oneShot = await bundleOneShot();
  const rows: Row[] = [];
  for (const n of sizesFromArgs()) rows.push(await measure(farmBinary, oneShot, n));
  report(rows);
}

await main();
