/*
 * One cold snapshot in a fresh process, the part of `servicemap agent snapshot` that is the
 * collector's: Node start-up, the reader, one scan of its own namespace as `ss` reads its own
 * (the helper thread starts on the way for a big table). Prints the socket and process counts so
 * the work cannot be optimised away.
 */
import { ProcfsReader } from '../../apps/agent/src/collectors/procfs/index.js';

const snapshot = new ProcfsReader().snapshot(Date.now());
process.stdout.write(`${snapshot.sockets.length} sockets, ${snapshot.processes.size} processes\n`);
