// Steady state of the whole agent (`servicemap agent run`, default settings, as root so in
// events mode) on a host holding 10k idle established loopback connections over hundreds of
// processes, shipping to a receiver on loopback. Prints the agent's CPU as a share of one core
// and its RSS, against the targets (1 % of a core, 100 MB) and against the cost of one
// `ss -tanp` on the same table, measured in the same run.
//   node bench/run.mjs bench/agent-steady/main.ts [--seconds 150] [-n 10000] [--node-options '...']
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ReportReceiver } from '@servicemap/testkit';
import { compileFarm, startFarm } from '../agent-snapshot/socket-farm.js';
import { timeInterleaved, wholeProcess } from '../agent-snapshot/timing.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '150' }, n: { type: 'string', short: 'n', default: '10000' }, 'node-options': { type: 'string' } },
});
const seconds = Number(values.seconds);
const n = Number(values.n);
const CLK_TCK = 100;
const cli = resolve(import.meta.dirname, '..', '..', 'apps', 'cli', 'dist', 'servicemap.mjs');

/** CPU of the agent and of the children it waited for (the `ss` it runs each window). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / CLK_TCK;
}

/** The agent runs with the systemd unit's environment (NODE_OPTIONS unless --node-options says otherwise). */
function unitEnvironment(): Record<string, string> {
  const unit = readFileSync(resolve(import.meta.dirname, '..', '..', 'deploy', 'servicemap-agent.service'), 'utf8');
  const env: Record<string, string> = {};
  for (const [, name, value] of unit.matchAll(/^Environment=([A-Z_]+)=(.*)$/gm)) if (name !== undefined && value !== undefined) env[name] = value;
  if (values['node-options'] !== undefined) env.NODE_OPTIONS = values['node-options'];
  return env;
}

function rssMB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number(line.replace(/\D+/g, '')) / 1024;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

if (spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' }).status !== 0) throw new Error('build failed');
const farm = await startFarm(compileFarm(), n, 200, 25);
const workspace = randomUUID();
const receiver = new ReportReceiver({ workspaceId: workspace, agentKey: 'bench' });
await receiver.start();
const stateDir = mkdtempSync(join(tmpdir(), 'sm-steady-'));
const agent = spawn(process.execPath, [cli, 'agent', 'run', '--state-dir', stateDir, '--server', receiver.url, '--workspace', workspace, '--key', 'bench', '--log-level', 'warn'], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, ...unitEnvironment() },
});
try {
  const pid = agent.pid ?? 0;
  console.log(`farm: ${farm.readyLine}`);
  await sleep(10_000); // first scan, package database, first window setup
  const cpu0 = cpuSeconds(pid);
  const t0 = Date.now();
  let rssMax = 0;
  while (Date.now() - t0 < seconds * 1000) {
    await sleep(1000);
    rssMax = Math.max(rssMax, rssMB(pid));
  }
  const wall = (Date.now() - t0) / 1000;
  const cpu = cpuSeconds(pid) - cpu0;
  const ss = timeInterleaved({ ss: wholeProcess('ss', ['-tanp']) }, 5).ss;
  const share = (100 * cpu) / wall;
  const status = JSON.parse(readFileSync(join(stateDir, 'status.json'), 'utf8')) as { mode: string; eventsLost: number; lastWindowAt: string | null };
  console.log(`agent steady state, ${n} idle connections, ${wall.toFixed(0)} s, mode ${status.mode}, environment ${JSON.stringify(unitEnvironment())}`);
  console.log(`  CPU ${cpu.toFixed(2)} s = ${share.toFixed(2)} % of one core (target <= 1 %: ${share <= 1 ? 'met' : 'MISSED'})`);
  console.log(`  RSS max ${rssMax.toFixed(1)} MB, now ${rssMB(pid).toFixed(1)} MB (target <= 100 MB: ${rssMax <= 100 ? 'met' : 'MISSED'})`);
  console.log(`  baseline: one \`ss -tanp\` on the same table: ${(ss.wallMs / 1000).toFixed(3)} s wall, ${(ss.cpuMs / 1000).toFixed(3)} s CPU`);
  console.log(`  agent CPU per minute / one ss -tanp: ${(((cpu / wall) * 60 * 1000) / ss.cpuMs).toFixed(2)}x`);
  console.log(`  reports received ${receiver.reports().length}; events lost ${status.eventsLost}; last window ${status.lastWindowAt ?? 'none'}`);
} finally {
  agent.kill('SIGTERM');
  await new Promise((r) => agent.once('exit', r));
  await farm.stop();
  await receiver.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
