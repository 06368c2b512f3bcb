/** Cumulative byte counters of one established socket, as `ss -tinHe` prints them. */
export interface SocketBytes {
  readonly localIp: string;
  readonly localPort: number;
  readonly remoteIp: string;
  readonly remotePort: number;
  readonly inode: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
}

/** `1.2.3.4:80`, `[::1]:80`, `[::ffff:1.2.3.4]:80` (v4-mapped shown as IPv4, as the tables do). */
function splitEndpoint(text: string): [string, number] | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  let ip = text.slice(0, colon);
  const port = Number(text.slice(colon + 1));
  if (!Number.isInteger(port)) return undefined;
  if (ip.startsWith('[')) ip = ip.slice(1, -1);
  const zone = ip.indexOf('%');
  if (zone >= 0) ip = ip.slice(0, zone);
  if (ip.startsWith('::ffff:') && ip.includes('.')) ip = ip.slice(7);
  return [ip, port];
}

function counter(line: string, name: string): number {
  const at = line.indexOf(` ${name}:`);
  if (at < 0) return 0; // ss leaves zero counters out
  const start = at + name.length + 2;
  let end = start;
  while (end < line.length && line.charCodeAt(end) >= 48 && line.charCodeAt(end) <= 57) end++;
  return Number(line.slice(start, end));
}

/**
 * Parses `ss -tinHe state established` output: a socket line (recv-q, send-q, local, peer,
 * `ino:N …` extras) followed by an indented tcp_info line with `bytes_sent:` and
 * `bytes_received:`.
 */
export function parseSsTcpInfo(text: string): SocketBytes[] {
  const result: SocketBytes[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '' || line.startsWith('\t') || line.startsWith(' ')) continue;
    const fields = line.split(/\s+/);
    const local = splitEndpoint(fields[2] ?? '');
    const remote = splitEndpoint(fields[3] ?? '');
    const inodeField = fields.find((f) => f.startsWith('ino:'));
    const info = lines[i + 1] ?? '';
    if (!local || !remote || !(info.startsWith('\t') || info.startsWith(' '))) continue;
    result.push({
      localIp: local[0],
      localPort: local[1],
      remoteIp: remote[0],
      remotePort: remote[1],
      inode: inodeField === undefined ? 0 : Number(inodeField.slice(4)),
      bytesSent: counter(info, 'bytes_sent'),
      bytesReceived: counter(info, 'bytes_received'),
    });
    i++;
  }
  return result;
}

/**
 * Turns cumulative counters into the bytes moved since the previous read. A socket seen for the
 * first time counts everything it moved so far (it is at most one window old when reads happen
 * every window); a counter that went down belongs to a new socket on a reused 4-tuple.
 */
export class ByteDeltas {
  #previous = new Map<string, SocketBytes>();

  next(netns: number, sockets: readonly SocketBytes[]): { socket: SocketBytes; sent: number; received: number }[] {
    const current = new Map<string, SocketBytes>();
    const deltas: { socket: SocketBytes; sent: number; received: number }[] = [];
    for (const s of sockets) {
      const id = `${netns}|${s.inode}|${s.localIp}|${s.localPort}|${s.remoteIp}|${s.remotePort}`;
      current.set(id, s);
      const before = this.#previous.get(id);
      const sent = before && s.bytesSent >= before.bytesSent ? s.bytesSent - before.bytesSent : s.bytesSent;
      const received = before && s.bytesReceived >= before.bytesReceived ? s.bytesReceived - before.bytesReceived : s.bytesReceived;
      if (sent > 0 || received > 0) deltas.push({ socket: s, sent, received });
    }
    // Only this namespace's entries are replaced; other namespaces keep theirs.
    for (const id of this.#previous.keys()) if (id.startsWith(`${netns}|`) && !current.has(id)) this.#previous.delete(id);
    for (const [id, s] of current) this.#previous.set(id, s);
    return deltas;
  }
}
