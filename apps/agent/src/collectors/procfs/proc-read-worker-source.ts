/**
 * Source of the helper thread of {@link ProcReadPool}, evaluated with `new Worker(…, { eval: true })`
 * so that it survives bundling into one file (the CLI ships as a single .mjs). Plain JS with
 * node built-ins only; it must do exactly what `runProcReadTask` does on the calling thread
 * (a unit test runs both on the same tree).
 *
 * Protocol: a job carries tasks and a SharedArrayBuffer `control` (Int32: [0] next task index,
 * [1] 1 while this thread works on the job). Both threads claim tasks with Atomics.add on [0];
 * this thread marks itself busy before its first claim, posts its results on the port, then
 * clears [1] and notifies, so a caller that ran out of tasks waits only if this thread holds some.
 */
export const PROC_READ_WORKER_SOURCE = String.raw`
const { workerData } = require('node:worker_threads');
const { readdirSync, readlinkSync, readFileSync } = require('node:fs');
const port = workerData.port;

function socketInodes(dir) {
  const inodes = [];
  const prefix = dir + '/';
  for (const name of readdirSync(dir)) {
    let link;
    try {
      link = readlinkSync(prefix + name);
    } catch (error) {
      if (error && (error.code === 'ENOENT' || error.code === 'ESRCH')) continue;
      throw error;
    }
    if (link.startsWith('socket:[')) inodes.push(Number.parseInt(link.slice(8), 10));
  }
  return inodes;
}

function run(task) {
  try {
    if (task.kind === 'fds') return { kind: 'fds', inodes: socketInodes(task.path) };
    return { kind: 'file', text: readFileSync(task.path, 'utf8') };
  } catch (error) {
    return { kind: 'error', code: String((error && error.code) || 'EUNKNOWN') };
  }
}

port.on('message', (job) => {
  const control = new Int32Array(job.control);
  Atomics.store(control, 1, 1);
  const results = [];
  for (;;) {
    const index = Atomics.add(control, 0, 1);
    if (index >= job.tasks.length) break;
    results.push([index, run(job.tasks[index])]);
  }
  port.postMessage({ id: job.id, results });
  Atomics.store(control, 1, 0);
  Atomics.notify(control, 1);
});
`;
