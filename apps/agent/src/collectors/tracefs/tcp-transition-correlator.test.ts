import { describe, expect, it } from 'vitest';
import type { TcpEvent } from '../../model/tcp-event.js';
import { CpuBatchMerger } from './cpu-batch-merger.js';
import type { SockErrorRecord, SockRecord, SockStateRecord } from './sock-record-decoder.js';
import { TcpTransitionCorrelator, type CorrelatorOptions } from './tcp-transition-correlator.js';

const S = { EST: 1, SYN_SENT: 2, SYN_RECV: 3, FIN_WAIT1: 4, FIN_WAIT2: 5, CLOSE: 7, CLOSE_WAIT: 8, LAST_ACK: 9, LISTEN: 10 };
const CLIENT = { saddr: '10.213.1.1', daddr: '10.213.1.2', dport: 8080 };

function st(tsNs: number, skaddr: string, oldState: number, newState: number, pid = 0, sport = 40000): SockStateRecord {
  return { type: 'state', tsNs, pid, skaddr, oldState, newState, family: 4, ...CLIENT, sport };
}

function err(tsNs: number, error: number, pid = 0, sport = 40000): SockErrorRecord {
  return { type: 'error', tsNs, pid, error, family: 4, ...CLIENT, sport };
}

function run(records: readonly SockRecord[], options: Partial<CorrelatorOptions> = {}): { events: TcpEvent[]; c: TcpTransitionCorrelator } {
  const c = new TcpTransitionCorrelator({ toEpochMs: (ts) => 1_700_000_000_000 + ts / 1e6, ...options });
  const events: TcpEvent[] = [];
  for (const r of records) c.push(r, events);
  return { events, c };
}

const kinds = (events: readonly TcpEvent[]): string[] =>
  events.map((e) => `${e.kind}:${e.common.pid}${e.kind === 'closed' ? `:${e.origin}` : ''}${e.kind === 'failed' ? `:${e.reason}` : ''}`);

