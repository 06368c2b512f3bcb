import { formatProcNetTcp } from '@servicemap/testkit';
import { describe, expect, it } from 'vitest';
import { TcpState } from '../../model/socket-entry.js';
import { formatIpv6, parseProcNetTcp } from './proc-net-tcp.js';

const NS = 4026531833;

describe('parseProcNetTcp', () => {
  it('decodes a real kernel IPv4 table, header and trailing padding included', () => {
    const text =
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     \n' +
      '   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1060 1 00000000295166f3 100 0 0 10 0                      \n' +
      '   1: 0100007F:9C40 0101A8C0:0050 01 00000000:00000000 02:000A7D35 00000000  1000        0 98765 2 0000000000000000 20 4 30 10 -1                    \n';
    expect(parseProcNetTcp(text, 4, NS)).toEqual([
      { netns: NS, family: 4, localIp: '0.0.0.0', localPort: 2024, remoteIp: '0.0.0.0', remotePort: 0, state: TcpState.LISTEN, inode: 1060, uid: 0 },
      { netns: NS, family: 4, localIp: '127.0.0.1', localPort: 40000, remoteIp: '192.168.1.1', remotePort: 80, state: TcpState.ESTABLISHED, inode: 98765, uid: 1000 },
    ]);
  });

  it('writes IPv6 addresses in RFC 5952 compressed form', () => {
    const text = formatProcNetTcp(
      [
        { localIp: '::', localPort: 443, state: 10, inode: 1 },
        { localIp: '::1', localPort: 8080, remoteIp: '::1', remotePort: 51000, state: 1, inode: 2 },
        { localIp: 'fe80::a:b', localPort: 22, remoteIp: '2001:db8:0:0:1:0:0:1', remotePort: 60000, state: 1, inode: 3 },
        { localIp: '2001:db8:0:1:1:1:1:1', localPort: 1, state: 10, inode: 4 },
      ],
      6,
    );
    const rows = parseProcNetTcp(text, 6, NS);
    expect(rows.map((r) => [r.family, r.localIp, r.localPort, r.remoteIp, r.remotePort])).toEqual([
      [6, '::', 443, '::', 0],
      [6, '::1', 8080, '::1', 51000],
      [6, 'fe80::a:b', 22, '2001:db8::1:0:0:1', 60000],
      [6, '2001:db8:0:1:1:1:1:1', 1, '::', 0],
    ]);
  });

  it('reports v4-mapped sockets of a tcp6 table as IPv4', () => {
    const text = formatProcNetTcp(
      [
        { localIp: '::ffff:127.0.0.1', localPort: 3000, remoteIp: '::ffff:10.1.2.3', remotePort: 45000, state: 1, inode: 7 },
        { localIp: '::ffff:192.0.2.5', localPort: 3001, state: 10, inode: 8 },
      ],
      6,
    );
    const rows = parseProcNetTcp(text, 6, NS);
    expect(rows.map((r) => [r.family, r.localIp, r.remoteIp, r.inode])).toEqual([
      [4, '127.0.0.1', '10.1.2.3', 7],
      [4, '192.0.2.5', '0.0.0.0', 8],
    ]);
  });

  it('decodes the kernel word order of a literal tcp6 line', () => {
    // ::1 port 8080 as the kernel prints it.
    const text =
      '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
      '   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0\n';
    expect(parseProcNetTcp(text, 6, 9)).toEqual([
      { netns: 9, family: 6, localIp: '::1', localPort: 8080, remoteIp: '::', remotePort: 0, state: TcpState.LISTEN, inode: 4242, uid: 0 },
    ]);
  });

  it('skips malformed lines and keeps the good ones', () => {
    const good = formatProcNetTcp([{ localIp: '10.0.0.1', localPort: 80, state: 10, inode: 5 }], 4).split('\n')[1];
    const text = `header\n   0: ZZZZZZZZ:0050 00000000:0000 0A x\ngarbage\n${good}\n   2: 0100007F:0050\n`;
    expect(parseProcNetTcp(text, 4, NS).map((r) => r.inode)).toEqual([5]);
  });

  it('returns nothing for an empty table or empty text', () => {
    expect(parseProcNetTcp(formatProcNetTcp([], 6), 6, NS)).toEqual([]);
    expect(parseProcNetTcp('', 4, NS)).toEqual([]);
  });
});

describe('formatIpv6', () => {
  it('compresses only runs of two or more zero groups, the first of equal runs', () => {
    expect(formatIpv6([0, 0, 0, 0, 0, 0, 0, 0])).toBe('::');
    expect(formatIpv6([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1])).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIpv6([0x2001, 0, 0, 1, 0, 0, 0, 1])).toBe('2001:0:0:1::1');
    expect(formatIpv6([1, 0, 0, 0, 0, 0, 0, 0])).toBe('1::');
  });
});
