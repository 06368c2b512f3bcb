import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { AsOfQuery, MachineAddresses, StoredComputer, StoredProcess } from '../records.js';
import { asOfFilter, Filter, rows, text, timestampParam, toComputer, toProcess } from './duckdb-reads.js';
import { SEARCH_TEXT_COLUMN } from '@servicemap/kql';
import { COMPUTER_COLUMNS, PROCESS_COLUMNS } from './schema.js';

/*
 * VMComputer_Latest and VMProcess_Latest hold the newest row (by TimeGenerated, then
 * _TimeReceived) of each machine and (machine, process), copied from the history tables by the
 * transaction that stores it. "Newest as of T" is then the latest row when it is not after T, and
 * only entities re-reported after T need the history (none for a map of the last hour).
 */

interface Kind {
  readonly stored: string;
  readonly latest: string;
  /** Columns that identify the entity, WorkspaceId first. */
  readonly key: readonly string[];
  /** Every column, in stored order. */
  readonly columns: readonly string[];
}

const COMPUTER: Kind = {
  stored: 'VMComputer_Stored', latest: 'VMComputer_Latest', key: ['WorkspaceId', 'Machine'], columns: columnNames(COMPUTER_COLUMNS),
};
const PROCESS: Kind = {
  stored: 'VMProcess_Stored', latest: 'VMProcess_Latest', key: ['WorkspaceId', 'Machine', 'Process'], columns: columnNames(PROCESS_COLUMNS),
};

function columnNames(definitions: readonly string[]): string[] {
  return definitions.map((d) => d.split(' ')[0] ?? d);
}

const NEWEST = (kind: Kind, alias = ''): string =>
  `QUALIFY row_number() OVER (PARTITION BY ${kind.key.map((k) => alias + k).join(', ')}
    ORDER BY ${alias}TimeGenerated DESC, ${alias}_TimeReceived DESC) = 1`;

/**
 * Inserts the candidates (stored rows) into the latest table, replacing a row only when the
 * candidate is newer. ON CONFLICT finds the row to replace through the primary key's index: no
 * scan of the latest table, whose process rows grow with the fleet.
 */
function upsertSql(kind: Kind, candidates: string): string {
  const set = kind.columns.filter((c) => !kind.key.includes(c)).map((c) => `${c} = excluded.${c}`).join(', ');
  const current = (c: string): string => `${kind.latest}.${c}`;
  return `INSERT INTO ${kind.latest} ${candidates}
    ON CONFLICT (${kind.key.join(', ')}) DO UPDATE SET ${set}
    WHERE excluded.TimeGenerated > ${current('TimeGenerated')}
      OR (excluded.TimeGenerated = ${current('TimeGenerated')} AND excluded._TimeReceived > ${current('_TimeReceived')})`;
}

/** An inventory-carrying report stored in the open transaction. */
export interface InventoryBatch {
  readonly workspaceId: string;
  readonly machine: string;
  readonly receivedAt: Date;
  /** Which inventory tables it wrote to. */
  readonly computers: boolean;
  readonly processes: boolean;
  /** Span of its inventory rows' TimeGenerated, to prune the history scan. */
  readonly firstMs: number;
  readonly lastMs: number;
}

/**
 * Copies the newest inventory rows of these batches (appended in the caller's open transaction)
 * into the latest tables. Finds them by (workspace, machine, receive time) within their time span.
 */
export async function updateLatestInventory(c: DuckDBConnection, batches: readonly InventoryBatch[]): Promise<void> {
  for (const kind of [COMPUTER, PROCESS]) {
    const wrote = batches.filter((b) => (kind === COMPUTER ? b.computers : b.processes));
    if (wrote.length > 0) await updateLatest(c, kind, wrote);
  }
}

async function updateLatest(c: DuckDBConnection, kind: Kind, batches: readonly InventoryBatch[]): Promise<void> {
  const params: DuckDBValue[] = [];
  const value = (v: DuckDBValue): string => `$${params.push(v)}`;
  const tuples = batches.map((b) => `(${value(b.workspaceId)}, ${value(b.machine)}, ${value(timestampParam(b.receivedAt))})`);
  const from = value(timestampParam(new Date(Math.min(...batches.map((b) => b.firstMs)))));
  const to = value(timestampParam(new Date(Math.max(...batches.map((b) => b.lastMs)))));
  const candidates = `SELECT s.* EXCLUDE (${SEARCH_TEXT_COLUMN}) FROM ${kind.stored} s JOIN (VALUES ${tuples.join(', ')}) v(w, m, r)
    ON s.WorkspaceId = v.w AND s.Machine = v.m AND s._TimeReceived = v.r
    WHERE s.TimeGenerated >= ${from} AND s.TimeGenerated <= ${to} ${NEWEST(kind, 's.')}`;
  await c.run(upsertSql(kind, candidates), params);
}

