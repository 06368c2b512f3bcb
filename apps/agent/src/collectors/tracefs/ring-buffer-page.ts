/**
 * Pure parser for one ftrace ring-buffer page as read from `per_cpu/cpuN/trace_pipe_raw`.
 *
 * Page: u64 timestamp, commit (local_t; its low 27 bits are the number of data bytes, the high
 * bits are flags such as "missed events"), then events. Each event starts with a little-endian
 * u32 {type_len:5, time_delta:27}: type_len 1..28 = data of type_len*4 bytes follows; 0 = the
 * next u32 is the length (counting itself) and data follows it; 29 = padding (a discarded event,
 * or with time_delta 0 the empty rest of the page); 30 = time extend (delta gains the next u32
 * shifted by 27); 31 = absolute time stamp in the same encoding.
 * The layout is documented in `events/header_page` and `events/header_event`.
 */
import type { PageLayout } from './event-format.js';

const TYPE_PADDING = 29;
const TYPE_TIME_EXTEND = 30;
const TYPE_TIME_STAMP = 31;
const COMMIT_MASK = (1 << 27) - 1;
const TWO_POW_27 = 2 ** 27;
const TWO_POW_32 = 2 ** 32;

/**
 * Called for each data event: the payload is `page[offset, offset + length)`, valid only during
 * the call (the reader reuses its page buffer). `tsNs` is on the instance's trace clock.
 */
export type PageEventHandler = (page: Buffer, offset: number, length: number, tsNs: number) => void;

/** What a page held: data events and whether it ended cleanly. */
export interface PageParseResult {
  readonly events: number;
  /** True when an event header pointed outside the committed data (a torn or foreign page). */
  readonly malformed: boolean;
}

/**
 * Walks the events of the page at `page[base, base + layout.pageSize)`.
 * Timestamps are kept as JS numbers: exact to the nanosecond for 104 days of uptime, and off by
 * a few nanoseconds after that, far below the millisecond resolution the events carry.
 */
export function parseRingBufferPage(
  page: Buffer,
  base: number,
  layout: PageLayout,
  onEvent: PageEventHandler,
): PageParseResult {
  let ts =
    page.readUInt32LE(base + layout.timestampOffset) +
    page.readUInt32LE(base + layout.timestampOffset + 4) * TWO_POW_32;
  const committed = page.readUInt32LE(base + layout.commitOffset) & COMMIT_MASK;
  const end = base + layout.dataOffset + Math.min(committed, layout.pageSize - layout.dataOffset);
  let pos = base + layout.dataOffset;
  let events = 0;
  while (pos + 4 <= end) {
    const header = page.readUInt32LE(pos);
    const typeLen = header & 31;
    const delta = header >>> 5;
    if (typeLen === TYPE_PADDING) {
      if (delta === 0) break; // the rest of the page is unused
      if (pos + 8 > end) return { events, malformed: true };
      // libtraceevent advances the clock by a discarded event's delta; so do we.
      ts += delta;
      pos += 4 + page.readUInt32LE(pos + 4);
      continue;
    }
    if (typeLen === TYPE_TIME_EXTEND || typeLen === TYPE_TIME_STAMP) {
      if (pos + 8 > end) return { events, malformed: true };
      const value = page.readUInt32LE(pos + 4) * TWO_POW_27 + delta;
      ts = typeLen === TYPE_TIME_EXTEND ? ts + value : value;
      pos += 8;
      continue;
    }
    let dataOffset: number;
    let length: number;
    if (typeLen === 0) {
      if (pos + 8 > end) return { events, malformed: true };
      const withLengthWord = page.readUInt32LE(pos + 4);
      if (withLengthWord < 4) return { events, malformed: true };
      dataOffset = pos + 8;
      length = withLengthWord - 4;
    } else {
      dataOffset = pos + 4;
      length = typeLen * 4;
    }
    if (dataOffset + length > end) return { events, malformed: true };
    ts += delta;
    onEvent(page, dataOffset, length, ts);
    events++;
    pos = dataOffset + length;
  }
  return { events, malformed: false };
}
