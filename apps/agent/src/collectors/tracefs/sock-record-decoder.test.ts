import { describe, expect, it } from 'vitest';
import { parseEventFormat, parsePageLayout } from './event-format.js';
import { parseRingBufferPage } from './ring-buffer-page.js';
import { createSockRecordDecoder, type SockRecord } from './sock-record-decoder.js';
import {
  ERROR_FORMAT_TEXT,
  HEADER_PAGE_TEXT,
  STATE_FORMAT_TEXT,
  SyntheticPageBuilder,
  errorPayload,
  statePayload,
} from './synthetic-trace-page.js';

const decode = createSockRecordDecoder(parseEventFormat(STATE_FORMAT_TEXT), parseEventFormat(ERROR_FORMAT_TEXT));
const layout = parsePageLayout(HEADER_PAGE_TEXT);

function records(page: Buffer): SockRecord[] {
  const out: SockRecord[] = [];
  parseRingBufferPage(page, 0, layout, (buf, offset, length, ts) => {
    const r = decode(buf, offset, length, ts);
    if (r) out.push(r);
  });
  return out;
}

const lo = [127, 0, 0, 1];

describe('parseEventFormat', () => {
  it('reads the id and array fields by their bare names', () => {
    const f = parseEventFormat(STATE_FORMAT_TEXT);
    expect(f.id).toBe(2287);
    expect(f.fields.get('saddr_v6')).toEqual({ name: 'saddr_v6', offset: 40, size: 16, signed: false });
    expect(f.fields.get('skaddr')?.offset).toBe(8);
  });

  it('rejects text without an ID', () => {
    expect(() => parseEventFormat('name: x\n')).toThrow(/no name or ID/);
  });
});

describe('createSockRecordDecoder', () => {
  it('decodes IPv4 state changes and error reports from one page', () => {
    const page = new SyntheticPageBuilder(1000n)
      .data(1, statePayload({ pid: 4242, skaddr: 0xffff88815039b780n, oldState: 7, newState: 2, sport: 0, dport: 9, family: 2, saddr: lo, daddr: lo }))
      .data(2, errorPayload({ pid: 4242, error: 111, sport: 38828, dport: 9, saddr: lo, daddr: lo }))
      .build();
    expect(records(page)).toEqual([
      { type: 'state', tsNs: 1001, pid: 4242, skaddr: 'ffff88815039b780', oldState: 7, newState: 2, family: 4, saddr: '127.0.0.1', daddr: '127.0.0.1', sport: 0, dport: 9 },
      { type: 'error', tsNs: 1003, pid: 4242, error: 111, family: 4, saddr: '127.0.0.1', daddr: '127.0.0.1', sport: 38828, dport: 9 },
    ]);
  });

  it('decodes IPv6 addresses and reports v4-mapped pairs as family 4', () => {
    const ula = (last: number): number[] => [0xfd, 0, 2, 0x13, 0, 7, ...Array<number>(9).fill(0), last];
    const mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1];
    const page = new SyntheticPageBuilder(0n)
      .data(1, statePayload({ pid: 1, skaddr: 1n, oldState: 2, newState: 1, sport: 5, dport: 6, family: 10, saddr: [0, 0, 0, 0], daddr: [0, 0, 0, 0], saddr6: ula(1), daddr6: ula(2) }))
      .data(1, statePayload({ pid: 1, skaddr: 2n, oldState: 2, newState: 1, sport: 5, dport: 6, family: 10, saddr: [0, 0, 0, 0], daddr: [0, 0, 0, 0], saddr6: mapped, daddr6: mapped }))
      .build();
    const [v6, v4] = records(page);
    expect(v6).toMatchObject({ family: 6, saddr: 'fd00:213:7::1', daddr: 'fd00:213:7::2', skaddr: '0000000000000001' });
    expect(v4).toMatchObject({ family: 4, saddr: '10.0.0.1', daddr: '10.0.0.1' });
  });

  it('skips other protocols, other events and truncated payloads', () => {
    const other = Buffer.alloc(16);
    other.writeUInt16LE(9999, 0);
    const page = new SyntheticPageBuilder(0n)
      .data(1, statePayload({ pid: 1, skaddr: 1n, oldState: 7, newState: 2, sport: 0, dport: 1, family: 2, protocol: 132, saddr: lo, daddr: lo }))
      .data(1, other)
      .data(1, statePayload({ pid: 1, skaddr: 1n, oldState: 7, newState: 2, sport: 0, dport: 1, family: 2, saddr: lo, daddr: lo }).subarray(0, 40))
      .build();
    expect(records(page)).toEqual([]);
  });
});
