// Bulk path into a server data directory: the fleet's one-minute rows generated inside DuckDB by
// INSERT … SELECT over the fleet's templates (a few thousand rows, appended from JS) × the minutes
// of each hour. Orders of magnitude faster than reports through DuckDBStorage.ingestReport, and
// the rows land as ingest leaves them: the stored tables of schema.ts, in time order (one hour
// per statement), one IngestBatches row per machine and minute, inventory hourly.
// What differs from real ingest: counters come from hash(), not from sockets; IngestBatches row
// counts are the machine's template count, not the minute's; the WAL is bypassed (checkpointed).
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { Fleet } from './fleet-model.js';

export interface BulkLoadOptions {
  /** The server's database file (`<dataDir>/servicemap.duckdb`), schema already created. */
  readonly path: string;
  readonly workspaceId: string;
  readonly fleet: Fleet;
  /** First minute (ms since the epoch, minute-aligned) and how many hours of minutes to write. */
  readonly startMs: number;
  readonly hours: number;
  readonly threads?: number;
  readonly onHour?: (hour: number) => void;
}

const ROLE: Readonly<Record<string, string>> = { nginx: 'webServer', java: 'appServer', postgres: 'databaseServer' };

async function insertValues(c: DuckDBConnection, table: string, rows: readonly DuckDBValue[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const width = chunk[0]?.length ?? 0;
    const tuples = chunk.map((_, r) => `(${Array.from({ length: width }, (__, k) => `$${r * width + k + 1}`).join(', ')})`);
    await c.run(`INSERT INTO ${table} VALUES ${tuples.join(', ')}`, chunk.flat());
  }
}

async function loadTemplates(c: DuckDBConnection, fleet: Fleet): Promise<void> {
  await c.run(`CREATE OR REPLACE TEMP TABLE fleet_machines (idx INTEGER, machine VARCHAR, agent_id VARCHAR,
    host VARCHAR, ip VARCHAR, halves INTEGER)`);
  await c.run(`CREATE OR REPLACE TEMP TABLE fleet_pools (idx INTEGER, pool INTEGER, process VARCHAR, name VARCHAR,
    exe VARCHAR, listen_port INTEGER, role VARCHAR)`);
  await c.run(`CREATE OR REPLACE TEMP TABLE fleet_halves (id INTEGER, idx INTEGER, pool INTEGER, direction VARCHAR,
    src VARCHAR, dst VARCHAR, port INTEGER, activity INTEGER, fail INTEGER)`);
  const halvesOf = new Map<number, number>();
  for (const h of fleet.halves) halvesOf.set(h.machine, (halvesOf.get(h.machine) ?? 0) + 1);
  await insertValues(c, 'fleet_machines', fleet.machines.map((m) => [m.index, m.machine, m.agentId, m.hostName, m.ip, halvesOf.get(m.index) ?? 0]));
  await insertValues(c, 'fleet_pools', fleet.machines.flatMap((m) => m.pools.map((p, i) =>
    [m.index, i, p.process, p.processName, p.executablePath, p.listenPort ?? null, ROLE[p.processName] ?? null])));
  await insertValues(c, 'fleet_halves', fleet.halves.map((h) =>
    [h.id, h.machine, h.pool, h.direction, h.sourceIp, h.destinationIp, h.destinationPort, h.activity, h.failPercent]));
}

const ts = (minuteSql: string): string => `make_timestamp(CAST(${minuteSql} AS BIGINT) * 60000000)`;

