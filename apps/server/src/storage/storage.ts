import type {
  ApiToken,
  AsOfQuery,
  IngestInput,
  IngestResult,
  MachineGroup,
  MachineGroupInput,
  MachineSeen,
  PurgeResult,
  StorageStats,
  StoredBoundPort,
  StoredComputer,
  StoredConnection,
  StoredProcess,
  WindowQuery,
  Workspace,
} from './records.js';

export type * from './records.js';

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
  /** Machine inventory rows in the window (every hourly and on-change row). */
  computers(query: WindowQuery): Promise<StoredComputer[]>;
  /** Process inventory rows in the window. */
  processes(query: WindowQuery): Promise<StoredProcess[]>;
  /** The newest machine inventory row per machine as of a time. */
  latestComputers(query: AsOfQuery): Promise<StoredComputer[]>;
  /** The newest process inventory row per (machine, process) as of a time. */
  latestProcesses(query: AsOfQuery): Promise<StoredProcess[]>;
  /** Machines whose batches carried records in the window, with their names. */
  machinesSeen(query: WindowQuery): Promise<MachineSeen[]>;
  /** Whether a batch id is stored in the workspace. */
  hasBatch(workspaceId: string, batchId: string): Promise<boolean>;

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
   * The machines whose outbound connection rows in the window reached one of `destinationIps`
   * (compared as stored: pass canonical text), sorted. Finds the callers of an agentless address
   * without reading the fleet's rows.
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
