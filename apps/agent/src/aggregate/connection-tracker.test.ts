import { describe, expect, it } from 'vitest';
import type { TcpEvent, TcpEventCommon } from '../model/tcp-event.js';
import { TcpState } from '../model/socket-entry.js';
import { buildPools } from '../pools/process-pools.js';
import { ConnectionTracker, type PidResolver } from './connection-tracker.js';
import { SocketView } from './socket-view.js';
import { MACHINE, NS, proc, snapshot, sock } from './test-world.test-support.js';
import { WindowAggregator } from './window-aggregator.js';

const T0 = Date.UTC(2026, 10, 25, 10, 0, 0);
const users = (): string => 'root';

// A web server (nginx, wildcard :80), an app (outbound to a database and to itself on loopback).
function world() {
  const nginx = proc(10, { exePath: '/usr/sbin/nginx', cmdline: ['nginx'], socketInodes: [1, 2, 7] });
  const app = proc(20, { exePath: '/usr/bin/node', cmdline: ['node', 'app.js'], socketInodes: [3, 4, 5] });
  const snap = snapshot(
    [nginx, app],
    [
      sock(1, ['0.0.0.0', 80], ['0.0.0.0', 0], TcpState.LISTEN),
      sock(2, ['10.0.0.1', 80], ['10.0.0.50', 40000]),
      sock(3, ['10.0.0.1', 50000], ['10.0.0.9', 5432]),
      sock(4, ['10.0.0.1', 50001], ['10.0.0.9', 5432]),
      sock(5, ['127.0.0.1', 50002], ['127.0.0.1', 80]),
      sock(7, ['127.0.0.1', 80], ['127.0.0.1', 50002]),
    ],
  );
  const pools = buildPools(snap.processes, MACHINE, users);
  const view = new SocketView(snap, pools, new Map([[NS, ['10.0.0.1']]]));
  const resolver: PidResolver = { pool: (pid) => pools.poolOfPid.get(pid), process: (pid) => snap.processes.get(pid) };
  return { snap, pools, view, resolver, nginxPool: pools.poolOfPid.get(10)!, appPool: pools.poolOfPid.get(20)! };
}

const common = (over: Partial<TcpEventCommon>): TcpEventCommon => ({
  timeMs: T0 + 1000,
  sockId: 'ffff0001',
  pid: 0,
  family: 4,
  localIp: '10.0.0.1',
  localPort: 0,
  remoteIp: '10.0.0.9',
  remotePort: 5432,
  ...over,
});

