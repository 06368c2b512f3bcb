import { statSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type {
  ApiToken, AsOfQuery, IngestInput, IngestResult, MachineAddresses, MachineGroup, MachineGroupInput, MachineSeen, PurgeResult,
  StorageStats, StoredBoundPort, StoredComputer, StoredConnection, StoredConnectionSummary, StoredListener, StoredProcess,
  WindowQuery, Workspace,
} from '../records.js';
import { GroupCommitQueue, type GroupCommitLimits } from '../group-commit-queue.js';
import { StorageClosedError, type Storage } from '../storage.js';
import type { ReachQuery } from '../storage.js';
import * as admin from './duckdb-admin.js';
import * as reads from './duckdb-reads.js';
import * as mapReads from './duckdb-map-reads.js';
import * as latest from './latest-inventory.js';
import { appendReport, type AppendCounts } from './report-appender.js';
import { LazyAppenders } from './lazy-appenders.js';
import { RETAINED_TABLES, SCHEMA_STATEMENTS } from './schema.js';
import { fillSearchText } from './search-text.js';
import { runDuckDBQuery } from './duckdb-query.js';
import type { QueryLimits, QueryRows, SqlQuery } from '../query-execution.js';

const DAY_MS = 86_400_000;

/** Options of {@link DuckDBStorage.open}. */
export interface DuckDBStorageOptions {
  /** Database file, or `:memory:`. */
  readonly path: string;
  /** Write-queue bounds in records (connections + ports + processes). */
  readonly queue?: Partial<GroupCommitLimits>;
  /** DuckDB `threads` setting; DuckDB's default (one per core) when undefined. */
  readonly threads?: number;
  /** DuckDB `memory_limit`, e.g. `2GB`. */
  readonly memoryLimit?: string;
}

/** Another process holds the database file's lock (a running server, usually). */
export class DuckDBLockedError extends Error {
  override readonly name = 'DuckDBLockedError';
}

// Two writer lanes: one group appends while the previous one commits (the commit runs off the
// JS thread, the appends on it). A batch id sent to both lanes at once is caught by the primary
// key at commit; the queue then retries that group item by item, and the retry answers stored:false.
const DEFAULT_QUEUE: GroupCommitLimits = { maxQueuedWeight: 4_000_000, maxGroupWeight: 500_000, concurrency: 2 };
const RETENTION_CACHE_MS = 60_000;

/**
 * The default storage adapter: one DuckDB file. Writes go through one writer connection and a
 * group-commit queue (several batches per transaction, each acknowledged after the commit); every
 * read opens its own connection, so reads see a consistent snapshot and never wait for ingest.
 */
export class DuckDBStorage implements Storage {
  readonly kind = 'duckdb';
  private readonly queue: GroupCommitQueue<IngestInput, IngestResult>;
  /** Last reported machine name per workspace and machine, loaded per workspace on first need. */
  private readonly computerNames = new Map<string, Promise<Map<string, string>>>();
  private readonly retention = new Map<string, { days: number; untilMs: number }>();
  private open = true;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writers: readonly DuckDBConnection[],
    private readonly path: string,
    queue: GroupCommitLimits,
  ) {
    this.queue = new GroupCommitQueue((items, lane) => this.commitGroup(items, lane), weighReport, queue);
  }

  /** Opens (creating when needed) the database and its schema. */
  static async open(options: DuckDBStorageOptions): Promise<DuckDBStorage> {
    // Fewer, larger checkpoints: the default (16 MB of WAL) checkpointed every few seconds under
    // sustained ingest, and each checkpoint stalls the commits behind it.
    const settings: Record<string, string> = { checkpoint_threshold: '256MB' };
    if (options.threads !== undefined) settings.threads = String(options.threads);
    if (options.memoryLimit !== undefined) settings.memory_limit = options.memoryLimit;
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(options.path, settings);
    } catch (error) {
      if (error instanceof Error && /lock/i.test(error.message)) throw new DuckDBLockedError(error.message);
      throw error;
    }
    const queue = { ...DEFAULT_QUEUE, ...options.queue };
    const writers: DuckDBConnection[] = [];
    for (let i = 0; i < (queue.concurrency ?? 1); i++) writers.push(await instance.connect());
    for (const statement of SCHEMA_STATEMENTS) await writers[0]?.run(statement);
    if (writers[0] !== undefined) await latest.backfillLatestInventory(writers[0]);
    if (writers[0] !== undefined) await fillSearchText(writers[0]);
    return new DuckDBStorage(instance, writers, options.path, queue);
  }

  isOpen(): boolean {
    return this.open;
  }

  /** Records waiting for a commit. */
  get queueDepth(): number {
    return this.queue.depth;
  }

  ingestReport(input: IngestInput): Promise<IngestResult> {
    if (!this.open) return Promise.reject(new StorageClosedError('storage is closed'));
    return this.queue.enqueue(input);
  }

  /** One transaction for the whole group: dedupe against stored and in-group ids, append, commit. */
  private async commitGroup(items: readonly IngestInput[], lane: number): Promise<IngestResult[]> {
    const w = this.writers[lane] ?? this.writers[0];
    if (w === undefined) throw new StorageClosedError('no writer connection');
    await w.run('BEGIN TRANSACTION');
    try {
      const seen = await this.storedBatchIds(w, items);
      const results: IngestResult[] = [];
      const appenders = new LazyAppenders(w);
      const batchRows: DuckDBValue[][] = [];
      const inventory: latest.InventoryBatch[] = [];
      try {
        for (const input of items) {
          const key = batchKey(input);
          if (seen.has(key)) {
            results.push({ stored: false });
            continue;
          }
          seen.add(key);
          const computer = await this.computerName(w, input);
          const notBefore = new Date(input.receivedAt.getTime() - (await this.retentionDays(w, input.workspaceId)) * DAY_MS);
          const counts = appendReport(await appenders.forReport(input.report), input.report, { workspaceId: input.workspaceId, computer, receivedAt: input.receivedAt, notBefore });
          batchRows.push(batchRow(input, computer, counts));
          if ((counts.computers > 0 || counts.processes > 0) && counts.firstTimeMs !== undefined && counts.lastTimeMs !== undefined) {
            inventory.push({
              workspaceId: input.workspaceId, machine: input.report.machine, receivedAt: input.receivedAt,
              computers: counts.computers > 0, processes: counts.processes > 0, firstMs: counts.firstTimeMs, lastMs: counts.lastTimeMs,
            });
          }
          results.push({ stored: true });
        }
      } finally {
        appenders.closeAll();
      }
      // After closeAll: the appended rows are then part of the transaction, where the update finds them.
      await latest.updateLatestInventory(w, inventory);
      await insertBatchRows(w, batchRows);
      await w.run('COMMIT');
      return results;
    } catch (error) {
      await w.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async storedBatchIds(w: DuckDBConnection, items: readonly IngestInput[]): Promise<Set<string>> {
    const keys = items.map(batchKey);
    const sql = `SELECT BatchKey FROM IngestBatches WHERE BatchKey IN (${keys.map((_, i) => `$${i + 1}`).join(', ')})`;
    const found = (await w.runAndReadAll(sql, keys)).getRowObjectsJS();
    return new Set(found.map((r) => r.BatchKey as string));
  }

  /**
   * Rows carry the machine's FQDN; batches without inventory reuse the last one reported. The
   * two writer lanes share one map per workspace: the load is cached as a promise, so a lane that
   * asks while the other is loading waits for the same map instead of replacing it later (which
   * dropped the names the first lane had just learnt).
   */
  private async computerName(w: DuckDBConnection, input: IngestInput): Promise<string> {
    let loading = this.computerNames.get(input.workspaceId);
    if (loading === undefined) {
      loading = reads.readComputerNames(w, input.workspaceId);
      this.computerNames.set(input.workspaceId, loading);
      const failed = loading;
      // A failed load must not stick: the next batch tries again.
      failed.catch(() => {
        if (this.computerNames.get(input.workspaceId) === failed) this.computerNames.delete(input.workspaceId);
      });
    }
    const names = await loading;
    const inventory = input.report.computer;
    const fromReport = inventory === undefined ? '' : inventory.fullyQualifiedDomainName || inventory.hostName;
    const name = fromReport || (names.get(input.report.machine) ?? '');
    if (fromReport !== '') names.set(input.report.machine, fromReport);
    return name;
  }

  /** Cached briefly: one look-up per workspace per minute instead of one per batch. */
  private async retentionDays(w: DuckDBConnection, workspaceId: string): Promise<number> {
    const nowMs = Date.now();
    const hit = this.retention.get(workspaceId);
    if (hit !== undefined && hit.untilMs > nowMs) return hit.days;
    const found = await admin.selectWorkspaces(w, 'Id = $1', [workspaceId]);
    const days = found[0]?.retentionDays ?? 30;
    this.retention.set(workspaceId, { days, untilMs: nowMs + RETENTION_CACHE_MS });
    return days;
  }

  /** Runs a read on a connection of its own, closed afterwards. */
  private async read<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    if (!this.open) throw new StorageClosedError('storage is closed');
    const c = await this.instance.connect();
    try {
      return await fn(c);
    } finally {
      c.closeSync();
    }
  }

  connections(q: WindowQuery): Promise<StoredConnection[]> {
    return this.read((c) => reads.readConnections(c, q));
  }
  connectionSummaries(q: WindowQuery): Promise<StoredConnectionSummary[]> {
    return this.read((c) => mapReads.readConnectionSummaries(c, q));
  }
  listeners(q: WindowQuery): Promise<StoredListener[]> {
    return this.read((c) => mapReads.readListeners(c, q));
  }
  boundPorts(q: WindowQuery): Promise<StoredBoundPort[]> {
    return this.read((c) => reads.readBoundPorts(c, q));
  }
  computers(q: WindowQuery): Promise<StoredComputer[]> {
    return this.read((c) => reads.readComputers(c, q));
  }
  processes(q: WindowQuery): Promise<StoredProcess[]> {
    return this.read((c) => reads.readProcesses(c, q));
  }
  latestComputers(q: AsOfQuery): Promise<StoredComputer[]> {
    return this.read((c) => latest.readLatestComputers(c, q));
  }
  machineAddresses(q: AsOfQuery): Promise<MachineAddresses[]> {
    return this.read((c) => latest.readMachineAddresses(c, q));
  }
  latestProcesses(q: AsOfQuery): Promise<StoredProcess[]> {
    return this.read((c) => latest.readLatestProcesses(c, q));
  }
  machinesSeen(q: WindowQuery): Promise<MachineSeen[]> {
    return this.read((c) => reads.readMachinesSeen(c, q));
  }
  hasBatch(workspaceId: string, batchId: string): Promise<boolean> {
    return this.read(async (c) => {
      const sql = 'SELECT 1 FROM IngestBatches WHERE BatchKey = $1';
      return (await c.runAndReadAll(sql, [`${workspaceId}|${batchId.toLowerCase()}`])).currentRowCount > 0;
    });
  }

  /**
   * Memory: DuckDB 1.5 has no per-connection or per-query memory limit (`memory_limit`,
   * `max_temp_directory_size` and `threads` are all GLOBAL settings), so one query is held in by
   * the instance's `memory_limit` (operators past it spill to the temp directory or fail with Out
   * of Memory, which the caller reports as the query's error) and by the row and byte limits here,
   * which bound what the query can make the JS heap hold.
   */
  runQuery(query: SqlQuery, limits: QueryLimits): Promise<QueryRows> {
    return this.read((c) => runDuckDBQuery(c, query, limits));
  }

  createWorkspace(w: Workspace): Promise<void> {
    return this.read((c) => admin.insertWorkspace(c, w));
  }
  async getWorkspace(id: string): Promise<Workspace | undefined> {
    return (await this.read((c) => admin.selectWorkspaces(c, 'Id = $1', [id])))[0];
  }
  async getWorkspaceByName(name: string): Promise<Workspace | undefined> {
    return (await this.read((c) => admin.selectWorkspaces(c, 'Name = $1', [name])))[0];
  }
  listWorkspaces(): Promise<Workspace[]> {
    return this.read((c) => admin.selectWorkspaces(c));
  }
  setAgentKeyHash(id: string, hash: string, at: Date): Promise<boolean> {
    return this.read((c) => admin.updateWorkspaceKey(c, id, hash, at));
  }
  setRetentionDays(id: string, days: number): Promise<boolean> {
    this.retention.delete(id);
    return this.read((c) => admin.updateWorkspaceRetention(c, id, days));
  }

  createToken(t: ApiToken): Promise<void> {
    return this.read((c) => admin.insertToken(c, t));
  }
  async findTokenByHash(hash: string): Promise<ApiToken | undefined> {
    return (await this.read((c) => admin.selectTokens(c, 'TokenHash = $1', [hash])))[0];
  }
  listTokens(workspaceId?: string): Promise<ApiToken[]> {
    return this.read((c) =>
      workspaceId === undefined ? admin.selectTokens(c) : admin.selectTokens(c, 'WorkspaceId = $1', [workspaceId]));
  }
  revokeToken(id: string, at: Date): Promise<boolean> {
    return this.read((c) => admin.markTokenRevoked(c, id, at));
  }

  createMachineGroup(ws: string, id: string, input: MachineGroupInput, now: Date): Promise<MachineGroup> {
    return this.read((c) => admin.insertMachineGroup(c, ws, id, input, now));
  }
  async getMachineGroup(ws: string, id: string): Promise<MachineGroup | undefined> {
    return (await this.read((c) => admin.selectMachineGroups(c, ws, id)))[0];
  }
  listMachineGroups(ws: string): Promise<MachineGroup[]> {
    return this.read((c) => admin.selectMachineGroups(c, ws));
  }
  updateMachineGroup(
    ws: string, id: string, input: MachineGroupInput, now: Date, ifMatch?: string,
  ): Promise<MachineGroup | undefined> {
    return this.read((c) => admin.replaceMachineGroup(c, ws, id, input, now, ifMatch));
  }
  deleteMachineGroup(ws: string, id: string): Promise<boolean> {
    return this.read((c) => admin.removeMachineGroup(c, ws, id));
  }

  /**
   * Deletes expired rows workspace by workspace. Batch ids are kept one day longer than the rows:
   * a batch re-sent after its id is gone holds only windows older than retention, which ingest drops.
   */
  async purgeExpired(now: Date): Promise<PurgeResult> {
    const removed: Record<string, number> = {};
    await this.read(async (c) => {
      for (const w of await admin.selectWorkspaces(c)) {
        const rowCutoff = new Date(now.getTime() - w.retentionDays * DAY_MS);
        for (const [table, column] of RETAINED_TABLES) {
          const cutoff = table === 'IngestBatches' ? new Date(rowCutoff.getTime() - DAY_MS) : rowCutoff;
          const result = await c.run(`DELETE FROM ${table} WHERE WorkspaceId = $1 AND ${column} < $2`,
            [w.id, reads.timestampParam(cutoff)]);
          const name = table.replace(/_Stored$/, '');
          removed[name] = (removed[name] ?? 0) + result.rowsChanged;
        }
        await latest.purgeLatestInventory(c, w.id, rowCutoff);
      }
    });
    return removed;
  }

  async stats(): Promise<StorageStats> {
    const counts = await this.read(async (c) => {
      const out: Record<string, number> = {};
      for (const [table] of RETAINED_TABLES) {
        const r = await c.runAndReadAll(`SELECT count(*) AS n FROM ${table}`);
        out[table.replace(/_Stored$/, '')] = Number(r.getRowObjectsJS()[0]?.n ?? 0);
      }
      return out;
    });
    return { bytesOnDisk: this.path === ':memory:' ? 0 : fileSize(this.path) + fileSize(`${this.path}.wal`), rows: counts };
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.queue.close();
    // A checkpoint folds the WAL into the file, so the next start does not replay it.
    await this.writers[0]?.run('CHECKPOINT').catch(() => undefined);
    for (const w of this.writers) w.closeSync();
    this.instance.closeSync();
  }

  machinesReaching(q: ReachQuery): Promise<string[]> {
    return this.read((c) => reads.readMachinesReaching(c, q));
  }
}

