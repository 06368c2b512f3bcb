import { mkdir } from 'node:fs/promises';
import pino from 'pino';
import { UserNames } from '../accounts/user-names.js';
import { SocketView } from '../aggregate/socket-view.js';
import { SsBytesReader } from '../collectors/bytes/ss-bytes-reader.js';
import { readNetnsAddresses } from '../collectors/addresses/netns-addresses.js';
import { canonicalUsrPath, PackageDatabase, readMachineInventory } from '../collectors/inventory/index.js';
import { ProcfsReader } from '../collectors/procfs/index.js';
import { TracefsEventSource } from '../collectors/tracefs/index.js';
import { agentIdentity, type AgentConfig } from '../config/index.js';
import type { TcpEventSource } from '../model/tcp-event.js';
import { buildPools } from '../pools/process-pools.js';
import { openShipping } from '../ship/index.js';
import { AgentRunner } from './agent-runner.js';
import { Collection } from './collection.js';
import { snapshotReport, type SnapshotReport } from './snapshot-view.js';

/** What `runAgent` needs beyond the config. */
export interface RunAgentOptions {
  readonly version: string;
  /** Use kernel events when available (default true); false forces snapshot mode. */
  readonly events?: boolean;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * Starts the agent in the foreground until SIGTERM or SIGINT: the queue and identity in the state
 * dir, kernel events when root and tracefs allow (snapshots otherwise, and the status says why),
 * and the shipper.
 */
export async function runAgent(config: AgentConfig, options: RunAgentOptions): Promise<void> {
  const logger = pino({ level: config.logLevel, base: { component: 'agent' } });
  await mkdir(config.stateDir, { recursive: true, mode: 0o700 });
  const agentId = await agentIdentity(config.stateDir);
  const limitations: string[] = [];
  let events: TcpEventSource | undefined;
  if (options.events === false) {
    limitations.push('kernel events disabled by --no-events: short-lived and failed connections are not seen');
  } else {
    const opened = TracefsEventSource.open();
    if (opened.ok) events = opened.source;
    else limitations.push(`kernel events unavailable (${opened.reason}): ${opened.message}; counting from snapshots, so short-lived and failed connections are not seen`);
  }
  if (!isRoot()) limitations.push('not running as root: sockets of other users\u2019 processes cannot be attributed');

  const bytesReader = SsBytesReader.find();
  if ('unavailable' in bytesReader) limitations.push(bytesReader.unavailable);
  const names = new UserNames();
  const products = new PackageDatabase();
  await products.refresh().catch((error: unknown) => {
    logger.warn({ err: error }, 'package database unreadable: product names will be empty');
  });
  const collection = new Collection({
    // No helper thread: a daemon scans rarely (events tell it what changed), so it is not worth
    // a second V8 isolate's memory; the one-shot `snapshot` command keeps it.
    procfs: new ProcfsReader({ namespaces: config.namespaces, helperThread: false }),
    ...(events ? { events } : {}),
    machine: `m-${agentId}`,
    namespaces: config.namespaces,
    userName: (uid) => names.user(uid),
    netnsAddresses: (pid) => readNetnsAddresses('/proc', pid),
    ...('unavailable' in bytesReader ? {} : { readBytes: (pid: number | 'self', onText: (text: string) => void) => bytesReader.read(pid, onText) }),
  });
  const shipping = await openShipping(config, logger);
  const runner = new AgentRunner({
    agentId,
    version: options.version,
    stateDir: config.stateDir,
    namespaces: config.namespaces,
    serverUrl: config.server,
    collection,
    events,
    limitations,
    queue: shipping.queue,
    shipper: shipping.shipper,
    machineInventory: (nowMs) => ({
      ...readMachineInventory(),
      timeGenerated: new Date(nowMs).toISOString(),
      agentVersion: options.version,
    }),
    products,
    names,
    logger,
    secrets: [config.key],
    snapshotIntervalMs: config.snapshotIntervalMs,
  });
  logger.info({ agentId, machine: `m-${agentId}`, stateDir: config.stateDir, server: config.server, mode: collection.mode, limitations }, 'agent starting');
  runner.start();
  // The package database changes when packages are installed; look again every 10 minutes.
  const refresh = setInterval(() => void products.refresh().catch(() => undefined), 600_000);
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      logger.info({ signal }, 'agent stopping');
      clearInterval(refresh);
      runner
        .stop()
        .then(() => shipping.close())
        .catch((error: unknown) => {
          logger.error({ err: error }, 'stopping failed');
        })
        .finally(resolve);
    };
    process.once('SIGTERM', () => {
      stop('SIGTERM');
    });
    process.once('SIGINT', () => {
      stop('SIGINT');
    });
  });
  logger.info({}, 'agent stopped');
}

/** One full look, as `servicemap agent snapshot` prints it. */
export async function takeSnapshot(options: { namespaces: 'own' | 'all'; procRoot?: string }): Promise<SnapshotReport> {
  const names = new UserNames();
  const procfs = new ProcfsReader({ namespaces: options.namespaces, ...(options.procRoot === undefined ? {} : { procRoot: options.procRoot }) });
  const snapshot = procfs.snapshot(Date.now());
  // One look needs the packages of these executables only: indexing just them spares a stat of
  // every file every package installed (the daemon's filter), which was a third of this command.
  const wanted = new Set([...snapshot.processes.values()].map((p) => canonicalUsrPath(p.exePath)));
  const products = new PackageDatabase({ isExecutableFile: (path) => wanted.has(canonicalUsrPath(path)) });
  const loaded = products.refresh().catch(() => false);
  const pools = buildPools(snapshot.processes, 'm-local', (uid) => names.user(uid));
  const procRoot = options.procRoot ?? '/proc';
  const addresses = new Map<number, readonly string[]>([[snapshot.ownNetns, readNetnsAddresses(procRoot, 'self')]]);
  for (const info of snapshot.processes.values()) {
    if (info.netns !== 0 && !addresses.has(info.netns)) addresses.set(info.netns, readNetnsAddresses(procRoot, info.pid));
  }
  const view = new SocketView(snapshot, pools, addresses);
  await loaded;
  const report = snapshotReport('local', snapshot, pools, view, products, names);
  if (!isRoot()) {
    return { ...report, limitations: [...report.limitations, 'not running as root: sockets of other users\u2019 processes have no visible owner'] };
  }
  return report;
}
