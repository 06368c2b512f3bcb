import { describe, expect, it } from 'vitest';
import { formatIpv4, formatIpv6, isV4Mapped } from './format-ip-address.js';

function v6(text: string): Uint8Array {
  // Test-only parser for fully written or `::` forms without embedded IPv4.
  const [head = '', tail] = text.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t].map((g) => parseInt(g, 16));
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

describe('formatIpv4', () => {
  it('reads network order at an offset', () => {
    expect(formatIpv4(Uint8Array.from([9, 10, 213, 7, 1]), 1)).toBe('10.213.7.1');
  });
});

describe('formatIpv6', () => {
  it.each([
    ['fd00:213:7:0:0:0:0:2', 'fd00:213:7::2'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:1:1:1:1:0:1', '2001:db8:1:1:1:1:0:1'],
    ['fe80:0:0:0:0:0:0:0', 'fe80::'],
  ])('%s → %s', (full, expected) => {
    expect(formatIpv6(v6(full), 0)).toBe(expected);
  });

  it('prints IPv4-mapped addresses in mixed notation', () => {
    const bytes = new Uint8Array(16);
    bytes.set([0xff, 0xff, 127, 0, 0, 1], 10);
    expect(isV4Mapped(bytes, 0)).toBe(true);
    expect(formatIpv6(bytes, 0)).toBe('::ffff:127.0.0.1');
  });
});