/** Fills empty latest tables from the history: a store written before they existed, or by a bulk load. */
export async function backfillLatestInventory(c: DuckDBConnection): Promise<void> {
  for (const kind of [COMPUTER, PROCESS]) {
    const empty = (await c.runAndReadAll(`SELECT count(*) FROM (SELECT 1 FROM ${kind.latest} LIMIT 1)`)).getRows()[0]?.[0];
    if (Number(empty) !== 0) continue;
    await c.run(`INSERT INTO ${kind.latest} SELECT * EXCLUDE (${SEARCH_TEXT_COLUMN}) FROM ${kind.stored} ${NEWEST(kind)}`);
  }
}

/** Drops latest rows older than a workspace's retention: the history has no row of that entity left. */
export async function purgeLatestInventory(c: DuckDBConnection, workspaceId: string, cutoff: Date): Promise<void> {
  for (const kind of [COMPUTER, PROCESS]) {
    await c.run(`DELETE FROM ${kind.latest} WHERE WorkspaceId = $1 AND TimeGenerated < $2`, [workspaceId, timestampParam(cutoff)]);
  }
}

/**
 * The newest row per entity as of `q.asOf`: the latest row where it is not after asOf; the history
 * only for entities whose latest row is, which a map of recent minutes rarely has.
 */
async function readAsOf(
  c: DuckDBConnection, kind: Kind, q: AsOfQuery, order: readonly string[], columns = '*',
): Promise<Record<string, unknown>[]> {
  const f = new Filter();
  f.where(`WorkspaceId = ${f.value(q.workspaceId)}`);
  f.machines(q.machines);
  const latest = await rows(c, `SELECT ${columns} FROM ${kind.latest} WHERE ${f.toString()}`, f.params);
  const asOfMs = q.asOf.getTime();
  const notBeforeMs = q.notBefore?.getTime() ?? -Infinity;
  const timeMs = (r: Record<string, unknown>): number => (r.TimeGenerated instanceof Date ? r.TimeGenerated.getTime() : NaN);
  // A latest row older than notBefore means every row of that entity is: it is gone either way.
  const answered = latest.filter((r) => timeMs(r) <= asOfMs && timeMs(r) >= notBeforeMs);
  const stale = [...new Set(latest.filter((r) => timeMs(r) > asOfMs).map((r) => text(r.Machine)))];
  if (stale.length > 0) {
    const h = asOfFilter({ ...q, machines: stale });
    const older = await rows(c, `SELECT ${columns} FROM ${kind.stored} WHERE ${h.toString()} ${NEWEST(kind)}`, h.params);
    const staleKeys = new Set(latest.filter((r) => timeMs(r) > asOfMs).map((r) => kind.key.map((k) => text(r[k])).join('|')));
    answered.push(...older.filter((r) => staleKeys.has(kind.key.map((k) => text(r[k])).join('|'))));
  }
  // Code-unit order, as SQL's ORDER BY on these ASCII ids.
  const compare = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return answered.sort((a, b) => order.reduce((d, k) => d || compare(text(a[k]), text(b[k])), 0));
}

export async function readLatestComputers(c: DuckDBConnection, q: AsOfQuery): Promise<StoredComputer[]> {
  return (await readAsOf(c, COMPUTER, q, ['Machine'])).map(toComputer);
}

export async function readLatestProcesses(c: DuckDBConnection, q: AsOfQuery): Promise<StoredProcess[]> {
  return (await readAsOf(c, PROCESS, q, ['Machine', 'Process'])).map(toProcess);
}

export async function readMachineAddresses(c: DuckDBConnection, q: AsOfQuery): Promise<MachineAddresses[]> {
  const columns = 'WorkspaceId, Machine, TimeGenerated, Ipv4Addresses, Ipv6Addresses';
  return (await readAsOf(c, COMPUTER, q, ['Machine'], columns)).map((r) => ({
    machine: text(r.Machine),
    addresses: [...jsonStrings(r.Ipv4Addresses), ...jsonStrings(r.Ipv6Addresses)],
  }));
}

function jsonStrings(value: unknown): string[] {
  const parsed: unknown = JSON.parse(typeof value === 'string' ? value : '[]');
  return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
}
