/**
 * The Linux procfs snapshot collector: processes from /proc/PID, TCP socket tables from
 * /proc/PID/net/tcp{,6} per network namespace, and socket ownership from /proc/PID/fd.
 */
export { ProcfsReader, type ProcfsReaderOptions } from './procfs-reader.js';
export {
  readProcess,
  readProcessDetails,
  socketInodesIn,
  Limitation,
  deniedNote,
  type ReadProcessContext,
  type ProcessStatic,
  type ProcessDetails,
} from './read-process.js';
export { parseProcNetTcp, formatIpv6 } from './proc-net-tcp.js';
export { containerIdFromCgroup } from './container-id.js';
export {
  parseProcessStat,
  parseStatusIds,
  parseBootTimeMs,
  parseCmdline,
  parseNamespaceInode,
  PF_KTHREAD,
  type ProcessStat,
} from './process-stat.js';
export { nodeProcFs, fsFailure, failureOfCode, type ProcFs, type FsFailure } from './proc-fs.js';
export { ProcReadPool, runProcReadTask, type ProcReadTask, type ProcReadResult } from './proc-read-pool.js';
