import type { SocketEntry, TcpState } from '../../model/socket-entry.js';

/*
 * /proc/net/tcp{,6} is parsed by walking char codes: the agent reads ~60 k lines per scan, and
 * split/regex per field would allocate a dozen strings per line. Each address string is built once
 * per distinct address (per call) and shared by every row that uses it.
 *
 * Line format (net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c):
 *   "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu ..."
 *   sl    local       remote      st tx:rx       tr:when    retr  uid  timeout inode
 * Addresses are 32-bit words printed in host byte order (little-endian here): 127.0.0.1 is
 * 0100007F, and an IPv6 address is four such words.
 */

const SPACE = 32;
const NEWLINE = 10;

/** Hex digit value by char code, -1 for anything else. */
const HEX = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) HEX[48 + c] = c;
for (let c = 0; c < 6; c++) {
  HEX[65 + c] = 10 + c;
  HEX[97 + c] = 10 + c;
}

/** Value of `count` hex digits at `pos`, or -1 when one of them is not a hex digit. */
function hexAt(text: string, pos: number, count: number): number {
  let value = 0;
  for (let i = pos; i < pos + count; i++) {
    const code = text.charCodeAt(i);
    const digit = code < 128 ? (HEX[code] ?? -1) : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** IPv4 text of a word as the kernel prints it (first byte in the low bits). */
function dottedQuad(word: number): string {
  return `${word & 255}.${(word >>> 8) & 255}.${(word >>> 16) & 255}.${word >>> 24}`;
}

/** The eight 16-bit groups of an IPv6 address given as four host-order words. */
function ipv6Groups(words: readonly number[]): number[] {
  const groups: number[] = [];
  for (const word of words) {
    groups.push(((word & 255) << 8) | ((word >>> 8) & 255), (((word >>> 16) & 255) << 8) | (word >>> 24));
  }
  return groups;
}

/** RFC 5952 text: lower-case, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
export function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart < 0) return hex(0, groups.length);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, groups.length)}`;
}

/** A decoded address: the family is 4 for IPv4 and for v4-mapped IPv6 (`::ffff:a.b.c.d`). */
interface Address {
  readonly family: 4 | 6;
  readonly ip: string;
}

const V4_ANY: Address = { family: 4, ip: '0.0.0.0' };

/** Per-call address cache: a table has few distinct addresses and many rows. */
class AddressDecoder {
  private readonly v4 = new Map<number, Address>();
  private readonly v6 = new Map<string, Address>();

  /** Decodes the 8 hex digits at `pos`, or returns undefined when malformed. */
  ipv4(text: string, pos: number): Address | undefined {
    const word = hexAt(text, pos, 8);
    if (word < 0) return undefined;
    let address = this.v4.get(word);
    if (address === undefined) {
      address = { family: 4, ip: dottedQuad(word) };
      this.v4.set(word, address);
    }
    return address;
  }

  /** Decodes the 32 hex digits at `pos`, or returns undefined when malformed. */
  ipv6(text: string, pos: number): Address | undefined {
    const key = text.slice(pos, pos + 32);
    let address = this.v6.get(key);
    if (address === undefined) {
      const words = [hexAt(text, pos, 8), hexAt(text, pos + 8, 8), hexAt(text, pos + 16, 8), hexAt(text, pos + 24, 8)];
      if (words.some((w) => w < 0)) return undefined;
      // ::ffff:a.b.c.d: a dual-stack socket talking IPv4. 0xFFFF0000 is bytes 00 00 FF FF.
      const mapped = words[0] === 0 && words[1] === 0 && words[2] === 0xffff0000;
      address = mapped ? { family: 4, ip: dottedQuad(words[3] ?? 0) } : { family: 6, ip: formatIpv6(ipv6Groups(words)) };
      this.v6.set(key, address);
    }
    return address;
  }
}

/** Index of the first non-space at or after `pos`. */
function skipSpaces(text: string, pos: number): number {
  while (text.charCodeAt(pos) === SPACE) pos++;
  return pos;
}

/** Index of the first space or newline at or after `pos` (or the end). */
function skipToken(text: string, pos: number): number {
  const end = text.length;
  for (; pos < end; pos++) {
    const code = text.charCodeAt(pos);
    if (code === SPACE || code === NEWLINE) break;
  }
  return pos;
}

/** Decimal value of the token at `pos` (digits only), or -1. */
function decimalAt(text: string, pos: number, end: number): number {
  if (end <= pos) return -1;
  let value = 0;
  for (let i = pos; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Parses the text of `/proc/PID/net/tcp` (family 4) or `/proc/PID/net/tcp6` (family 6).
 *
 * IPv6 addresses come out in RFC 5952 compressed form; a v4-mapped IPv6 socket is reported with
 * family 4 and dotted IPv4 addresses (its unspecified peer as `0.0.0.0`). Malformed lines are
 * skipped. Every entry is tagged with `netns`, the namespace the table was read from.
 */
export function parseProcNetTcp(text: string, family: 4 | 6, netns: number): SocketEntry[] {
  const entries: SocketEntry[] = [];
  const decoder = new AddressDecoder();
  const addressDigits = family === 4 ? 8 : 32;
  const end = text.length;
  // The first line is the column header.
  let lineStart = text.indexOf('\n') + 1;
  while (lineStart > 0 && lineStart < end) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = end;
    const entry = parseLine(text, skipSpaces(text, lineStart), lineEnd, family, addressDigits, netns, decoder);
    if (entry !== undefined) entries.push(entry);
    lineStart = lineEnd + 1;
  }
  return entries;
}

function parseLine(
  text: string,
  pos: number,
  lineEnd: number,
  family: 4 | 6,
  digits: number,
  netns: number,
  decoder: AddressDecoder,
): SocketEntry | undefined {
  // "sl:" then one space, then local "ADDR:PORT remote ADDR:PORT st".
  const colon = text.indexOf(':', pos);
  if (colon < 0 || colon >= lineEnd) return undefined;
  const localAt = skipSpaces(text, colon + 1);
  const remoteAt = localAt + digits + 6;
  const stateAt = remoteAt + digits + 6;
  if (stateAt + 2 > lineEnd) return undefined;
  if (text.charCodeAt(localAt + digits) !== 58 || text.charCodeAt(remoteAt + digits) !== 58) return undefined;
  const local = family === 4 ? decoder.ipv4(text, localAt) : decoder.ipv6(text, localAt);
  let remote = family === 4 ? decoder.ipv4(text, remoteAt) : decoder.ipv6(text, remoteAt);
  const localPort = hexAt(text, localAt + digits + 1, 4);
  const remotePort = hexAt(text, remoteAt + digits + 1, 4);
  const state = hexAt(text, stateAt, 2);
  if (local === undefined || remote === undefined || localPort < 0 || remotePort < 0 || state < 1) return undefined;
  // A v4-mapped listener's peer is the IPv6 unspecified address: report it in the same family.
  if (local.family === 4 && remote.family === 6 && remote.ip === '::') remote = V4_ANY;

  // After the state: tx:rx, tr:when, retrnsmt, uid, timeout, inode.
  let p = stateAt + 2;
  for (let field = 0; field < 3; field++) p = skipToken(text, skipSpaces(text, p));
  const uidAt = skipSpaces(text, p);
  const uidEnd = skipToken(text, uidAt);
  const inodeAt = skipSpaces(text, skipToken(text, skipSpaces(text, uidEnd)));
  const inodeEnd = skipToken(text, inodeAt);
  const uid = decimalAt(text, uidAt, uidEnd);
  const inode = decimalAt(text, inodeAt, inodeEnd);
  if (uid < 0 || inode < 0 || inodeEnd > lineEnd) return undefined;

  return {
    netns,
    family: local.family,
    localIp: local.ip,
    localPort,
    remoteIp: remote.ip,
    remotePort,
    state: state as TcpState,
    inode,
    uid,
  };
}
