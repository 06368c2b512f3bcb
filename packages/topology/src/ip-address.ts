/**
 * IP address parsing and the hex forms used in Service Map names. IPv4 is 8 lower-case hex
 * digits as in Azure (`10.10.10.10` → `0a0a0a0a`). Azure had no IPv6; we chose the full 16 bytes
 * as 32 lower-case hex digits, so the length alone tells the family and names stay free of `:`
 * (which would need escaping in URLs and clash with nothing in the grammar, but is ugly in paths).
 */

/** A parsed address: 4 bytes for IPv4, 16 for IPv6. */
export interface ParsedIp {
  readonly family: 4 | 6;
  readonly bytes: readonly number[];
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseIpv4(text: string): number[] | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  const bytes = match.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

function parseGroups(part: string): number[] | undefined {
  if (part === '') return [];
  const groups: number[] = [];
  for (const group of part.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    groups.push(parseInt(group, 16));
  }
  return groups;
}

function parseIpv6(text: string): number[] | undefined {
  let body = text;
  let tail: number[] = [];
  // An embedded IPv4 tail (`::ffff:10.0.0.1`) stands for the last two groups.
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.') && lastColon >= 0) {
    const v4 = parseIpv4(body.slice(lastColon + 1));
    if (!v4) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = v4;
    tail = [(a << 8) | b, (c << 8) | d];
    body = body.slice(0, lastColon + 1);
    // `::ffff:` loses its separator colon; `::` (or `64:ff9b::`) keeps its compression mark.
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const [first = '', second = ''] = halves;
  const head = parseGroups(first);
  const rest = parseGroups(second);
  if (!head || !rest) return undefined;
  const explicit = head.length + rest.length + tail.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  const groups = [...head, ...new Array<number>(8 - explicit).fill(0), ...rest, ...tail];
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/** Parses dotted IPv4 or textual IPv6 (no zone, no brackets); undefined when malformed. */
export function parseIp(text: string): ParsedIp | undefined {
  const v4 = parseIpv4(text);
  if (v4) return { family: 4, bytes: v4 };
  if (!text.includes(':')) return undefined;
  const v6 = parseIpv6(text);
  return v6 ? { family: 6, bytes: v6 } : undefined;
}

function isV4Mapped(bytes: readonly number[]): boolean {
  return bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/** IPv4-mapped IPv6 (`::ffff:a.b.c.d`, what a dual-stack socket reports) becomes plain IPv4. */
function unmap(ip: ParsedIp): ParsedIp {
  return ip.family === 6 && isV4Mapped(ip.bytes) ? { family: 4, bytes: ip.bytes.slice(12) } : ip;
}

/** RFC 5952 text: lower case, leading zeros dropped, the longest run (≥ 2) of zero groups as `::`. */
function formatIpv6(bytes: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** The text of a parsed address (IPv4 dotted, IPv6 in RFC 5952 form). */
export function formatIp(ip: ParsedIp): string {
  return ip.family === 4 ? ip.bytes.join('.') : formatIpv6(ip.bytes);
}

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const CANONICAL_IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/**
 * One spelling per address, so rows from two agents about the same socket compare equal:
 * IPv4-mapped IPv6 becomes IPv4, IPv6 is RFC 5952. Unparseable text is returned unchanged.
 */
export function canonicalIp(text: string): string {
  // Fast path for the common case, already canonical dotted IPv4 (maps call this per row).
  if (CANONICAL_IPV4.test(text)) return text;
  const ip = parseIp(text);
  return ip ? formatIp(unmap(ip)) : text;
}

/** `10.10.10.10` → `0a0a0a0a`; IPv6 → 32 hex digits. Throws on malformed input. */
export function ipToHex(text: string): string {
  const ip = parseIp(text);
  if (!ip) throw new Error(`not an IP address: ${JSON.stringify(text)}`);
  return unmap(ip)
    .bytes.map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

/** Inverse of `ipToHex`: 8 hex digits → IPv4, 32 → IPv6; undefined otherwise. */
export function hexToIp(hex: string): string | undefined {
  if (!/^([0-9a-f]{8}|[0-9a-f]{32})$/.test(hex)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  return formatIp({ family: bytes.length === 4 ? 4 : 6, bytes });
}

/** Loopback in either family (127.0.0.0/8, ::1), after unmapping. */
export function isLoopbackIp(text: string): boolean {
  if (CANONICAL_IPV4.test(text)) return text.startsWith('127.');
  const ip = parseIp(text);
  if (!ip) return false;
  const plain = unmap(ip);
  if (plain.family === 4) return plain.bytes[0] === 127;
  return plain.bytes.slice(0, 15).every((b) => b === 0) && plain.bytes[15] === 1;
}
