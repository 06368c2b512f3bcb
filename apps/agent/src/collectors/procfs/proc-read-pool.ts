import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { nodeProcFs, type ProcFs } from './proc-fs.js';
import { PROC_READ_WORKER_SOURCE } from './proc-read-worker-source.js';
import { socketInodesIn } from './read-process.js';

/** A unit of /proc reading: the socket inodes of one fd directory, or one file's text. */
export type ProcReadTask = { readonly kind: 'fds'; readonly path: string } | { readonly kind: 'file'; readonly path: string };

/** Outcome of a task; `code` is the errno name (ENOENT, EACCES …). */
export type ProcReadResult =
  | { readonly kind: 'fds'; readonly inodes: number[] }
  | { readonly kind: 'file'; readonly text: string }
  | { readonly kind: 'error'; readonly code: string };

/** Runs one task on the calling thread, with the same semantics as the helper thread. */
export function runProcReadTask(fs: ProcFs, task: ProcReadTask): ProcReadResult {
  try {
    if (task.kind === 'fds') return { kind: 'fds', inodes: socketInodesIn(fs, task.path) };
    return { kind: 'file', text: fs.readFile(task.path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return { kind: 'error', code: code ?? 'EUNKNOWN' };
  }
}

interface JobResults {
  readonly id: number;
  readonly results: [number, ProcReadResult][];
}

/** How long the caller waits for the helper's claimed tasks before doing them itself. */
const HELPER_TIMEOUT_MS = 20_000;

/**
 * Runs /proc reads on the calling thread and, when enabled, on one persistent helper thread at
 * the same time, synchronously. Pid attribution is ~3–4 µs of kernel time per fd and the
 * socket-table text another ~1.5 µs per socket; on a 2-core host splitting them over two
 * threads nearly halves a full scan. The caller keeps a synchronous API: both threads claim
 * tasks from a shared counter, the caller blocks (Atomics.wait) only for tasks the helper
 * holds, and the helper's results come back through receiveMessageOnPort. A helper that is
 * still starting, slow or dead costs nothing but its share: the caller claims what is left
 * and, after a timeout, redoes what the helper never returned.
 */
export class ProcReadPool {
  private readonly fs: ProcFs;
  private readonly helperWanted: boolean;
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private broken = false;
  private nextJobId = 1;
  private helperShare = 0;

  /** `helperThread` false: everything runs on the calling thread (also when `fs` is injected). */
  constructor(options: { fs?: ProcFs; helperThread?: boolean } = {}) {
    this.fs = options.fs ?? nodeProcFs;
    this.helperWanted = options.helperThread !== false && options.fs === undefined;
  }

  /**
   * Results in task order. Never throws for a failed read; the result carries the error code.
   * `withHelper` false keeps this run on the calling thread (not worth a thread's start-up).
   * `beforeJoining` runs on the calling thread after the helper got the tasks and before this
   * thread starts claiming them.
   */
  run(tasks: readonly ProcReadTask[], withHelper = true, beforeJoining?: () => void): ProcReadResult[] {
    const results = new Array<ProcReadResult | undefined>(tasks.length);
    const port = withHelper && tasks.length > 1 ? this.helperPort() : undefined;
    this.helperShare = 0;
    const control = new Int32Array(new SharedArrayBuffer(8));
    const id = this.nextJobId++;
    port?.postMessage({ id, control: control.buffer, tasks });
    // Other work of the caller overlaps with the helper's first tasks.
    beforeJoining?.();
    for (;;) {
      const index = Atomics.add(control, 0, 1);
      if (index >= tasks.length) break;
      const task = tasks[index];
      if (task !== undefined) results[index] = runProcReadTask(this.fs, task);
    }
    if (port !== undefined) this.collectHelperResults(port, control, id, results);
    return tasks.map((task, i) => results[i] ?? runProcReadTask(this.fs, task));
  }

  /** How many tasks of the last run the helper thread did. */
  get lastHelperTasks(): number {
    return this.helperShare;
  }

  /** Stops the helper thread; the pool keeps working on the calling thread. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.port?.close();
    this.port = undefined;
    this.broken = true;
    await worker?.terminate();
  }

  private collectHelperResults(port: MessagePort, control: Int32Array, id: number, results: (ProcReadResult | undefined)[]): void {
    const deadline = Date.now() + HELPER_TIMEOUT_MS;
    while (Atomics.load(control, 1) === 1) {
      const remaining = deadline - Date.now();
      if (remaining <= 0 || Atomics.wait(control, 1, 1, remaining) === 'timed-out') {
        // The helper hangs or died mid-job: give up on it; run() redoes its missing tasks.
        void this.close();
        return;
      }
    }
    for (let message = receiveMessageOnPort(port); message !== undefined; message = receiveMessageOnPort(port)) {
      const job = message.message as JobResults;
      if (job.id !== id) continue; // a stale job the helper reached after its caller finished
      for (const [index, result] of job.results) results[index] = result;
      this.helperShare = job.results.length;
      return;
    }
  }

  private helperPort(): MessagePort | undefined {
    if (!this.helperWanted || this.broken) return undefined;
    if (this.port !== undefined) return this.port;
    const channel = new MessageChannel();
    const worker = new Worker(PROC_READ_WORKER_SOURCE, {
      eval: true,
      workerData: { port: channel.port2 },
      transferList: [channel.port2],
    });
    // The helper must never keep the agent alive or crash it.
    worker.unref();
    worker.on('error', () => {
      this.broken = true;
    });
    channel.port1.unref();
    this.worker = worker;
    this.port = channel.port1;
    return this.port;
  }
}
