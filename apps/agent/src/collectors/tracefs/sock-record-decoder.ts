/**
 * Decodes the payload of `sock:inet_sock_set_state` and `sock:inet_sk_error_report` records
 * using field offsets read from the kernel's format files. Pure: bytes in, records out.
 */
import { requireField, type EventFormat, type FormatField } from './event-format.js';
import { formatIpv4, formatIpv6, isV4Mapped } from './format-ip-address.js';

/** One TCP state change of one socket (`sock:inet_sock_set_state`). */
export interface SockStateRecord {
  readonly type: 'state';
  /** Trace clock (CLOCK_MONOTONIC with trace_clock=mono), nanoseconds. */
  readonly tsNs: number;
  /** Task (thread) id the kernel was running when the state changed. */
  readonly pid: number;
  /** Kernel address of the socket, 16 hex digits. */
  readonly skaddr: string;
  readonly oldState: number;
  readonly newState: number;
  readonly family: 4 | 6;
  readonly saddr: string;
  readonly daddr: string;
  readonly sport: number;
  readonly dport: number;
}

/** An error reported on a socket (`sock:inet_sk_error_report`); carries no socket address. */
export interface SockErrorRecord {
  readonly type: 'error';
  readonly tsNs: number;
  readonly pid: number;
  /** Positive errno: 111 ECONNREFUSED, 110 ETIMEDOUT, 113 EHOSTUNREACH, 101 ENETUNREACH… */
  readonly error: number;
  readonly family: 4 | 6;
  readonly saddr: string;
  readonly daddr: string;
  readonly sport: number;
  readonly dport: number;
}

export type SockRecord = SockStateRecord | SockErrorRecord;

/** Decodes one event payload; `undefined` for other events, other protocols or other families. */
export type SockRecordDecoder = (page: Buffer, offset: number, length: number, tsNs: number) => SockRecord | undefined;

const AF_INET = 2;
const AF_INET6 = 10;
const IPPROTO_TCP = 6;

/** Byte offsets of the fields both events share, resolved once from the format file. */
interface AddressOffsets {
  readonly pid: number;
  readonly sport: number;
  readonly dport: number;
  readonly family: number;
  readonly protocol: number;
  readonly saddr: number;
  readonly daddr: number;
  readonly saddr6: number;
  readonly daddr6: number;
  /** Payload bytes needed to read every field. */
  readonly minLength: number;
}

function addressOffsets(format: EventFormat, extra: readonly FormatField[]): AddressOffsets {
  const fields = {
    pid: requireField(format, 'common_pid', 4),
    sport: requireField(format, 'sport', 2),
    dport: requireField(format, 'dport', 2),
    family: requireField(format, 'family', 2),
    protocol: requireField(format, 'protocol', 2),
    saddr: requireField(format, 'saddr', 4),
    daddr: requireField(format, 'daddr', 4),
    saddr6: requireField(format, 'saddr_v6', 16),
    daddr6: requireField(format, 'daddr_v6', 16),
  };
  const all = [...Object.values(fields), ...extra];
  return {
    pid: fields.pid.offset,
    sport: fields.sport.offset,
    dport: fields.dport.offset,
    family: fields.family.offset,
    protocol: fields.protocol.offset,
    saddr: fields.saddr.offset,
    daddr: fields.daddr.offset,
    saddr6: fields.saddr6.offset,
    daddr6: fields.daddr6.offset,
    minLength: Math.max(...all.map((f) => f.offset + f.size)),
  };
}

/**
 * At 200 k records/s, formatting strings per record is most of the decode cost, yet hosts talk
 * to few distinct addresses and the slab allocator reuses socket addresses constantly. Both
 * caches are bounded: cleared when full.
 */
const v4Cache = new Map<number, string>();
const skaddrCache = new Map<number, string>();
const CACHE_LIMIT = 65_536;
const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function cachedIpv4(page: Buffer, offset: number): string {
  const key = page.readUInt32LE(offset);
  let text = v4Cache.get(key);
  if (text === undefined) {
    if (v4Cache.size >= CACHE_LIMIT) v4Cache.clear();
    text = formatIpv4(page, offset);
    v4Cache.set(key, text);
  }
  return text;
}

