import { describe, expect, it } from 'vitest';
import { ByteDeltas, parseSsTcpInfo } from './ss-tcp-info.js';

const OUTPUT = [
  '0      0      127.0.0.1:55474 127.0.0.1:23456 ino:4242 sk:1 <->',
  '\t bbr wscale:10,10 rto:204 cwnd:11 bytes_sent:3 bytes_acked:4 bytes_received:11 segs_out:4',
  '0      0      [::ffff:10.0.0.1]:80 [::ffff:10.0.0.9]:41000 ino:4243 sk:2 <->',
  '\t cubic rto:204 bytes_received:7 segs_out:2',
  '0      0      [fd00::1]:5000 [fd00::2]:5432 ino:4244 sk:3 <->',
  '\t cubic rto:204 bytes_sent:1000000 bytes_received:2000000',
  '',
].join('\n');

describe('ss tcp_info parsing', () => {
  it('reads endpoints, inodes and byte counters, with v4-mapped addresses as IPv4 and missing counters as 0', () => {
    expect(parseSsTcpInfo(OUTPUT)).toEqual([
      { localIp: '127.0.0.1', localPort: 55474, remoteIp: '127.0.0.1', remotePort: 23456, inode: 4242, bytesSent: 3, bytesReceived: 11 },
      { localIp: '10.0.0.1', localPort: 80, remoteIp: '10.0.0.9', remotePort: 41000, inode: 4243, bytesSent: 0, bytesReceived: 7 },
      { localIp: 'fd00::1', localPort: 5000, remoteIp: 'fd00::2', remotePort: 5432, inode: 4244, bytesSent: 1_000_000, bytesReceived: 2_000_000 },
    ]);
  });

  it('turns cumulative counters into per-read deltas, per namespace, and restarts on reuse', () => {
    const deltas = new ByteDeltas();
    const line = OUTPUT.split('\n').slice(0, 2).join('\n');
    const [a] = parseSsTcpInfo(OUTPUT);
    expect(deltas.nextFromText(1, line)).toEqual([{ socket: a, sent: 3, received: 11 }]);
    expect(deltas.nextFromText(2, '')).toEqual([]);
    // Unchanged: nothing moved.
    expect(deltas.nextFromText(1, line)).toEqual([]);
    const later = line.replace('bytes_sent:3', 'bytes_sent:10');
    expect(deltas.nextFromText(1, later)).toEqual([{ socket: { ...a, bytesSent: 10 }, sent: 7, received: 0 }]);
    const reused = line.replace('bytes_sent:3', 'bytes_sent:2').replace('bytes_received:11', 'bytes_received:1');
    expect(deltas.nextFromText(1, reused)).toEqual([{ socket: { ...a, bytesSent: 2, bytesReceived: 1 }, sent: 2, received: 1 }]);
  });
});

describe('ss tcp_info parsing at scale', () => {
  it('stays linear when counters are absent (idle sockets print no bytes_sent)', () => {
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      lines.push(`0      0      127.0.0.1:${1024 + (i % 60000)} 127.0.0.1:20000 ino:${100_000 + i} sk:${i} <->`);
      lines.push('\t cubic wscale:7,7 rto:204 rtt:0.02/0.01 mss:32768 cwnd:10 segs_out:1 segs_in:1 lastsnd:1000 lastrcv:1000');
    }
    const start = performance.now();
    const sockets = parseSsTcpInfo(lines.join('\n'));
    const elapsedMs = performance.now() - start;
    expect(sockets).toHaveLength(20_000);
    expect(sockets.every((s) => s.bytesSent === 0 && s.bytesReceived === 0)).toBe(true);
    // Linear takes a few tens of ms; the quadratic version took tens of seconds.
    expect(elapsedMs).toBeLessThan(2000);
  });
});

describe('ByteDeltas fed in pieces', () => {
  it('gives the same deltas whatever the piece boundaries', () => {
    const whole = new ByteDeltas().nextFromText(1, OUTPUT);
    for (const size of [1, 7, 50, 64, 1000]) {
      const session = new ByteDeltas().begin(1);
      for (let i = 0; i < OUTPUT.length; i += size) session.feed(OUTPUT.slice(i, i + size));
      expect(session.finish()).toEqual(whole);
    }
    expect(whole.map((d) => d.socket.inode)).toEqual([4242, 4243, 4244]);
  });
});
