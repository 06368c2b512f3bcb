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

/**
 * The decimal number after `name` in `line`, 0 when absent (ss leaves zero counters out). The
 * line is a slice of the whole output: searching the whole output instead would run to its end
 * for every socket whose counter is absent, quadratic in the number of sockets.
 */
function counterIn(line: string, name: string): number {
  const at = line.indexOf(name);
  if (at < 0) return 0;
  let value = 0;
  for (let i = at + name.length; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  return value;
}

/** Called per socket by {@link scanSsTcpInfo} with the bounds of its socket line. */
type SocketVisitor = (text: string, lineStart: number, lineEnd: number, inode: number, sent: number, received: number) => void;

/**
 * Scans `ss -tinHe state established` output in place: a socket line (recv-q, send-q, local,
 * peer, `ino:N …`) followed by an indented tcp_info line with `bytes_sent:` and
 * `bytes_received:`. Only slices of the output are made per socket (V8 shares their
 * characters): at 20k sockets the output is megabytes, and splitting it into lines and fields
 * was most of the agent's garbage per window.
 */
function scanSsTcpInfo(text: string, visit: SocketVisitor): void {
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const first = text.charCodeAt(pos);
    const infoStart = end + 1;
    const infoFirst = text.charCodeAt(infoStart);
    if (end > pos && first !== 9 && first !== 32 && (infoFirst === 9 || infoFirst === 32)) {
      let infoEnd = text.indexOf('\n', infoStart);
      if (infoEnd < 0) infoEnd = text.length;
      const info = text.slice(infoStart, infoEnd);
      visit(text, pos, end, counterIn(text.slice(pos, end), ' ino:'), counterIn(info, ' bytes_sent:'), counterIn(info, ' bytes_received:'));
      pos = infoEnd + 1;
      continue;
    }
    pos = end + 1;
  }
}

function socketOf(text: string, lineStart: number, lineEnd: number, inode: number, sent: number, received: number): SocketBytes | undefined {
  const fields = text.slice(lineStart, lineEnd).split(/\s+/, 5);
  const local = splitEndpoint(fields[2] ?? '');
  const remote = splitEndpoint(fields[3] ?? '');
  if (!local || !remote) return undefined;
  return { localIp: local[0], localPort: local[1], remoteIp: remote[0], remotePort: remote[1], inode, bytesSent: sent, bytesReceived: received };
}

/** Every socket of `ss -tinHe state established` output. */
export function parseSsTcpInfo(text: string): SocketBytes[] {
  const result: SocketBytes[] = [];
  scanSsTcpInfo(text, (...args) => {
    const socket = socketOf(...args);
    if (socket) result.push(socket);
  });
  return result;
}

/**
 * Turns cumulative counters into the bytes moved since the previous read. A socket seen for the
 * first time counts everything it moved so far (it is at most one window old when reads happen
 * every window); a counter that went down belongs to a new socket on a reused 4-tuple.
 */
export class ByteDeltas {
  /** Counters by netns, then socket inode: [sent, received]. */
  readonly #counters = new Map<number, Map<number, readonly [number, number]>>();

  /**
   * The bytes each socket of one namespace moved since the previous read of that namespace,
   * from ss output. A socket's addresses are read only when it moved bytes, so an idle host's
   * read allocates almost nothing.
   */
  nextFromText(netns: number, text: string): ByteDelta[] {
    const session = this.begin(netns);
    session.feed(text);
    return session.finish();
  }

  /**
   * The same, fed in pieces as ss writes them, so the whole output (megabytes at tens of
   * thousands of sockets) is never held at once. A piece may end anywhere.
   */
  begin(netns: number): { feed(text: string): void; finish(): ByteDelta[] } {
    const previous = this.#counters.get(netns) ?? new Map<number, readonly [number, number]>();
    const current = new Map<number, readonly [number, number]>();
    const deltas: ByteDelta[] = [];
    const visit: SocketVisitor = (t, lineStart, lineEnd, inode, bytesSent, bytesReceived) => {
      if (inode === 0) return;
      const before = previous.get(inode);
      current.set(inode, before && before[0] === bytesSent && before[1] === bytesReceived ? before : [bytesSent, bytesReceived]);
      const sent = before && bytesSent >= before[0] ? bytesSent - before[0] : bytesSent;
      const received = before && bytesReceived >= before[1] ? bytesReceived - before[1] : bytesReceived;
      if (sent === 0 && received === 0) return;
      const socket = socketOf(t, lineStart, lineEnd, inode, bytesSent, bytesReceived);
      if (socket) deltas.push({ socket, sent, received });
    };
    let carry = '';
    return {
      feed: (text: string) => {
        const buffer = carry + text;
        // Scan up to the start of the last socket line: the pair it begins may be incomplete.
        let cut = buffer.length;
        for (let at = buffer.lastIndexOf('\n'); at >= 0; at = buffer.lastIndexOf('\n', at - 1)) {
          const next = buffer.charCodeAt(at + 1);
          if (at + 1 < buffer.length && next !== 9 && next !== 32) {
            cut = at + 1;
            break;
          }
          if (at === 0) {
            cut = 0;
            break;
          }
        }
        if (cut === buffer.length) {
          carry = buffer;
          return;
        }
        scanSsTcpInfo(buffer.slice(0, cut), visit);
        carry = buffer.slice(cut);
      },
      finish: () => {
        if (carry !== '') scanSsTcpInfo(carry, visit);
        carry = '';
        this.#counters.set(netns, current);
        return deltas;
      },
    };
  }
}

/** Bytes one socket moved since the previous read. */
export interface ByteDelta {
  readonly socket: SocketBytes;
  readonly sent: number;
  readonly received: number;
}
