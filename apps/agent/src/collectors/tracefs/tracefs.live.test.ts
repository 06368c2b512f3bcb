// Live: needs root, tracefs, iproute2 and nftables. Real connections between two network
// namespaces; the collector must see each one, with the right pid and outcome.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { NetnsLab } from '@servicemap/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TcpEvent } from '../../model/tcp-event.js';
import { TRACEFS_ROOT, TracefsEventSource } from './index.js';

const PORT = { basic: 8080, refused: 8081, blackholed: 8082, burst: 8083, v6: 8086, thread: 8087 };

// Listens on [::] (dual stack: IPv4 peers arrive v4-mapped), answers a half-close with its own.
const SERVER = `
const net = require('net');
for (const port of process.argv.slice(1).map(Number)) {
  net.createServer((c) => { c.on('error', () => {}); c.on('end', () => c.end()); c.resume(); })
    .listen({ port, host: '::', backlog: 1024 }, () => {});
}
setTimeout(() => console.log('ready'), 200);
`;

// Opens N connections to host:port at once, half-closes each once connected, waits for all to close.
const CLIENT = `
const net = require('net');
const [host, port, n] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3] ?? 1)];
const t0 = Date.now(); let left = n; const errors = [];
for (let i = 0; i < n; i++) {
  const c = net.connect({ host, port });
  c.on('connect', () => c.end());
  c.on('error', (e) => errors.push(e.code));
  c.resume();
  c.on('close', () => { if (--left === 0) { console.log(JSON.stringify({ ms: Date.now() - t0, errors })); process.exit(0); } });
}
`;

// Connects from a worker thread (its own task id), stays alive a while so the tid can be resolved.
const THREAD_CLIENT = `
const { Worker } = require('worker_threads');
const code = "const c = require('net').connect(" + JSON.stringify({ host: process.argv[1], port: Number(process.argv[2]) }) +
  "); c.on('connect', () => setTimeout(() => c.end(), 300)); c.on('close', () => process.exit(0));";
new Worker(code, { eval: true }).on('exit', () => { console.log(JSON.stringify({ ms: 0, errors: [] })); process.exit(0); });
`;

interface ClientResult {
  pid: number;
  ms: number;
  errors: string[];
}

function exited(child: ChildProcess): Promise<string> {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => {
      resolve(out);
    });
  });
}