describe('ConnectionTracker in events mode', () => {
  it('counts outbound, inbound, failed and closed connections per logical key and window', () => {
    const w = world();
    const agg = new WindowAggregator();
    const tracker = new ConnectionTracker(agg, { mode: 'events', namespaces: 'all' });
    tracker.setView(w.view);
    const events: TcpEvent[] = [
      { kind: 'connected', common: common({ pid: 20, sockId: 'a1', localPort: 50010 }) },
      { kind: 'connected', common: common({ pid: 20, sockId: 'a2', localPort: 50011 }) },
      { kind: 'closed', origin: 'connected', common: common({ sockId: 'a1', localPort: 50010, timeMs: T0 + 2000 }) },
      { kind: 'failed', reason: 'refused', common: common({ pid: 20, sockId: 'a3', remotePort: 6379 }) },
      { kind: 'failed', reason: 'timedOut', common: common({ pid: 20, sockId: 'a4', remotePort: 6379 }) },
      { kind: 'accepted', common: common({ sockId: 'b1', localPort: 80, remoteIp: '10.0.0.77', remotePort: 41000 }) },
      // Next window: the second outbound connection closes.
      { kind: 'closed', origin: 'connected', common: common({ sockId: 'a2', localPort: 50011, timeMs: T0 + 61_000 }) },
    ];
    tracker.onEvents(events, w.resolver);
    tracker.onTable(w.snap.sockets, T0 + 59_000, true);
    const first = agg.close(T0 + 60_000);
    const db = first.connections.find((c) => c.destinationPort === 5432)!;
    expect(db).toMatchObject({
      direction: 'outbound',
      process: w.appPool.id,
      processName: 'node',
      sourceIp: '10.0.0.1',
      destinationIp: '10.0.0.9',
      linksEstablished: 2,
      linksTerminated: 1,
      linksFailed: 0,
      linksLive: 2,
      selfLink: false,
      timeGenerated: new Date(T0).toISOString(),
    });
    const redis = first.connections.find((c) => c.destinationPort === 6379)!;
    expect(redis).toMatchObject({ linksFailed: 2, failedRefused: 1, failedTimedOut: 1, linksEstablished: 0 });
    const inbound = first.connections.filter((c) => c.direction === 'inbound');
    expect(inbound.map((c) => [c.sourceIp, c.destinationIp, c.destinationPort, c.linksEstablished, c.linksLive]).sort()).toEqual([
      ['10.0.0.50', '10.0.0.1', 80, 0, 1],
      ['10.0.0.77', '10.0.0.1', 80, 1, 0],
      ['127.0.0.1', '127.0.0.1', 80, 0, 1],
    ].sort());
    const loop = first.connections.find((c) => c.direction === 'outbound' && c.destinationIp === '127.0.0.1')!;
    expect(loop.selfLink).toBe(true);
    expect(first.connections.find((c) => c.sourceIp === '10.0.0.77')!.selfLink).toBe(false);

    const second = agg.close(T0 + 120_000);
    expect(second.connections).toEqual([expect.objectContaining({ destinationPort: 5432, linksTerminated: 1, linksEstablished: 0 })]);
  });

  it('reports bound ports per address that was used on a wildcard bind, and idle listeners once', () => {
    const w = world();
    const agg = new WindowAggregator();
    const tracker = new ConnectionTracker(agg, { mode: 'events', namespaces: 'all' });
    tracker.setView(w.view);
    tracker.onTable(w.snap.sockets, T0 + 59_000, true);
    const { boundPorts } = agg.close(T0 + 60_000);
    expect(boundPorts.map((b) => [b.ip, b.port, b.isWildcardBind, b.linksLive]).sort()).toEqual([
      ['10.0.0.1', 80, true, 1],
      ['127.0.0.1', 80, true, 1],
    ]);

    const idle = new WindowAggregator();
    const t2 = new ConnectionTracker(idle, { mode: 'events', namespaces: 'all' });
    t2.setView(w.view);
    t2.onTable([], T0 + 59_000, true);
    expect(idle.close(T0 + 60_000).boundPorts).toEqual([
      expect.objectContaining({ ip: '0.0.0.0', port: 80, isWildcardBind: true, linksLive: 0, process: w.nginxPool.id }),
    ]);
  });

  it('ignores events of processes in namespaces it does not cover, and counts what it cannot attribute', () => {
    const w = world();
    const foreign = proc(30, { netns: NS + 1 });
    const agg = new WindowAggregator();
    const tracker = new ConnectionTracker(agg, { mode: 'events', namespaces: 'own' });
    tracker.setView(w.view);
    const pools = buildPools(new Map([[30, foreign]]), MACHINE, users);
    tracker.onEvents(
      [
        { kind: 'connected', common: common({ pid: 30 }) },
        { kind: 'connected', common: common({ pid: 999 }) },
        { kind: 'accepted', common: common({ localIp: '10.99.0.1', localPort: 80 }) },
      ],
      { pool: (pid) => pools.poolOfPid.get(pid), process: (pid) => (pid === 30 ? foreign : undefined) },
    );
    expect(agg.close(T0 + 60_000).connections).toEqual([]);
    expect(tracker.stats).toMatchObject({ foreignNamespaceEvents: 2, unattributedEvents: 1 });
  });
});

describe('ConnectionTracker watching its own namespace', () => {
  it("does not take an exiting process's connection from another namespace as its own", () => {
    const w = world();
    // Read while exiting: a zombie has no namespace link, so its netns reads as 0.
    const exiting = proc(40, { comm: 'node', exePath: '', cmdline: [], netns: 0, zombie: true });
    const pools = buildPools(new Map([[20, w.snap.processes.get(20)!], [40, exiting]]), MACHINE, users);
    const agg = new WindowAggregator();
    const tracker = new ConnectionTracker(agg, { mode: 'events', namespaces: 'own' });
    tracker.setView(w.view);
    tracker.onEvents(
      [
        // Another namespace's client, on an address this namespace does not have.
        { kind: 'connected', common: common({ pid: 40, sockId: 'c1', localIp: 'fd00::8', remoteIp: 'fd00::1', remotePort: 80, family: 6 }) },
        // The same exiting process on one of our addresses is ours.
        { kind: 'connected', common: common({ pid: 40, sockId: 'c2', localPort: 50020 }) },
      ],
      { pool: (pid) => pools.poolOfPid.get(pid), process: (pid) => (pid === 40 ? exiting : w.snap.processes.get(pid)) },
    );
    const connections = agg.close(T0 + 60_000).connections;
    expect(connections.map((c) => [c.sourceIp, c.destinationIp, c.linksEstablished])).toEqual([['10.0.0.1', '10.0.0.9', 1]]);
    expect(tracker.stats.foreignNamespaceEvents).toBe(1);
  });
});