/** The statements that write one hour (minutes [m0, m0 + 60)), parameter $1 = workspace id. */
function hourStatements(m0: number): string[] {
  const minutes = `range(${m0}, ${m0 + 60}) r(minute)`;
  const fqdn = `m.host || '.fleet.internal'`;
  return [
    `INSERT INTO VMConnection_Stored
     SELECT $1, ${ts('minute')}, ${ts('minute')} + INTERVAL 70 SECOND, ${fqdn}, m.agent_id, m.machine,
       p.process, p.name, h.direction, h.src, h.dst, h.port, 'tcp',
       (x // 4096) % 4, (x // 16384) % 4, failed, 1 + (x // 65536) % 3,
       CASE WHEN failed = 1 THEN 1 END, NULL, false, (x // 16) % 100000, (x // 64) % 400000
     FROM (SELECT h.*, minute, hash(h.id, minute) AS x,
             CASE WHEN (hash(h.id, minute) // 256) % 100 < h.fail THEN 1 ELSE 0 END AS failed
           FROM fleet_halves h, ${minutes}) h
     JOIN fleet_machines m USING (idx) JOIN fleet_pools p ON p.idx = h.idx AND p.pool = h.pool
     WHERE x % 100 < h.activity`,
    `INSERT INTO VMBoundPort_Stored
     SELECT $1, ${ts('minute')}, ${ts('minute')} + INTERVAL 70 SECOND, ${fqdn}, m.agent_id, m.machine,
       p.process, p.name, '0.0.0.0', p.listen_port, 'tcp', true, 1, 1, 2, 1000, 4000
     FROM fleet_pools p JOIN fleet_machines m USING (idx), ${minutes} WHERE p.listen_port IS NOT NULL`,
    `INSERT INTO IngestBatches
     SELECT $1 || '|' || m.agent_id || '-' || minute, $1, m.agent_id || '-' || minute, m.agent_id, m.machine, ${fqdn},
       ${ts('minute + 1')}, ${ts('minute')} + INTERVAL 70 SECOND, ${ts('minute')}, ${ts('minute')},
       m.halves, 2, CASE WHEN minute % 60 = m.idx % 60 THEN 3 ELSE 0 END,
       CASE WHEN minute % 60 = m.idx % 60 THEN 1 ELSE 0 END
     FROM fleet_machines m, ${minutes}`,
    // Inventory hourly, each machine at its own minute of the hour. The last column, the search
    // text, stays NULL: the server fills it when it next opens the store (search-text.ts).
    `INSERT INTO VMComputer_Stored
     SELECT $1, ${ts(`${m0} + m.idx % 60`)}, ${ts(`${m0} + m.idx % 60`)} + INTERVAL 70 SECOND, ${fqdn}, m.agent_id, m.machine,
       m.host, ${fqdn}, TIMESTAMP '2024-12-01 00:00:00', 'UTC', 'virtual',
       to_json([m.ip]), to_json(['255.255.0.0']), to_json(['10.1.0.254']), to_json([]::VARCHAR[]), to_json([]::VARCHAR[]),
       to_json(['02:00:00:00:00:' || lpad(printf('%x', m.idx % 256), 2, '0')]), to_json([${fqdn}]),
       '1.0.0', 'linux', 'Debian GNU/Linux 12 (bookworm)', '12', '6.1.0-28-amd64', '64bit', 16384, 4, 2400,
       'kvm', NULL, NULL, NULL
     FROM fleet_machines m`,
    `INSERT INTO VMProcess_Stored
     SELECT $1, ${ts(`${m0} + m.idx % 60`)}, ${ts(`${m0} + m.idx % 60`)} + INTERVAL 70 SECOND, ${fqdn}, m.agent_id, m.machine,
       p.process, p.name, p.name, p.role, CASE WHEN p.role IS NULL THEN '[]' ELSE to_json([p.role]) END, p.name,
       p.name || ' service', '', p.name, '1.0', p.exe, p.exe || ' --serve', '/', 'svc', 'svc',
       TIMESTAMP '2024-12-01 00:01:00', 1000 + p.pool, 1 + p.pool, '', 4026531840, NULL
     FROM fleet_pools p JOIN fleet_machines m USING (idx)`,
  ];
}

/** Writes every hour of the fleet into the database file; returns row counts per table. */
export async function bulkLoad(options: BulkLoadOptions): Promise<Record<string, number>> {
  const settings: Record<string, string> = { checkpoint_threshold: '1GB' };
  if (options.threads !== undefined) settings.threads = String(options.threads);
  const instance = await DuckDBInstance.create(options.path, settings);
  const c = await instance.connect();
  try {
    await loadTemplates(c, options.fleet);
    const firstMinute = Math.floor(options.startMs / 60_000);
    for (let hour = 0; hour < options.hours; hour++) {
      await c.run('BEGIN TRANSACTION');
      for (const sql of hourStatements(firstMinute + hour * 60)) await c.run(sql, [options.workspaceId]);
      await c.run('COMMIT');
      options.onHour?.(hour);
    }
    await c.run('CHECKPOINT');
    const counts: Record<string, number> = {};
    for (const table of ['VMConnection_Stored', 'VMBoundPort_Stored', 'VMComputer_Stored', 'VMProcess_Stored', 'IngestBatches']) {
      const r = await c.runAndReadAll(`SELECT count(*) FROM ${table}`);
      counts[table] = Number(r.getRows()[0]?.[0] ?? 0);
    }
    return counts;
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