/**
 * The 64-bit pointer as 16 hex digits. The cache key keeps the low 53 bits, which is exact for
 * every kernel address: above bit 52 they are sign extension (up to 8 PiB of direct map).
 */
function skaddrHex(page: Buffer, offset: number): string {
  const lo = page.readUInt32LE(offset);
  const hi = page.readUInt32LE(offset + 4);
  const key = (hi & 0x1fffff) * 0x1_0000_0000 + lo;
  let text = skaddrCache.get(key);
  if (text === undefined) {
    if (skaddrCache.size >= CACHE_LIMIT) skaddrCache.clear();
    text = '';
    for (let i = 7; i >= 0; i--) text += HEX_BYTES[page[offset + i] ?? 0] ?? '00';
    skaddrCache.set(key, text);
  }
  return text;
}

/** [family, saddr, daddr]; a v6 socket talking to a v4-mapped peer reports as family 4 (as `ss` does). */
function readEndpoints(page: Buffer, base: number, f: AddressOffsets): [4 | 6, string, string] | undefined {
  const family = page.readUInt16LE(base + f.family);
  if (family === AF_INET) return [4, cachedIpv4(page, base + f.saddr), cachedIpv4(page, base + f.daddr)];
  if (family !== AF_INET6) return undefined;
  const s = base + f.saddr6;
  const d = base + f.daddr6;
  if (isV4Mapped(page, s) && isV4Mapped(page, d)) return [4, cachedIpv4(page, s + 12), cachedIpv4(page, d + 12)];
  return [6, formatIpv6(page, s), formatIpv6(page, d)];
}

/** Builds a decoder for the two event formats; throws if a needed field is missing or resized. */
export function createSockRecordDecoder(stateFormat: EventFormat, errorFormat: EventFormat): SockRecordDecoder {
  const typeAt = requireField(stateFormat, 'common_type', 2).offset;
  const skaddr = requireField(stateFormat, 'skaddr', 8);
  const oldState = requireField(stateFormat, 'oldstate', 4);
  const newState = requireField(stateFormat, 'newstate', 4);
  const error = requireField(errorFormat, 'error', 4);
  const st = addressOffsets(stateFormat, [skaddr, oldState, newState]);
  const er = addressOffsets(errorFormat, [error]);

  const decodeState = (page: Buffer, o: number, tsNs: number): SockStateRecord | undefined => {
    const ends = readEndpoints(page, o, st);
    if (!ends) return undefined;
    return {
      type: 'state',
      tsNs,
      pid: page.readInt32LE(o + st.pid),
      skaddr: skaddrHex(page, o + skaddr.offset),
      oldState: page.readInt32LE(o + oldState.offset),
      newState: page.readInt32LE(o + newState.offset),
      family: ends[0],
      saddr: ends[1],
      daddr: ends[2],
      sport: page.readUInt16LE(o + st.sport),
      dport: page.readUInt16LE(o + st.dport),
    };
  };

  const decodeError = (page: Buffer, o: number, tsNs: number): SockErrorRecord | undefined => {
    const ends = readEndpoints(page, o, er);
    if (!ends) return undefined;
    return {
      type: 'error',
      tsNs,
      pid: page.readInt32LE(o + er.pid),
      error: page.readInt32LE(o + error.offset),
      family: ends[0],
      saddr: ends[1],
      daddr: ends[2],
      sport: page.readUInt16LE(o + er.sport),
      dport: page.readUInt16LE(o + er.dport),
    };
  };

  return (page, offset, length, tsNs) => {
    if (length < 2) return undefined;
    const type = page.readUInt16LE(offset + typeAt);
    if (type === stateFormat.id) {
      if (length < st.minLength || page.readUInt16LE(offset + st.protocol) !== IPPROTO_TCP) return undefined;
      return decodeState(page, offset, tsNs);
    }
    if (type === errorFormat.id) {
      if (length < er.minLength || page.readUInt16LE(offset + er.protocol) !== IPPROTO_TCP) return undefined;
      return decodeError(page, offset, tsNs);
    }
    return undefined;
  };
}