/** The idempotency key: batch ids are unique per workspace, compared case-insensitively. */
const batchKey = (input: IngestInput): string => `${input.workspaceId}|${input.report.batchId.toLowerCase()}`;

const weighReport = (input: IngestInput): number =>
  input.report.connections.length + input.report.boundPorts.length + input.report.processes.length + 1;

function batchRow(input: IngestInput, computer: string, counts: AppendCounts): DuckDBValue[] {
  const r = input.report;
  const time = (ms: number | undefined): DuckDBValue => (ms === undefined ? null : reads.timestampParam(new Date(ms)));
  return [
    batchKey(input), input.workspaceId, r.batchId.toLowerCase(), r.agentId, r.machine, computer,
    reads.timestampParam(new Date(r.sentAt)), reads.timestampParam(input.receivedAt),
    time(counts.firstTimeMs), time(counts.lastTimeMs),
    counts.connections, counts.boundPorts, counts.processes, counts.computers,
  ];
}

async function insertBatchRows(c: DuckDBConnection, batchRows: readonly DuckDBValue[][]): Promise<void> {
  if (batchRows.length === 0) return;
  const width = 14;
  const tuples = batchRows.map((_, i) =>
    `(${Array.from({ length: width }, (__, j) => `$${i * width + j + 1}`).join(', ')})`);
  await c.run(`INSERT INTO IngestBatches VALUES ${tuples.join(', ')}`, batchRows.flat());
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
