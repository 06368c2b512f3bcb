import { randomBytes } from 'node:crypto';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { ApiToken, MachineGroup, MachineGroupInput, TokenRole, Workspace } from '../records.js';
import { StorageConflictError } from '../storage.js';
import { timestampParam } from './duckdb-reads.js';

type Row = Record<string, unknown>;

const iso = (value: unknown): string => (value instanceof Date ? value.toISOString() : String(value));

async function rows(c: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<Row[]> {
  return (await c.runAndReadAll(sql, params)).getRowObjectsJS();
}

async function changed(c: DuckDBConnection, sql: string, params: DuckDBValue[]): Promise<number> {
  const result = await c.run(sql, params);
  return result.rowsChanged;
}

/** DuckDB reports unique and primary key violations as constraint errors; they mean "exists". */
function isConstraintError(error: unknown): boolean {
  return error instanceof Error && /constraint/i.test(error.message);
}

async function insertUnique(c: DuckDBConnection, sql: string, params: DuckDBValue[], what: string): Promise<void> {
  try {
    await c.run(sql, params);
  } catch (error) {
    if (isConstraintError(error)) throw new StorageConflictError(`${what} already exists`);
    throw error;
  }
}

const toWorkspace = (r: Row): Workspace => ({
  id: String(r.Id),
  name: String(r.Name),
  agentKeyHash: String(r.AgentKeyHash),
  retentionDays: Number(r.RetentionDays),
  createdAt: iso(r.CreatedAt),
  keyRotatedAt: iso(r.KeyRotatedAt),
});

export async function insertWorkspace(c: DuckDBConnection, w: Workspace): Promise<void> {
  await insertUnique(c, 'INSERT INTO Workspaces VALUES ($1, $2, $3, $4, $5, $6)', [
    w.id, w.name, w.agentKeyHash, w.retentionDays,
    timestampParam(new Date(w.createdAt)), timestampParam(new Date(w.keyRotatedAt)),
  ], `workspace ${w.id} or name ${w.name}`);
}

export async function selectWorkspaces(c: DuckDBConnection, where = 'TRUE', params: DuckDBValue[] = []): Promise<Workspace[]> {
  return (await rows(c, `SELECT * FROM Workspaces WHERE ${where} ORDER BY CreatedAt, Name`, params)).map(toWorkspace);
}

export async function updateWorkspaceKey(c: DuckDBConnection, id: string, hash: string, at: Date): Promise<boolean> {
  const sql = 'UPDATE Workspaces SET AgentKeyHash = $2, KeyRotatedAt = $3 WHERE Id = $1';
  return (await changed(c, sql, [id, hash, timestampParam(at)])) > 0;
}

export async function updateWorkspaceRetention(c: DuckDBConnection, id: string, days: number): Promise<boolean> {
  return (await changed(c, 'UPDATE Workspaces SET RetentionDays = $2 WHERE Id = $1', [id, days])) > 0;
}

const toToken = (r: Row): ApiToken => ({
  id: String(r.Id),
  workspaceId: String(r.WorkspaceId),
  role: String(r.Role) as TokenRole,
  name: String(r.Name),
  tokenHash: String(r.TokenHash),
  createdAt: iso(r.CreatedAt),
  revokedAt: r.RevokedAt === null ? null : iso(r.RevokedAt),
});

export async function insertToken(c: DuckDBConnection, t: ApiToken): Promise<void> {
  await insertUnique(c, 'INSERT INTO ApiTokens VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    t.id, t.workspaceId, t.role, t.name, t.tokenHash, timestampParam(new Date(t.createdAt)),
    t.revokedAt === null ? null : timestampParam(new Date(t.revokedAt)),
  ], `token ${t.id}`);
}

export async function selectTokens(c: DuckDBConnection, where = 'TRUE', params: DuckDBValue[] = []): Promise<ApiToken[]> {
  return (await rows(c, `SELECT * FROM ApiTokens WHERE ${where} ORDER BY CreatedAt, Id`, params)).map(toToken);
}

export async function markTokenRevoked(c: DuckDBConnection, id: string, at: Date): Promise<boolean> {
  const sql = 'UPDATE ApiTokens SET RevokedAt = $2 WHERE Id = $1 AND RevokedAt IS NULL';
  return (await changed(c, sql, [id, timestampParam(at)])) > 0;
}

const toGroup = (r: Row): MachineGroup => ({
  id: String(r.Id),
  workspaceId: String(r.WorkspaceId),
  displayName: String(r.DisplayName),
  machines: JSON.parse(String(r.Machines)) as string[],
  etag: String(r.Etag),
  createdAt: iso(r.CreatedAt),
  updatedAt: iso(r.UpdatedAt),
});

/** Etags are opaque; 16 random bytes never repeat in practice. */
const newEtag = (): string => randomBytes(16).toString('hex');

export async function insertMachineGroup(
  c: DuckDBConnection, workspaceId: string, id: string, input: MachineGroupInput, now: Date,
): Promise<MachineGroup> {
  const etag = newEtag();
  await insertUnique(c, 'INSERT INTO MachineGroups VALUES ($1, $2, $3, $4, $5, $6, $6)', [
    workspaceId, id, input.displayName, JSON.stringify(input.machines), etag, timestampParam(now),
  ], `machine group ${id}`);
  const created = await selectMachineGroups(c, workspaceId, id);
  if (created[0] === undefined) throw new Error(`machine group ${id} vanished after insert`);
  return created[0];
}

export async function selectMachineGroups(c: DuckDBConnection, workspaceId: string, id?: string): Promise<MachineGroup[]> {
  const params: DuckDBValue[] = [workspaceId];
  let where = 'WorkspaceId = $1';
  if (id !== undefined) {
    where += ' AND Id = $2';
    params.push(id);
  }
  return (await rows(c, `SELECT * FROM MachineGroups WHERE ${where} ORDER BY DisplayName, Id`, params)).map(toGroup);
}

/**
 * Replaces a group when its etag still matches. The etag check and the write are one statement,
 * so two concurrent updates with the same etag cannot both succeed.
 */
export async function replaceMachineGroup(
  c: DuckDBConnection, workspaceId: string, id: string, input: MachineGroupInput, now: Date, ifMatch?: string,
): Promise<MachineGroup | undefined> {
  const params: DuckDBValue[] = [
    workspaceId, id, input.displayName, JSON.stringify(input.machines), newEtag(), timestampParam(now),
  ];
  let sql = `UPDATE MachineGroups SET DisplayName = $3, Machines = $4, Etag = $5, UpdatedAt = $6
    WHERE WorkspaceId = $1 AND Id = $2`;
  if (ifMatch !== undefined) {
    sql += ' AND Etag = $7';
    params.push(ifMatch);
  }
  if ((await changed(c, sql, params)) === 0) {
    const existing = await selectMachineGroups(c, workspaceId, id);
    if (existing.length === 0) return undefined;
    throw new StorageConflictError(`machine group ${id} has changed (etag mismatch)`);
  }
  return (await selectMachineGroups(c, workspaceId, id))[0];
}

export async function removeMachineGroup(c: DuckDBConnection, workspaceId: string, id: string): Promise<boolean> {
  return (await changed(c, 'DELETE FROM MachineGroups WHERE WorkspaceId = $1 AND Id = $2', [workspaceId, id])) > 0;
}
