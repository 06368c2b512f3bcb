import { describe, expect, it } from 'vitest';
import { canonicalIp, hexToIp, ipToHex, isLoopbackIp, parseIp } from './ip-address.js';

describe('ipToHex / hexToIp', () => {
  it.each([
    ['10.10.10.10', '0a0a0a0a'],
    ['192.168.1.1', 'c0a80101'],
    ['1.1.0.0', '01010000'],
    ['255.255.255.255', 'ffffffff'],
    ['fd00::2', 'fd000000000000000000000000000002'],
    ['2001:db8::8:800:200c:417a', '20010db80000000000080800200c417a'],
    ['::1', '00000000000000000000000000000001'],
  ])('%s ↔ %s', (ip, hex) => {
    expect(ipToHex(ip)).toBe(hex);
    expect(hexToIp(hex)).toBe(ip);
  });

  it('writes an IPv4-mapped IPv6 address as its IPv4 hex', () => {
    expect(ipToHex('::ffff:10.0.0.1')).toBe('0a000001');
    expect(ipToHex('::FFFF:0a00:0001')).toBe('0a000001');
  });

  it('rejects malformed addresses and hex of the wrong length', () => {
    expect(() => ipToHex('10.0.0.256')).toThrow(/not an IP/);
    expect(() => ipToHex('fd00::1::2')).toThrow(/not an IP/);
    expect(() => ipToHex('example.com')).toThrow(/not an IP/);
    expect(hexToIp('0a0a0a')).toBeUndefined();
    expect(hexToIp('0A0A0A0A')).toBeUndefined();
  });
});

describe('parseIp', () => {
  it('parses compressed, full and IPv4-tailed IPv6', () => {
    expect(parseIp('1:2:3:4:5:6:7:8')?.bytes).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]);
    expect(parseIp('::')?.bytes).toEqual(new Array(16).fill(0));
    expect(parseIp('64:ff9b::192.0.2.33')?.bytes.slice(12)).toEqual([192, 0, 2, 33]);
    expect(parseIp('1:2:3:4:5:6:7')).toBeUndefined();
    expect(parseIp('1:2:3:4:5:6:7:8:9')).toBeUndefined();
  });
});

describe('canonicalIp', () => {
  it('gives one spelling per address', () => {
    expect(canonicalIp('FD00:0:0:0:0:0:0:02')).toBe('fd00::2');
    expect(canonicalIp('::ffff:192.168.0.7')).toBe('192.168.0.7');
    expect(canonicalIp('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIp('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(canonicalIp('not-an-ip')).toBe('not-an-ip');
  });
});

describe('isLoopbackIp', () => {
  it('knows both families and the mapped form', () => {
    expect(isLoopbackIp('127.0.0.53')).toBe(true);
    expect(isLoopbackIp('::1')).toBe(true);
    expect(isLoopbackIp('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackIp('10.0.0.1')).toBe(false);
    expect(isLoopbackIp('::2')).toBe(false);
  });
});
