// The whole agent, as built (`servicemap agent run`), on real processes and real traffic across
// network namespaces: one agent per host (`--namespaces own`, reports read from its disk queue,
// as the server is unreachable from inside the lab), and one agent in the root namespace that
// covers every namespace and ships to a receiver over loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentReport, ConnectionRecord } from '@servicemap/protocol';
import { NetnsLab, ReportReceiver } from '@servicemap/testkit';

const CLI = join(import.meta.dirname, '../../cli/dist/servicemap.mjs');
const WORKSPACE = randomUUID();
const KEY = 'live-test-key';

const SERVER_JS = `
import net from 'node:net';
const server = net.createServer((s) => { s.on('error', () => {}); s.pipe(s); });
server.listen({ port: 8080, host: '::', ipv6Only: false }, () => console.log('LISTENING'));
`;

// 3 long-lived connections, 200 short ones within a second, one refused, one blackholed (the
// client namespace retries SYN once, so it times out in about 3 s), one over IPv6.
const CLIENT_JS = `
import net from 'node:net';
const [ip, ip6] = process.argv.slice(2);
const open = (host, port) => new Promise((resolve) => {
  const s = net.connect({ host, port });
  s.on('connect', () => resolve({ ok: true, s }));
  s.on('error', (e) => resolve({ ok: false, code: e.code }));
});
const held = [];
for (let i = 0; i < 3; i++) held.push((await open(ip, 8080)).s);
for (const s of held) { s.resume(); s.write('x'.repeat(1000)); }
const t0 = Date.now();
for (let batch = 0; batch < 10; batch++) {
  const conns = await Promise.all(Array.from({ length: 20 }, () => open(ip, 8080)));
  await Promise.all(conns.map(({ s }) => new Promise((r) => { s.on('close', r); s.end(); })));
}
const burstMs = Date.now() - t0;
const refused = await open(ip, 9);
const timedOut = await open(ip, 9999);
held.push((await open(ip6, 8080)).s);
console.log('DONE ' + JSON.stringify({ burstMs, refused: refused.code, timedOut: timedOut.code }));
setInterval(() => {}, 1000);
`;

function readQueue(stateDir: string): AgentReport[] {
  const dir = join(stateDir, 'queue');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json.gz'))
    .sort()
    .map((f) => JSON.parse(gunzipSync(readFileSync(join(dir, f))).toString('utf8')) as AgentReport);
}

