/*
 * Writes socket rows the way the kernel prints /proc/net/tcp{,6}, so collector tests parse text
 * with the real layout: each 32-bit word of an address in host (little-endian) byte order.
 */

/** One socket row of a fake TCP table. */
export interface FakeTcpRow {
  /** IPv4 dotted or IPv6 text (`::1`, `::ffff:10.0.0.1`, `fe80::1`). */
  readonly localIp: string;
  readonly localPort: number;
  /** Default: the unspecified address of the table's family. */
  readonly remoteIp?: string;
  readonly remotePort?: number;
  /** Kernel state number: 1 ESTABLISHED, 10 LISTEN … */
  readonly state: number;
  readonly inode: number;
  readonly uid?: number;
}

const V4_HEADER =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const V6_HEADER =
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';

function ipv4Bytes(ip: string): number[] {
  const bytes = ip.split('.').map(Number);
  if (bytes.length !== 4 || bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) {
    throw new Error(`not an IPv4 address: ${ip}`);
  }
  return bytes;
}

function ipv6Bytes(ip: string): number[] {
  let text = ip;
  // A dotted tail (`::ffff:1.2.3.4`) is the last two groups.
  if (text.includes('.')) {
    const lastColon = text.lastIndexOf(':');
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(text.slice(lastColon + 1));
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16)));
  const [head = '', tail] = text.split('::');
  const before = parse(head);
  const after = tail === undefined ? [] : parse(tail);
  const zeros = tail === undefined ? 0 : 8 - before.length - after.length;
  const groups = [...before, ...new Array<number>(Math.max(zeros, 0)).fill(0), ...after];
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) {
    throw new Error(`not an IPv6 address: ${ip}`);
  }
  return groups.flatMap((g) => [g >> 8, g & 255]);
}

/** Bytes in network order → the kernel's text: each 4-byte word printed as a little-endian u32. */
function kernelHex(bytes: readonly number[]): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 4) {
    for (let j = 3; j >= 0; j--) text += (bytes[i + j] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  }
  return text;
}

/** The kernel's address:port field for `ip` in a table of `family`. */
export function kernelAddress(ip: string, port: number, family: 4 | 6): string {
  const bytes = family === 4 ? ipv4Bytes(ip) : ipv6Bytes(ip);
  return `${kernelHex(bytes)}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Full text of a `/proc/net/tcp` (family 4) or `tcp6` (family 6) file holding `rows`. */
export function formatProcNetTcp(rows: readonly FakeTcpRow[], family: 4 | 6): string {
  const lines = [family === 4 ? V4_HEADER : V6_HEADER];
  rows.forEach((row, i) => {
    const remoteIp = row.remoteIp ?? (family === 4 ? '0.0.0.0' : '::');
    const local = kernelAddress(row.localIp, row.localPort, family);
    const remote = kernelAddress(remoteIp, row.remotePort ?? 0, family);
    const state = row.state.toString(16).toUpperCase().padStart(2, '0');
    const uid = String(row.uid ?? 0).padStart(5);
    lines.push(
      `${String(i).padStart(4)}: ${local} ${remote} ${state} 00000000:00000000 00:00000000 00000000 ${uid}        0 ${row.inode} 1 0000000000000000 100 0 0 10 0`,
    );
  });
  return `${lines.join('\n')}\n`;
}