describe('ConnectionTracker in snapshot mode', () => {
  it('counts sockets that appear and disappear between table reads, not the ones already there', () => {
    const w = world();
    const agg = new WindowAggregator();
    const tracker = new ConnectionTracker(agg, { mode: 'snapshots', namespaces: 'all' });
    tracker.setView(w.view);
    tracker.onTable(w.snap.sockets, T0 + 1000, false);
    const later = w.snap.sockets.filter((s) => s.inode !== 3).concat(sock(6, ['10.0.0.1', 50003], ['10.0.0.9', 5432]));
    // inode 6 belongs to the app too.
    const app = { ...w.snap.processes.get(20)!, socketInodes: [4, 5, 6] };
    const snap2 = snapshot([w.snap.processes.get(10)!, app], later);
    tracker.setView(new SocketView(snap2, buildPools(snap2.processes, MACHINE, users), new Map([[NS, ['10.0.0.1']]])));
    tracker.onTable(later, T0 + 30_000, true);
    const db = agg.close(T0 + 60_000).connections.find((c) => c.destinationPort === 5432)!;
    expect(db).toMatchObject({ linksEstablished: 1, linksTerminated: 1, linksLive: 2 });
  });
});

describe('WindowAggregator', () => {
  it('puts late observations for a closed window into the oldest open one instead of losing them', () => {
    const w = world();
    const agg = new WindowAggregator();
    const key = w.view.outboundKey(w.appPool, '10.0.0.1', '10.0.0.9', 5432);
    agg.count(key, T0 + 10, 'established');
    expect(agg.close(T0 + 60_000).connections).toHaveLength(1);
    agg.count(key, T0 + 20, 'terminated');
    expect(agg.close(T0 + 60_000).connections).toHaveLength(0);
    const next = agg.close(T0 + 120_000).connections;
    expect(next).toEqual([expect.objectContaining({ linksTerminated: 1, timeGenerated: new Date(T0 + 60_000).toISOString() })]);
  });
});

describe('ConnectionTracker live counts from events', () => {
  it('moves live counts with connects, accepts and closes, so a window end needs no table read', () => {
    const w = world();
    const agg = new WindowAggregator();
    const tracker = new ConnectionTracker(agg, { mode: 'events', namespaces: 'all' });
    tracker.setView(w.view);
    // The table read says: 2 live to the database, 1 inbound from 10.0.0.50.
    tracker.onTable(w.snap.sockets, T0 + 500, false);
    tracker.onEvents(
      [
        { kind: 'connected', common: common({ pid: 20, sockId: 'n1', localPort: 50020 }) },
        { kind: 'closed', origin: 'unknown', common: common({ sockId: 'old', localPort: 50000 }) },
        { kind: 'accepted', common: common({ sockId: 'n2', localPort: 80, remoteIp: '10.0.0.60', remotePort: 42000 }) },
      ],
      w.resolver,
    );
    tracker.markWindowEnd(T0 + 59_999);
    const { connections } = agg.close(T0 + 60_000);
    expect(connections.find((c) => c.destinationPort === 5432)).toMatchObject({ linksLive: 2, linksEstablished: 1, linksTerminated: 1 });
    expect(connections.find((c) => c.sourceIp === '10.0.0.60')).toMatchObject({ linksLive: 1, linksEstablished: 1 });
    expect(connections.find((c) => c.sourceIp === '10.0.0.50')).toMatchObject({ linksLive: 1 });
    expect(tracker.keyOfTuple('10.0.0.1', 80, '10.0.0.60', 42000)?.direction).toBe('inbound');
    expect(tracker.keyOfTuple('10.0.0.1', 50000, '10.0.0.9', 5432)).toBeUndefined();
  });
});
