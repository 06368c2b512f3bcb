import { describe, expect, it } from 'vitest';
import { parsePageLayout } from './event-format.js';
import { parseRingBufferPage } from './ring-buffer-page.js';
import { HEADER_PAGE_TEXT, SyntheticPageBuilder } from './synthetic-trace-page.js';

const layout = parsePageLayout(HEADER_PAGE_TEXT);

function collect(page: Buffer): { ts: number; bytes: number[] }[] {
  const out: { ts: number; bytes: number[] }[] = [];
  parseRingBufferPage(page, 0, layout, (buf, offset, length, ts) => {
    out.push({ ts, bytes: [...buf.subarray(offset, offset + length)] });
  });
  return out;
}

const payload = (n: number, fill: number): Buffer => Buffer.alloc(n, fill);

describe('parsePageLayout', () => {
  it('derives offsets and the page size from header_page', () => {
    expect(layout).toEqual({ timestampOffset: 0, commitOffset: 8, commitSize: 8, dataOffset: 16, pageSize: 4096 });
  });
});

describe('parseRingBufferPage', () => {
  it('returns several events with cumulative deltas', () => {
    const page = new SyntheticPageBuilder(1_000_000n).data(5, payload(8, 1)).data(7, payload(12, 2)).data(0, payload(4, 3)).build();
    expect(collect(page)).toEqual([
      { ts: 1_000_005, bytes: [1, 1, 1, 1, 1, 1, 1, 1] },
      { ts: 1_000_012, bytes: Array<number>(12).fill(2) },
      { ts: 1_000_012, bytes: [3, 3, 3, 3] },
    ]);
  });

  it('applies time extends wider than 27 bits', () => {
    const big = 3 * 2 ** 27 + 12345;
    const page = new SyntheticPageBuilder(10n).timeExtend(big).data(1, payload(4, 9)).build();
    expect(collect(page)).toEqual([{ ts: 10 + big + 1, bytes: [9, 9, 9, 9] }]);
  });

  it('resets the clock on an absolute time stamp', () => {
    const abs = 5 * 2 ** 27 + 77;
    const page = new SyntheticPageBuilder(999n).data(1, payload(4, 1)).timeStamp(abs).data(3, payload(4, 2)).build();
    expect(collect(page).map((e) => e.ts)).toEqual([1000, abs + 3]);
  });

  it('reads the explicit length form (type_len 0)', () => {
    const page = new SyntheticPageBuilder(0n).data(2, payload(8, 4), true).data(1, payload(4, 5)).build();
    expect(collect(page)).toEqual([
      { ts: 2, bytes: Array<number>(8).fill(4) },
      { ts: 3, bytes: [5, 5, 5, 5] },
    ]);
  });

  it('skips discarded events and stops at the null padding that ends a page', () => {
    const page = new SyntheticPageBuilder(100n).data(1, payload(4, 1)).discarded(2, 72).data(3, payload(4, 2)).build(64);
    expect(collect(page)).toEqual([
      { ts: 101, bytes: [1, 1, 1, 1] },
      { ts: 106, bytes: [2, 2, 2, 2] },
    ]);
  });

  it('ignores the flag bits above the commit size', () => {
    const page = new SyntheticPageBuilder(0n).data(1, payload(4, 1)).build(0, 1 << 31);
    expect(collect(page)).toHaveLength(1);
  });

  it('reads only committed bytes of a partially filled page', () => {
    const page = new SyntheticPageBuilder(0n).data(1, payload(4, 1)).build();
    page.writeUInt32LE((1 << 5) | 1, 16 + 8); // a stale header after the committed data
    expect(collect(page)).toHaveLength(1);
  });

  it('reports a header that points past the committed data as malformed', () => {
    const page = new SyntheticPageBuilder(0n).data(1, payload(4, 1)).build();
    page.writeUInt32LE(6, 8); // commit cuts the payload short
    const result = parseRingBufferPage(page, 0, layout, () => undefined);
    expect(result).toEqual({ events: 0, malformed: true });
  });

  it('parses a page at a non-zero base offset in a larger buffer', () => {
    const page = new SyntheticPageBuilder(50n).data(1, payload(4, 7)).build();
    const buffer = Buffer.concat([Buffer.alloc(4096), page]);
    const seen: number[] = [];
    parseRingBufferPage(buffer, 4096, layout, (_b, _o, _l, ts) => seen.push(ts));
    expect(seen).toEqual([51]);
  });
});