function waitForLine(child: ChildProcess, prefix: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      reject(new Error(`no "${prefix}" line within ${timeoutMs} ms; got: ${buffer}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith(prefix));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(line);
      }
    });
  });
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stopAgent(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Sums a pool's records to one (direction, destination) over all windows; live from the last. */
function total(reports: AgentReport[], match: (c: ConnectionRecord) => boolean) {
  const records = reports.flatMap((r) => r.connections).filter(match);
  records.sort((a, b) => a.timeGenerated.localeCompare(b.timeGenerated));
  return {
    records: records.length,
    established: records.reduce((n, c) => n + c.linksEstablished, 0),
    terminated: records.reduce((n, c) => n + c.linksTerminated, 0),
    failed: records.reduce((n, c) => n + c.linksFailed, 0),
    refused: records.reduce((n, c) => n + (c.failedRefused ?? 0), 0),
    timedOut: records.reduce((n, c) => n + (c.failedTimedOut ?? 0), 0),
    live: records.at(-1)?.linksLive ?? 0,
    bytesSent: records.reduce((n, c) => n + c.bytesSent, 0),
    bytesReceived: records.reduce((n, c) => n + c.bytesReceived, 0),
    selfLink: records.every((c) => c.selfLink),
  };
}

function poolWithCommand(reports: AgentReport[], fragment: string): string {
  const row = reports.flatMap((r) => r.processes).find((p) => p.commandLine.includes(fragment));
  if (!row) throw new Error(`no process inventory with ${fragment}`);
  return row.process;
}

describe('servicemap agent run on a two-host lab', () => {
  let lab: NetnsLab;
  let receiver: ReportReceiver;
  const dirs: string[] = [];
  const agents: ChildProcess[] = [];
  let work: string;
  let done: { burstMs: number; refused: string; timedOut: string };
  let reportsA: AgentReport[] = [];
  let reportsB: AgentReport[] = [];
  let reportsRoot: AgentReport[] = [];

  const startAgent = (host: string | null, stateDir: string, server: string): ChildProcess => {
    const args = [CLI, 'agent', 'run', '--state-dir', stateDir, '--server', server, '--workspace', WORKSPACE, '--key', KEY, '--retry-max', '2s'];
    args.push('--namespaces', host === null ? 'all' : 'own');
    const child = host === null ? spawn(process.execPath, args, { stdio: 'pipe' }) : lab.spawn(host, process.execPath, args);
    child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
    agents.push(child);
    return child;
  };

  beforeAll(async () => {
    await NetnsLab.cleanupStale();
    lab = await NetnsLab.create({ hosts: ['a', 'b'] });
    receiver = new ReportReceiver({ workspaceId: WORKSPACE, agentKey: KEY });
    await receiver.start();
    work = mkdtempSync(join(tmpdir(), 'sm-agent-live-'));
    dirs.push(work);
    writeFileSync(join(work, 'server.mjs'), SERVER_JS);
    writeFileSync(join(work, 'client.mjs'), CLIENT_JS);
    await lab.exec('a', 'sysctl', ['-q', '-w', 'net.ipv4.tcp_syn_retries=1']);
    await lab.blackhole('b', 9999);

    const server = lab.spawn('b', process.execPath, [join(work, 'server.mjs')]);
    await waitForLine(server, 'LISTENING', 10_000);
    const stateA = join(work, 'agent-a');
    const stateB = join(work, 'agent-b');
    const stateRoot = join(work, 'agent-root');
    // Nothing listens on 127.0.0.1:9 inside the lab: the host agents keep everything queued.
    startAgent('a', stateA, 'http://127.0.0.1:9');
    startAgent('b', stateB, 'http://127.0.0.1:9');
    startAgent(null, stateRoot, receiver.url);
    await waitFor(() => [stateA, stateB, stateRoot].every((d) => existsSync(join(d, 'status.json'))), 20_000, 'agents to start');

    const client = lab.spawn('a', process.execPath, [join(work, 'client.mjs'), lab.ip('b'), lab.ip6('b')]);
    const line = await waitForLine(client, 'DONE ', 30_000);
    done = JSON.parse(line.slice(5)) as typeof done;
    // Let the event drains catch up, then stop: a stopping agent queues its partial window.
    await new Promise((r) => setTimeout(r, 1500));
    await Promise.all(agents.map(stopAgent));
    reportsA = readQueue(stateA);
    reportsB = readQueue(stateB);
    await waitFor(() => readQueue(stateRoot).length === 0, 10_000, 'the root agent to ship its queue').catch(() => undefined);
    reportsRoot = receiver.reports();
  }, 110_000);

  afterAll(async () => {
    await Promise.all(agents.map(stopAgent));
    await receiver.stop();
    await lab.destroy();
    if (process.env.KEEP_LIVE_STATE === undefined) for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('ran the traffic it claims: a burst within a second, one refusal, one timeout', () => {
    expect(done.burstMs).toBeLessThan(1000);
    expect(done.refused).toBe('ECONNREFUSED');
    expect(done.timedOut).toBe('ETIMEDOUT');
  });

  it('counts the client side in host a: outbound links, failures by cause, live links at the end', () => {
    const client = poolWithCommand(reportsA, join(work, 'client.mjs'));
    const b = lab.ip('b');
    const web = total(reportsA, (c) => c.process === client && c.direction === 'outbound' && c.destinationIp === b && c.destinationPort === 8080);
    expect(web).toMatchObject({ established: 203, terminated: 200, live: 3, failed: 0, selfLink: false });
    // The held connections each sent 1000 bytes and got them echoed (short ones close unread).
    expect(web.bytesSent).toBeGreaterThanOrEqual(3000);
    expect(web.bytesReceived).toBeGreaterThanOrEqual(3000);
    expect(reportsA.flatMap((r) => r.connections).find((c) => c.process === client)?.sourceIp).toBe(lab.ip('a'));
    expect(total(reportsA, (c) => c.process === client && c.destinationPort === 9)).toMatchObject({ failed: 1, refused: 1, established: 0 });
    expect(total(reportsA, (c) => c.process === client && c.destinationPort === 9999)).toMatchObject({ failed: 1, timedOut: 1 });
    expect(total(reportsA, (c) => c.process === client && c.destinationIp === lab.ip6('b'))).toMatchObject({ established: 1, live: 1 });
    // Host a sees nothing of host b's processes.
    expect(reportsA.flatMap((r) => r.processes).some((p) => p.commandLine.includes(join(work, 'server.mjs')))).toBe(false);
    expect(reportsA.flatMap((r) => r.connections).some((c) => c.direction === 'inbound' && c.destinationPort === 8080)).toBe(false);
  });

  it('counts the server side in host b: inbound from a, and the bound port', () => {
    const server = poolWithCommand(reportsB, join(work, 'server.mjs'));
    const inbound = total(reportsB, (c) => c.process === server && c.direction === 'inbound' && c.sourceIp === lab.ip('a') && c.destinationPort === 8080);
    expect(inbound).toMatchObject({ established: 203, terminated: 200, live: 3, selfLink: false });
    expect(inbound.bytesReceived).toBeGreaterThanOrEqual(3000);
    expect(inbound.bytesSent).toBeGreaterThanOrEqual(3000);
    const bound = reportsB.flatMap((r) => r.boundPorts).filter((p) => p.process === server && p.port === 8080);
    expect(bound.some((p) => p.ip === lab.ip('b') && p.isWildcardBind)).toBe(true);
    const row = reportsB.flatMap((r) => r.processes).find((p) => p.process === server);
    expect(row).toMatchObject({ executableName: 'node', userName: 'root' });
    expect(reportsB.flatMap((r) => r.connections).some((c) => c.direction === 'outbound' && c.destinationPort === 8080)).toBe(false);
  });

  it('covers every namespace from the root namespace, marks lab traffic as same-machine, and ships it', () => {
    expect(reportsRoot.length).toBeGreaterThan(0);
    const client = poolWithCommand(reportsRoot, join(work, 'client.mjs'));
    const server = poolWithCommand(reportsRoot, join(work, 'server.mjs'));
    expect(total(reportsRoot, (c) => c.process === client && c.destinationPort === 8080 && c.destinationIp === lab.ip('b'))).toMatchObject({
      established: 203,
      selfLink: true,
    });
    expect(total(reportsRoot, (c) => c.process === server && c.direction === 'inbound' && c.destinationPort === 8080 && c.sourceIp === lab.ip('a'))).toMatchObject({
      established: 203,
    });
    expect(reportsRoot[0]!.computer?.hostName).toBeTruthy();
    expect(reportsRoot.every((r) => r.health.mode === 'events')).toBe(true);
  });
});