describe('TracefsEventSource (live, two namespaces)', () => {
  let lab: NetnsLab;
  let source: TracefsEventSource;
  const seen: TcpEvent[] = [];

  async function client(host: string, port: number, n = 1): Promise<ClientResult> {
    const child = lab.spawn('a', process.execPath, ['-e', CLIENT, host, String(port), String(n)]);
    const out = await exited(child);
    return { pid: child.pid ?? -1, ...(JSON.parse(out) as { ms: number; errors: string[] }) };
  }

  /** Drains until `done` holds for the events seen on `port`, or the time runs out. */
  async function eventsOn(port: number, done: (events: TcpEvent[]) => boolean, timeoutMs = 10_000): Promise<TcpEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      seen.push(...source.drain());
      // Tracing is host-wide: keep only this lab's traffic (its addresses exist nowhere else).
      const labIps = new Set([lab.ip('a'), lab.ip('b'), lab.ip6('a'), lab.ip6('b')]);
      const mine = seen.filter(
        (e) => labIps.has(e.common.localIp) && labIps.has(e.common.remoteIp) && (e.common.localPort === port || e.common.remotePort === port),
      );
      if (done(mine) || Date.now() > deadline) return mine;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const count = (events: TcpEvent[], kind: TcpEvent['kind']): number => events.filter((e) => e.kind === kind).length;

  beforeAll(async () => {
    await NetnsLab.cleanupStale();
    lab = await NetnsLab.create({ hosts: ['a', 'b'] });
    const opened = TracefsEventSource.open();
    if (!opened.ok) throw new Error(`tracefs unavailable: ${opened.reason}: ${opened.message}`);
    source = opened.source;
    const server = lab.spawn('b', process.execPath, ['-e', SERVER, ...[PORT.basic, PORT.burst, PORT.v6, PORT.thread].map(String)]);
    await new Promise<void>((resolve) => server.stdout?.once('data', () => {
      resolve();
    }));
  });

  afterAll(async () => {
    await source.close();
    await lab.destroy();
  });

  it('reports connected (client pid), accepted and closed for completed connections', async () => {
    const before = Date.now();
    const c = await client(lab.ip('b'), PORT.basic, 3);
    const after = Date.now();
    const events = await eventsOn(PORT.basic, (e) => e.length >= 12);
    const connected = events.filter((e) => e.kind === 'connected');
    expect(connected).toHaveLength(3);
    for (const e of connected) {
      expect(e.common).toMatchObject({ pid: c.pid, family: 4, localIp: lab.ip('a'), remoteIp: lab.ip('b'), remotePort: PORT.basic });
    }
    const accepted = events.filter((e) => e.kind === 'accepted');
    expect(accepted).toHaveLength(3);
    expect(accepted[0]?.common).toMatchObject({ pid: 0, family: 4, localIp: lab.ip('b'), localPort: PORT.basic, remoteIp: lab.ip('a') });
    const closed = events.flatMap((e) => (e.kind === 'closed' ? [e] : []));
    expect(closed.filter((e) => e.origin === 'connected').map((e) => e.common.pid)).toEqual([c.pid, c.pid, c.pid]);
    expect(closed.filter((e) => e.origin === 'accepted')).toHaveLength(3);
    expect(count(events, 'failed')).toBe(0);
    // Kernel timestamps (CLOCK_MONOTONIC) become epoch ms inside the client's lifetime.
    for (const e of events) {
      expect(e.common.timeMs).toBeGreaterThanOrEqual(before - 5);
      expect(e.common.timeMs).toBeLessThanOrEqual(after + 5);
    }
  });

  it('reports a refused connect as failed/refused with the client pid', async () => {
    const c = await client(lab.ip('b'), PORT.refused);
    expect(c.errors).toEqual(['ECONNREFUSED']);
    const events = await eventsOn(PORT.refused, (e) => e.length >= 1);
    expect(events.map((e) => [e.kind, e.kind === 'failed' ? e.reason : '', e.common.pid, e.common.remoteIp])).toEqual([
      ['failed', 'refused', c.pid, lab.ip('b')],
    ]);
  });

  it('reports a blackholed connect as failed/timedOut with the client pid', async () => {
    await lab.blackhole('b', PORT.blackholed);
    await lab.exec('a', 'sysctl', ['-w', 'net.ipv4.tcp_syn_retries=1']);
    const c = await client(lab.ip('b'), PORT.blackholed);
    expect(c.errors).toEqual(['ETIMEDOUT']);
    const events = await eventsOn(PORT.blackholed, (e) => e.length >= 1);
    expect(events.map((e) => [e.kind, e.kind === 'failed' ? e.reason : '', e.common.pid, e.common.remoteIp])).toEqual([
      ['failed', 'timedOut', c.pid, lab.ip('b')],
    ]);
  });

  it('counts every one of 200 connections opened and closed within a second, losing none', async () => {
    const c = await client(lab.ip('b'), PORT.burst, 200);
    expect(c.errors).toEqual([]);
    expect(c.ms).toBeLessThan(1000);
    const events = await eventsOn(PORT.burst, (e) => e.length >= 800);
    const connected = events.filter((e) => e.kind === 'connected');
    expect(connected).toHaveLength(200);
    expect(new Set(connected.map((e) => e.common.pid))).toEqual(new Set([c.pid]));
    expect(count(events, 'accepted')).toBe(200);
    expect(count(events, 'closed')).toBe(400);
    expect(count(events, 'failed')).toBe(0);
    expect(source.lostEvents()).toBe(0);
  });

  it('attributes a connect made by a thread to its process', async () => {
    const child = lab.spawn('a', process.execPath, ['-e', THREAD_CLIENT, lab.ip('b'), String(PORT.thread)]);
    await exited(child);
    const events = await eventsOn(PORT.thread, (e) => e.some((x) => x.kind === 'connected'));
    expect(events.find((e) => e.kind === 'connected')?.common.pid).toBe(child.pid);
  });

  it('reports IPv6 connections as family 6 with ULA addresses', async () => {
    const c = await client(lab.ip6('b'), PORT.v6);
    const events = await eventsOn(PORT.v6, (e) => e.length >= 4);
    expect(events.find((e) => e.kind === 'connected')?.common).toMatchObject({
      pid: c.pid,
      family: 6,
      localIp: lab.ip6('a'),
      remoteIp: lab.ip6('b'),
      remotePort: PORT.v6,
    });
    expect(events.find((e) => e.kind === 'accepted')?.common).toMatchObject({ family: 6, localIp: lab.ip6('b'), remoteIp: lab.ip6('a') });
  });
});

describe('TracefsEventSource instance lifecycle (live)', () => {
  const instances = join(TRACEFS_ROOT, 'instances');

  it('removes its instance on close', async () => {
    const opened = TracefsEventSource.open();
    if (!opened.ok) throw new Error(opened.message);
    const dir = opened.source.stats().instanceDir;
    expect(existsSync(dir)).toBe(true);
    expect(dir.startsWith(join(instances, `servicemap-${process.pid}`))).toBe(true);
    await opened.source.close();
    await opened.source.close();
    expect(existsSync(dir)).toBe(false);
  });

  it('removes stale instances of dead pids at open, and keeps those of live pids', async () => {
    const dead = spawn('true');
    await new Promise((r) => dead.once('exit', r));
    const alive = spawn('sleep', ['60']);
    const deadDir = join(instances, `servicemap-${dead.pid ?? 0}`);
    const aliveDir = join(instances, `servicemap-${alive.pid ?? 0}`);
    try {
      mkdirSync(deadDir);
      mkdirSync(aliveDir);
      const opened = TracefsEventSource.open();
      if (!opened.ok) throw new Error(opened.message);
      await opened.source.close();
      expect(existsSync(deadDir)).toBe(false);
      expect(existsSync(aliveDir)).toBe(true);
    } finally {
      for (const dir of [deadDir, aliveDir]) if (existsSync(dir)) rmdirSync(dir);
      if (alive.pid !== undefined) process.kill(alive.pid, 'SIGKILL');
    }
  });
});