describe('TcpTransitionCorrelator', () => {
  it('turns a client connect and active close into connected + one closed with the connector pid', () => {
    const { events, c } = run([
      st(1, 'a', S.CLOSE, S.SYN_SENT, 100, 0),
      st(2, 'a', S.SYN_SENT, S.EST, 0),
      st(3, 'a', S.EST, S.FIN_WAIT1, 100),
      st(4, 'a', S.FIN_WAIT1, S.FIN_WAIT2, 0),
      st(5, 'a', S.FIN_WAIT2, S.CLOSE, 0),
    ]);
    expect(kinds(events)).toEqual(['connected:100', 'closed:100:connected']);
    expect(events[0]?.common).toEqual({
      timeMs: 1_700_000_000_000 + 2e-6,
      sockId: 'a',
      pid: 100,
      family: 4,
      localIp: '10.213.1.1',
      localPort: 40000,
      remoteIp: '10.213.1.2',
      remotePort: 8080,
    });
    expect(c.trackedSockets).toBe(0);
  });

  it('turns a server-side passive open and passive close into accepted + closed with pid 0', () => {
    const { events, c } = run([
      st(1, 'b', S.LISTEN, S.SYN_RECV, 100),
      st(2, 'b', S.SYN_RECV, S.EST, 100),
      st(3, 'b', S.EST, S.CLOSE_WAIT, 100),
      st(4, 'b', S.CLOSE_WAIT, S.LAST_ACK, 200),
      st(5, 'b', S.LAST_ACK, S.CLOSE, 200),
    ]);
    expect(kinds(events)).toEqual(['accepted:0', 'closed:0:accepted']);
    expect(c.trackedSockets).toBe(0);
  });

  it.each([
    [111, 'refused'],
    [110, 'timedOut'],
    [113, 'unknown'],
    [101, 'unknown'],
  ])('reports a connect closed with error %i as failed %s, owned by the connecting pid', (errno, reason) => {
    const { events } = run([
      st(1, 'c', S.CLOSE, S.SYN_SENT, 300, 0),
      st(2, 'c', S.SYN_SENT, S.CLOSE, 0),
      err(3, errno, 0),
      err(4, 0, 0),
    ]);
    expect(kinds(events)).toEqual([`failed:300:${reason}`]);
  });

  it('does not call a connect the application abandoned a failure', () => {
    const { events, c } = run([st(1, 'd', S.CLOSE, S.SYN_SENT, 300, 0), st(2, 'd', S.SYN_SENT, S.CLOSE, 300)]);
    c.advanceTo(1e9);
    expect(events).toEqual([]);
    expect(c.stats.abortedConnects).toBe(1);
  });

  it('ignores an error report that comes after the window or names another socket', () => {
    const { events } = run([
      st(1, 'e', S.CLOSE, S.SYN_SENT, 1, 0),
      st(2, 'e', S.SYN_SENT, S.CLOSE, 1),
      err(3, 111, 0, 40001),
      err(2 + 60_000_000, 111, 0),
    ]);
    expect(events).toEqual([]);
  });

  it('matches an error report that arrives just before the state change', () => {
    const { events } = run([st(1, 'f', S.CLOSE, S.SYN_SENT, 5, 0), err(2, 111), st(3, 'f', S.SYN_SENT, S.CLOSE)]);
    expect(kinds(events)).toEqual(['failed:5:refused']);
  });

  it('never reports a listener shutting down or a reset established socket as failed', () => {
    const { events } = run([
      st(1, 'g', S.CLOSE, S.LISTEN, 9, 8080),
      st(2, 'g', S.LISTEN, S.CLOSE, 9, 8080),
      st(3, 'h', S.CLOSE, S.SYN_SENT, 7, 0),
      st(4, 'h', S.SYN_SENT, S.EST),
      st(5, 'h', S.EST, S.CLOSE),
      err(6, 104),
    ]);
    expect(kinds(events)).toEqual(['connected:7', 'closed:7:connected']);
  });

  it('reports sockets whose start it never saw as closed with origin unknown, once', () => {
    const { events } = run([
      st(1, 'i', S.EST, S.FIN_WAIT1, 77),
      st(2, 'i', S.FIN_WAIT1, S.FIN_WAIT2),
      st(3, 'i', S.FIN_WAIT2, S.CLOSE),
      st(4, 'j', S.EST, S.CLOSE_WAIT, 55),
      st(5, 'j', S.CLOSE_WAIT, S.LAST_ACK, 55),
      st(6, 'j', S.LAST_ACK, S.CLOSE, 55),
    ]);
    expect(kinds(events)).toEqual(['closed:77:unknown', 'closed:0:unknown']);
  });

  it('starts afresh when a socket address is reused', () => {
    const { events } = run([
      st(1, 'k', S.CLOSE, S.SYN_SENT, 1, 0),
      st(2, 'k', S.SYN_SENT, S.EST),
      st(3, 'k', S.EST, S.CLOSE),
      st(4, 'k', S.CLOSE, S.SYN_SENT, 2, 0),
      st(5, 'k', S.SYN_SENT, S.EST),
      st(6, 'k', S.EST, S.FIN_WAIT1, 2),
    ]);
    expect(kinds(events)).toEqual(['connected:1', 'closed:1:connected', 'connected:2', 'closed:2:connected']);
  });

  it('maps thread ids to process ids', () => {
    const { events } = run([st(1, 'l', S.CLOSE, S.SYN_SENT, 501, 0), st(2, 'l', S.SYN_SENT, S.EST)], {
      resolvePid: (tid) => (tid === 501 ? 500 : tid),
    });
    expect(kinds(events)).toEqual(['connected:500']);
  });

  it('keeps its socket and pending maps bounded', () => {
    const records: SockRecord[] = [];
    for (let i = 0; i < 10; i++) records.push(st(i, `s${i}`, S.CLOSE, S.SYN_SENT, 1, 0));
    for (let i = 0; i < 10; i++) records.push(st(20 + i, `t${i}`, S.SYN_SENT, S.CLOSE, 1, 1000 + i));
    records.push(st(40, 's0', S.SYN_SENT, S.EST));
    const { events, c } = run(records, { maxSockets: 3 });
    expect(c.trackedSockets).toBe(3);
    expect(c.stats.evictedSockets).toBe(8); // 7 while connecting, 1 more when s0 came back
    c.advanceTo(1e9);
    expect(c.stats.abortedConnects).toBe(3); // only the 3 newest pending closes were kept
    expect(kinds(events)).toEqual(['connected:0']); // s0 was evicted: its owner is forgotten, not invented
  });
});

describe('CpuBatchMerger + correlator', () => {
  it('orders transitions of one socket recorded on two CPUs before correlating', () => {
    const cpu0 = [st(1, 'm', S.CLOSE, S.SYN_SENT, 42, 0), st(5, 'm', S.EST, S.FIN_WAIT1, 42)];
    const cpu1 = [st(3, 'm', S.SYN_SENT, S.EST)];
    const merger = new CpuBatchMerger<SockRecord>();
    merger.add(cpu0);
    merger.add(cpu1);
    const first = merger.release(4);
    expect(first.map((r) => r.tsNs)).toEqual([1, 3]);
    expect(merger.held).toBe(1);
    const { events } = run([...first, ...merger.releaseAll()]);
    expect(kinds(events)).toEqual(['connected:42', 'closed:42:connected']);
  });

  it('keeps per-CPU order for equal timestamps', () => {
    const merger = new CpuBatchMerger<{ tsNs: number; id: string }>();
    merger.add([{ tsNs: 2, id: 'a' }, { tsNs: 2, id: 'b' }]);
    merger.add([{ tsNs: 1, id: 'c' }]);
    expect(merger.release(10).map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(merger.release(10)).toEqual([]);
  });
});
