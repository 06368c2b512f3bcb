import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import pino from 'pino';
import { UserNames } from '../accounts/user-names.js';
import { SocketView } from '../aggregate/socket-view.js';
import { PackageDatabase, readMachineInventory } from '../collectors/inventory/index.js';
import { ProcfsReader } from '../collectors/procfs/index.js';
import { TracefsEventSource } from '../collectors/tracefs/index.js';
import { agentIdentity, type AgentConfig } from '../config/index.js';
import type { TcpEventSource } from '../model/tcp-event.js';
import { buildPools } from '../pools/process-pools.js';
import { DiskQueue, IngestClient, Shipper } from '../ship/index.js';
import { AgentRunner } from './agent-runner.js';
import { Collection } from './collection.js';
import { snapshotReport, type SnapshotReport } from './snapshot-view.js';

/** The agent namespace's own addresses, from its interfaces. */
export function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((a) => a.address.replace(/%.*$/, ''));
}

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

  const names = new UserNames();
  const products = new PackageDatabase();
  await products.refresh().catch((error: unknown) => {
    logger.warn({ err: error }, 'package database unreadable: product names will be empty');
  });
  const collection = new Collection({
    procfs: new ProcfsReader({ namespaces: config.namespaces }),
    ...(events ? { events } : {}),
    machine: `m-${agentId}`,
    namespaces: config.namespaces,
    userName: (uid) => names.user(uid),
    interfaceAddresses,
  });
  const queue = await DiskQueue.open({
    stateDir: config.stateDir,
    limits: { maxBytes: config.queueMaxBytes, maxBatches: config.queueMaxBatches },
  });
  const poster = new IngestClient({
    serverUrl: config.server,
    workspaceId: config.workspace,
    agentKey: config.key,
    ...(config.caFile === undefined ? {} : { ca: readFileSync(config.caFile) }),
    insecureSkipVerify: config.insecureSkipVerify,
    requestTimeoutMs: config.requestTimeoutMs,
    userAgent: `servicemap-agent/${options.version}`,
  });
  const shipper = new Shipper({
    queue,
    poster,
    backoff: { baseMs: config.retryBaseMs, capMs: config.retryMaxMs },
    logger,
  });
  const runner = new AgentRunner({
    agentId,
    version: options.version,
    stateDir: config.stateDir,
    namespaces: config.namespaces,
    serverUrl: config.server,
    collection,
    events,
    limitations,
    queue,
    shipper,
    machineInventory: (nowMs) => ({
      ...readMachineInventory(),
      timeGenerated: new Date(nowMs).toISOString(),
      agentVersion: options.version,
    }),
    products,
    names,
    logger,
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
  const products = new PackageDatabase();
  const loaded = products.refresh().catch(() => false);
  const procfs = new ProcfsReader({ namespaces: options.namespaces, ...(options.procRoot === undefined ? {} : { procRoot: options.procRoot }) });
  const snapshot = procfs.snapshot(Date.now());
  const pools = buildPools(snapshot.processes, 'm-local', (uid) => names.user(uid));
  const view = new SocketView(snapshot, pools, interfaceAddresses());
  await loaded;
  const report = snapshotReport('local', snapshot, pools, view, products, names);
  if (!isRoot()) {
    return { ...report, limitations: [...report.limitations, 'not running as root: sockets of other users\u2019 processes have no visible owner'] };
  }
  return report;
}
