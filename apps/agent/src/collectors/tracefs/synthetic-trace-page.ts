/**
 * Builds ring-buffer pages byte by byte for tests, plus the format files of kernel 6.18 (x86_64)
 * they are laid out against. Test support only: production code reads the real format files.
 */

export const HEADER_PAGE_TEXT = `\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;
\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;
\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;
\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;
`;

export const STATE_FORMAT_TEXT = `name: inet_sock_set_state
ID: 2287
format:
\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

\tfield:const void * skaddr;\toffset:8;\tsize:8;\tsigned:0;
\tfield:int oldstate;\toffset:16;\tsize:4;\tsigned:1;
\tfield:int newstate;\toffset:20;\tsize:4;\tsigned:1;
\tfield:__u16 sport;\toffset:24;\tsize:2;\tsigned:0;
\tfield:__u16 dport;\toffset:26;\tsize:2;\tsigned:0;
\tfield:__u16 family;\toffset:28;\tsize:2;\tsigned:0;
\tfield:__u16 protocol;\toffset:30;\tsize:2;\tsigned:0;
\tfield:__u8 saddr[4];\toffset:32;\tsize:4;\tsigned:0;
\tfield:__u8 daddr[4];\toffset:36;\tsize:4;\tsigned:0;
\tfield:__u8 saddr_v6[16];\toffset:40;\tsize:16;\tsigned:0;
\tfield:__u8 daddr_v6[16];\toffset:56;\tsize:16;\tsigned:0;

print fmt: "family=%s ..."
`;

export const ERROR_FORMAT_TEXT = `name: inet_sk_error_report
ID: 2286
format:
\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

\tfield:int error;\toffset:8;\tsize:4;\tsigned:1;
\tfield:__u16 sport;\toffset:12;\tsize:2;\tsigned:0;
\tfield:__u16 dport;\toffset:14;\tsize:2;\tsigned:0;
\tfield:__u16 family;\toffset:16;\tsize:2;\tsigned:0;
\tfield:__u16 protocol;\toffset:18;\tsize:2;\tsigned:0;
\tfield:__u8 saddr[4];\toffset:20;\tsize:4;\tsigned:0;
\tfield:__u8 daddr[4];\toffset:24;\tsize:4;\tsigned:0;
\tfield:__u8 saddr_v6[16];\toffset:28;\tsize:16;\tsigned:0;
\tfield:__u8 daddr_v6[16];\toffset:44;\tsize:16;\tsigned:0;

print fmt: "family=%s ..."
`;

/** Fields of a synthetic inet_sock_set_state payload. */
export interface SyntheticState {
  pid: number;
  skaddr: bigint;
  oldState: number;
  newState: number;
  sport: number;
  dport: number;
  /** 2 (AF_INET) or 10 (AF_INET6). */
  family: number;
  protocol?: number;
  saddr: readonly number[];
  daddr: readonly number[];
  saddr6?: readonly number[];
  daddr6?: readonly number[];
}

/** inet_sock_set_state payload (72 bytes) laid out as in STATE_FORMAT_TEXT. */
export function statePayload(s: SyntheticState): Buffer {
  const b = Buffer.alloc(72);
  b.writeUInt16LE(2287, 0);
  b.writeInt32LE(s.pid, 4);
  b.writeBigUInt64LE(s.skaddr, 8);
  b.writeInt32LE(s.oldState, 16);
  b.writeInt32LE(s.newState, 20);
  b.writeUInt16LE(s.sport, 24);
  b.writeUInt16LE(s.dport, 26);
  b.writeUInt16LE(s.family, 28);
  b.writeUInt16LE(s.protocol ?? 6, 30);
  b.set(s.saddr, 32);
  b.set(s.daddr, 36);
  b.set(s.saddr6 ?? [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...s.saddr], 40);
  b.set(s.daddr6 ?? [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...s.daddr], 56);
  return b;
}

/** inet_sk_error_report payload (60 bytes) for an IPv4 socket. */
export function errorPayload(e: { pid: number; error: number; sport: number; dport: number; saddr: readonly number[]; daddr: readonly number[] }): Buffer {
  const b = Buffer.alloc(60);
  b.writeUInt16LE(2286, 0);
  b.writeInt32LE(e.pid, 4);
  b.writeInt32LE(e.error, 8);
  b.writeUInt16LE(e.sport, 12);
  b.writeUInt16LE(e.dport, 14);
  b.writeUInt16LE(2, 16);
  b.writeUInt16LE(6, 18);
  b.set(e.saddr, 20);
  b.set(e.daddr, 24);
  return b;
}

/** Appends events to a 4096-byte page with the header_page layout above. */
export class SyntheticPageBuilder {
  private readonly page = Buffer.alloc(4096);
  private pos = 16;

  constructor(timestampNs: bigint) {
    this.page.writeBigUInt64LE(timestampNs, 0);
  }

  private header(typeLen: number, delta: number): void {
    this.page.writeUInt32LE(((delta << 5) | typeLen) >>> 0, this.pos);
    this.pos += 4;
  }

  /** A data event; `long` forces the type_len 0 form with an explicit length word. */
  data(delta: number, payload: Buffer, long = false): this {
    if (long || payload.length > 112) {
      this.header(0, delta);
      this.page.writeUInt32LE(payload.length + 4, this.pos);
      this.pos += 4;
    } else {
      this.header(Math.ceil(payload.length / 4), delta);
    }
    payload.copy(this.page, this.pos);
    this.pos += Math.ceil(payload.length / 4) * 4;
    return this;
  }

  /** Time extend: adds `deltaNs` (may exceed 27 bits) before the next event's own delta. */
  timeExtend(deltaNs: number): this {
    this.header(30, deltaNs % 2 ** 27);
    this.page.writeUInt32LE(Math.floor(deltaNs / 2 ** 27), this.pos);
    this.pos += 4;
    return this;
  }

  /** Absolute time stamp. */
  timeStamp(tsNs: number): this {
    this.header(31, tsNs % 2 ** 27);
    this.page.writeUInt32LE(Math.floor(tsNs / 2 ** 27), this.pos);
    this.pos += 4;
    return this;
  }

  /** A discarded event of `bytes` payload bytes (padding with a non-zero delta). */
  discarded(delta: number, bytes: number): this {
    this.header(29, delta);
    this.page.writeUInt32LE(bytes, this.pos);
    this.pos += bytes;
    return this;
  }

  /**
   * Ends the page. `tailPadding` appends the null padding (type 29, delta 0) that fills the rest of
   * a page the writer left, followed by that many garbage bytes, all inside the committed size.
   */
  build(tailPadding = 0, flags = 0): Buffer {
    if (tailPadding > 0) {
      this.header(29, 0);
      this.page.fill(0xab, this.pos, this.pos + tailPadding);
      this.pos += tailPadding;
    }
    this.page.writeUInt32LE(((this.pos - 16) | flags) >>> 0, 8);
    return this.page;
  }
}
