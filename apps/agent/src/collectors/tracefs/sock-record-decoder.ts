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

interface AddressFields {
  readonly pid: FormatField;
  readonly sport: FormatField;
  readonly dport: FormatField;
  readonly family: FormatField;
  readonly protocol: FormatField;
  readonly saddr: FormatField;
  readonly daddr: FormatField;
  readonly saddr6: FormatField;
  readonly daddr6: FormatField;
  readonly minLength: number;
}

function addressFields(format: EventFormat, extra: readonly FormatField[]): AddressFields {
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
  return { ...fields, minLength: Math.max(...all.map((f) => f.offset + f.size)) };
}

/**
 * Formatting a dotted quad per record is a measurable share of the decode cost at 200 k
 * records/s, and hosts talk to few distinct addresses: cache them (bounded).
 */
const v4Cache = new Map<number, string>();
function cachedIpv4(page: Buffer, offset: number): string {
  const key = page.readUInt32LE(offset);
  let text = v4Cache.get(key);
  if (text === undefined) {
    if (v4Cache.size >= 4096) v4Cache.clear();
    text = formatIpv4(page, offset);
    v4Cache.set(key, text);
  }
  return text;
}

interface Endpoints {
  family: 4 | 6;
  saddr: string;
  daddr: string;
}

/** Reads both addresses; a v6 socket talking to a v4-mapped peer reports as family 4 (as `ss` does). */
function readEndpoints(page: Buffer, base: number, f: AddressFields): Endpoints | undefined {
  const family = page.readUInt16LE(base + f.family.offset);
  if (family === AF_INET) {
    return { family: 4, saddr: cachedIpv4(page, base + f.saddr.offset), daddr: cachedIpv4(page, base + f.daddr.offset) };
  }
  if (family !== AF_INET6) return undefined;
  const s = base + f.saddr6.offset;
  const d = base + f.daddr6.offset;
  if (isV4Mapped(page, s) && isV4Mapped(page, d)) {
    return { family: 4, saddr: cachedIpv4(page, s + 12), daddr: cachedIpv4(page, d + 12) };
  }
  return { family: 6, saddr: formatIpv6(page, s), daddr: formatIpv6(page, d) };
}

function hex32(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** Builds a decoder for the two event formats; throws if a needed field is missing or resized. */
export function createSockRecordDecoder(stateFormat: EventFormat, errorFormat: EventFormat): SockRecordDecoder {
  const commonType = requireField(stateFormat, 'common_type', 2);
  const skaddr = requireField(stateFormat, 'skaddr', 8);
  const oldState = requireField(stateFormat, 'oldstate', 4);
  const newState = requireField(stateFormat, 'newstate', 4);
  const error = requireField(errorFormat, 'error', 4);
  const stateFields = addressFields(stateFormat, [skaddr, oldState, newState]);
  const errorFields = addressFields(errorFormat, [error]);

  return (page, offset, length, tsNs) => {
    if (length < 2) return undefined;
    const type = page.readUInt16LE(offset + commonType.offset);
    const isState = type === stateFormat.id;
    if (!isState && type !== errorFormat.id) return undefined;
    const f = isState ? stateFields : errorFields;
    if (length < f.minLength || page.readUInt16LE(offset + f.protocol.offset) !== IPPROTO_TCP) return undefined;
    const ends = readEndpoints(page, offset, f);
    if (!ends) return undefined;
    const common = {
      tsNs,
      pid: page.readInt32LE(offset + f.pid.offset),
      family: ends.family,
      saddr: ends.saddr,
      daddr: ends.daddr,
      sport: page.readUInt16LE(offset + f.sport.offset),
      dport: page.readUInt16LE(offset + f.dport.offset),
    };
    if (!isState) return { type: 'error', ...common, error: page.readInt32LE(offset + error.offset) };
    const sk = offset + skaddr.offset;
    return {
      type: 'state',
      ...common,
      skaddr: hex32(page.readUInt32LE(sk + 4)) + hex32(page.readUInt32LE(sk)),
      oldState: page.readInt32LE(offset + oldState.offset),
      newState: page.readInt32LE(offset + newState.offset),
    };
  };
}
