import type {
  AgentReport,
  BoundPortRecord,
  ConnectionRecord,
  MachineInventory,
  ProcessInventory,
} from '@servicemap/protocol';

/** Roles a bearer token can carry, weakest first. */
export type TokenRole = 'reader' | 'contributor' | 'admin';

/** Where a stored row came from: the reporting machine, as every VM* table keys it. */
export interface RowOrigin {
  /** `m-{agentGuid}`. */
  readonly machine: string;
  readonly agentId: string;
  /** The machine's FQDN (or host name) as last reported; empty until the first inventory. */
  readonly computer: string;
}

/** A stored VMConnection row in the shape the agent sent, with its origin. */
export type StoredConnection = ConnectionRecord & RowOrigin;
/** A stored VMBoundPort row. */
export type StoredBoundPort = BoundPortRecord & RowOrigin;
/** A stored VMComputer row. */
export type StoredComputer = MachineInventory & RowOrigin;
/** A stored VMProcess row. */
export type StoredProcess = ProcessInventory & RowOrigin;

/**
 * The VMConnection rows of one connection half over a window, folded into one (see topology's
 * `foldConnectionRows`, the reference): counters summed, `linksLive` of the newest minute,
 * `timeGenerated` the first minute and `lastTimeGenerated` the last; origin of the newest row.
 */
export type StoredConnectionSummary = StoredConnection & { readonly lastTimeGenerated: string };

/** A listener over a window: the VMBoundPort rows of one (machine, process, ip, port), folded. */
export interface StoredListener {
  readonly machine: string;
  readonly process: string;
  /** The first minute's. */
  readonly processName: string;
  readonly ip: string;
  readonly port: number;
  readonly timeGenerated: string;
  readonly lastTimeGenerated: string;
}

/** The addresses a machine's newest inventory lists (IPv4 then IPv6, as reported). */
export interface MachineAddresses {
  readonly machine: string;
  readonly addresses: readonly string[];
}

/** One validated report to store atomically. */
export interface IngestInput {
  readonly workspaceId: string;
  readonly report: AgentReport;
  /** Server clock when the body was received (stored as `_TimeReceived`). */
  readonly receivedAt: Date;
}

/** What storing a report did. */
export interface IngestResult {
  /** False when the batch id was already stored in this workspace: nothing was written. */
  readonly stored: boolean;
}

/** Rows of one workspace in the half-open window [from, to), optionally for some machines only. */
export interface WindowQuery {
  readonly workspaceId: string;
  readonly from: Date;
  readonly to: Date;
  /** Restrict to these `m-…` machine names; undefined means every machine. */
  readonly machines?: readonly string[];
}

/** The newest inventory row per entity with TimeGenerated in [notBefore, asOf]. */
export interface AsOfQuery {
  readonly workspaceId: string;
  readonly asOf: Date;
  /** Older rows are ignored (an entity not re-reported since is considered gone). */
  readonly notBefore?: Date;
  readonly machines?: readonly string[];
}

/** A machine that reported something in a window. */
export interface MachineSeen {
  readonly machine: string;
  readonly agentId: string;
  readonly computer: string;
  /** Earliest and latest record time of its batches that overlap the window. */
  readonly firstSeen: string;
  readonly lastSeen: string;
}

/** A tenant: agents and tokens belong to exactly one. */
export interface Workspace {
  /** GUID. */
  readonly id: string;
  /** Unique, used in Azure-style paths. */
  readonly name: string;
  /** SHA-256 hex of the agent key. */
  readonly agentKeyHash: string;
  readonly retentionDays: number;
  readonly createdAt: string;
  readonly keyRotatedAt: string;
}

/** A bearer API token as stored: never the token itself. */
export interface ApiToken {
  readonly id: string;
  readonly workspaceId: string;
  readonly role: TokenRole;
  readonly name: string;
  /** SHA-256 hex of the token. */
  readonly tokenHash: string;
  readonly createdAt: string;
  /** Set when revoked; a revoked token authenticates nothing. */
  readonly revokedAt: string | null;
}

/** A named set of machines (no size cap, unlike Azure's 10). */
export interface MachineGroup {
  /** GUID. */
  readonly id: string;
  readonly workspaceId: string;
  readonly displayName: string;
  readonly machines: readonly string[];
  /** Changes on every update; updates may require the caller's copy to match. */
  readonly etag: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Input for creating or replacing a machine group. */
export interface MachineGroupInput {
  readonly displayName: string;
  readonly machines: readonly string[];
}

/** Rows removed by a retention pass, per table. */
export type PurgeResult = Readonly<Record<string, number>>;

/** How big the store is. */
export interface StorageStats {
  /** Bytes on disk (database plus write-ahead log), 0 for in-memory stores. */
  readonly bytesOnDisk: number;
  /** Row counts per table. */
  readonly rows: Readonly<Record<string, number>>;
}
