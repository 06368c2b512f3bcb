import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const SS_PATHS = ['/usr/bin/ss', '/bin/ss', '/usr/sbin/ss', '/sbin/ss'];
const NSENTER_PATHS = ['/usr/bin/nsenter', '/bin/nsenter'];

/**
 * Reads per-socket byte counters (tcp_info) with iproute2's `ss`, once per window and per network
 * namespace. Node cannot open NETLINK_SOCK_DIAG itself; one `ss` run costs about what reading
 * the socket table costs (bench/RESULTS.md), so a run a minute is cheap. Other namespaces are
 * entered with `nsenter --net`, which needs root. Absolute paths only: the agent runs as root and
 * must not run whatever a PATH entry offers.
 */
export class SsBytesReader {
  readonly #ss: string;
  readonly #nsenter: string | undefined;
  readonly #procRoot: string;
  readonly #timeoutMs: number;

  private constructor(ss: string, nsenter: string | undefined, procRoot: string, timeoutMs: number) {
    this.#ss = ss;
    this.#nsenter = nsenter;
    this.#procRoot = procRoot;
    this.#timeoutMs = timeoutMs;
  }

  /** A reader, or the reason bytes cannot be had. */
  static find(options: { procRoot?: string; timeoutMs?: number } = {}): SsBytesReader | { unavailable: string } {
    const ss = SS_PATHS.find((p) => existsSync(p));
    if (ss === undefined) return { unavailable: 'iproute2 `ss` not found: bytes sent and received are reported as 0' };
    return new SsBytesReader(ss, NSENTER_PATHS.find((p) => existsSync(p)), options.procRoot ?? '/proc', options.timeoutMs ?? 20_000);
  }

  /**
   * Streams `ss -tinHe` output for every established socket in the namespace of `pid` ('self':
   * the agent's) to `onText` as it comes; resolves when ss exits.
   */
  read(pid: number | 'self', onText: (text: string) => void): Promise<void> {
    const ssArgs = ['-tinHe', 'state', 'established'];
    if (pid !== 'self' && this.#nsenter === undefined) return Promise.resolve();
    const [command, args] =
      pid === 'self' || this.#nsenter === undefined
        ? [this.#ss, ssArgs]
        : [this.#nsenter, [`--net=${this.#procRoot}/${pid}/ns/net`, this.#ss, ...ssArgs]];
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'], timeout: this.#timeoutMs });
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', onText);
      child.once('error', (error) => {
        reject(new Error(`ss failed: ${error.message}`));
      });
      child.once('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`ss failed: ${signal ?? `exit ${code ?? '?'}`}`));
      });
    });
  }
}
