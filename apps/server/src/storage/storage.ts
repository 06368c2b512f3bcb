import type {
  ApiToken,
  AsOfQuery,
  IngestInput,
  IngestResult,
  MachineGroup,
  MachineAddresses,
  MachineGroupInput,
  MachineSeen,
  PurgeResult,
  StorageStats,
  StoredBoundPort,
  StoredComputer,
  StoredConnection,
  StoredConnectionSummary,
  StoredListener,
  StoredProcess,
  WindowQuery,
  Workspace,
} from './records.js';
import type { QueryLimits, QueryRows, SqlQuery } from './query-execution.js';

export type * from './records.js';
export * from './query-execution.js';

/**
 * The server's storage port. The DuckDB adapter is the default; a ClickHouse adapter will run the
 * same contract suite (`storage.contract.ts`). Every read is scoped to one workspace: an adapter
 * never returns another workspace's rows, which is what keeps tenants apart.
 *
 * Times cross this interface as `Date` (queries) and ISO-8601 strings with `Z` (rows), the same
 * strings the agent sent.
 */
export interface Storage {
  /** Short adapter name for logs and metrics (`duckdb`, `clickhouse`). */
  readonly kind: string;

  // ── writes ────────────────────────────────────────────────────────────────────────────────
  /**
   * Stores a report and its batch id atomically; resolves only after the commit is durable.
   * A batch id already stored in the workspace writes nothing and resolves `{ stored: false }`.
   * Rejects with {@link StorageBusyError} when the write queue is full.
   */
  ingestReport(input: IngestInput): Promise<IngestResult>;

  // ── reads for the Service Map API ─────────────────────────────────────────────────────────
  connections(query: WindowQuery): Promise<StoredConnection[]>;
  boundPorts(query: WindowQuery): Promise<StoredBoundPort[]>;
  /**
   * The window's connection rows folded per (machine, process, direction, source, destination,
   * port): what a map needs, without shipping every minute. Equals topology's
   * `foldConnectionRows(connections(query))` up to order.
   */
  connectionSummaries(query: WindowQuery): Promise<StoredConnectionSummary[]>;
  /** The window's bound-port rows folded per (machine, process, ip, port); see `foldBoundPortRows`. */
  listeners(query: WindowQuery): Promise<StoredListener[]>;
  /** Machine inventory rows in the window (every hourly and on-change row). */
  computers(query: WindowQuery): Promise<StoredComputer[]>;
  /** Process inventory rows in the window. */
  processes(query: WindowQuery): Promise<StoredProcess[]>;
  /** The newest machine inventory row per machine as of a time. */
  latestComputers(query: AsOfQuery): Promise<StoredComputer[]>;
  /**
   * The addresses of {@link latestComputers}' rows, nothing else: who owns an address needs every
   * machine's, and full inventory rows of a whole fleet cost a map more than its own rows.
   */
  machineAddresses(query: AsOfQuery): Promise<MachineAddresses[]>;
  /** The newest process inventory row per (machine, process) as of a time. */
  latestProcesses(query: AsOfQuery): Promise<StoredProcess[]>;
  /** Machines whose batches carried records in the window, with their names. */
  machinesSeen(query: WindowQuery): Promise<MachineSeen[]>;
  /** Whether a batch id is stored in the workspace. */
  hasBatch(workspaceId: string, batchId: string): Promise<boolean>;

  // ── reads for the Log Analytics API ───────────────────────────────────────────────────────
  /**
   * Runs one SELECT compiled from KQL (the compiler scopes it to a workspace) on a connection of
   * its own, so it never waits for ingest nor ingest for it. Reads at most `maxRows` rows and
   * `maxResultBytes` of them, then stops the query. Rejects with {@link QueryInterruptedError} when
   * `signal` aborts and {@link QueryExecutionError} when the database fails the statement.
   */
  runQuery(query: SqlQuery, limits: QueryLimits): Promise<QueryRows>;

  // ── workspaces ────────────────────────────────────────────────────────────────────────────
  /** Rejects with {@link StorageConflictError} when the id or name exists. */
  createWorkspace(workspace: Workspace): Promise<void>;
  getWorkspace(id: string): Promise<Workspace | undefined>;
  getWorkspaceByName(name: string): Promise<Workspace | undefined>;
  listWorkspaces(): Promise<Workspace[]>;
  /** Replaces the agent key hash; resolves false when the workspace does not exist. */
  setAgentKeyHash(id: string, agentKeyHash: string, rotatedAt: Date): Promise<boolean>;
  setRetentionDays(id: string, retentionDays: number): Promise<boolean>;

  // ── API tokens ────────────────────────────────────────────────────────────────────────────
  createToken(token: ApiToken): Promise<void>;
  /** The token with this hash, revoked or not. */
  findTokenByHash(tokenHash: string): Promise<ApiToken | undefined>;
  /** Tokens of one workspace, or of all when undefined. */
  listTokens(workspaceId?: string): Promise<ApiToken[]>;
  /** Marks a token revoked; resolves false when no such live token exists. */
  revokeToken(id: string, revokedAt: Date): Promise<boolean>;

  // ── machine groups ────────────────────────────────────────────────────────────────────────
  createMachineGroup(workspaceId: string, id: string, input: MachineGroupInput, now: Date): Promise<MachineGroup>;
  getMachineGroup(workspaceId: string, id: string): Promise<MachineGroup | undefined>;
  listMachineGroups(workspaceId: string): Promise<MachineGroup[]>;
  /**
   * Replaces a group's name and members. With `ifMatch`, rejects with {@link StorageConflictError}
   * unless it equals the stored etag. Resolves undefined when the group does not exist.
   */
  updateMachineGroup(
    workspaceId: string,
    id: string,
    input: MachineGroupInput,
    now: Date,
    ifMatch?: string,
  ): Promise<MachineGroup | undefined>;
  /** Resolves false when the group does not exist. */
  deleteMachineGroup(workspaceId: string, id: string): Promise<boolean>;

  // ── housekeeping ──────────────────────────────────────────────────────────────────────────
  /** Deletes rows older than each workspace's retention, measured back from `now`. */
  purgeExpired(now: Date): Promise<PurgeResult>;
  stats(): Promise<StorageStats>;
  /** True while the store accepts reads and writes. */
  isOpen(): boolean;
  /** Finishes queued writes, makes them durable, and releases the store. Idempotent. */
  close(): Promise<void>;

  // ── reads for discovered machines ─────────────────────────────────────────────────────────
  /**
   * The machines whose outbound connection rows in the window reached one of `destinationIps`,
   * sorted. Addresses match in any spelling (IPv6 zeros, case, v4-mapped IPv4): adapters store
   * connection and bound-port addresses canonical (topology's `canonicalIp`) and canonicalise
   * these. Finds the callers of an agentless address without reading the fleet's rows.
   */
  machinesReaching(query: ReachQuery): Promise<string[]>;
}

/** A window and the server addresses whose callers are wanted. */
export interface ReachQuery extends WindowQuery {
  readonly destinationIps: readonly string[];
}

/** The write queue is full: the caller should answer 503 and the agent retry later. */
export class StorageBusyError extends Error {
  override readonly name = 'StorageBusyError';
}

/** A uniqueness or etag precondition failed. */
export class StorageConflictError extends Error {
  override readonly name = 'StorageConflictError';
}

/** The store is closed or closing. */
export class StorageClosedError extends Error {
  override readonly name = 'StorageClosedError';
}
