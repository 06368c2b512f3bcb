import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { makeReport } from '../testing/make-report.js';
import {
  QueryExecutionError, QueryInterruptedError, type QueryLimits, type SqlQuery, type Storage, type Workspace,
} from './storage.js';

type Factory = () => Promise<Storage>;
const T0 = '2025-01-01T00:00:00.000Z';
const roomy: QueryLimits = { maxRows: 1000, maxResultBytes: 1 << 20 };

/** The statements the suite runs, in each adapter's dialect (keyed by `Storage.kind`). */
interface DialectSql {
  /** Destination ports and counters of one workspace's connections, parameter 1 the workspace. */
  readonly connectionsOf: string;
  /** `n` rows of (long, bool, null, text) from parameter 1 = n. */
  readonly series: string;
  /** A statement that runs for minutes unless interrupted. */
  readonly endless: string;
  /** A statement the engine fails at run time on a value (a bad cast of parameter 1). */
  readonly badCast: string;
}

const SQL: Readonly<Record<string, DialectSql>> = {
  duckdb: {
    connectionsOf: 'SELECT DestinationPort, LinksEstablished FROM VMConnection WHERE WorkspaceId = $1 ORDER BY DestinationPort',
    series: "SELECT range AS n, range % 2 = 0 AS even, NULL AS nothing, 'r' || range AS label FROM range($1::BIGINT)",
    endless: 'SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3',
    badCast: 'SELECT CAST($1 AS INTEGER) AS n',
  },
};

function sqlFor(store: Storage): DialectSql {
  const sql = SQL[store.kind];
  if (sql === undefined) throw new Error(`storage-query contract has no SQL for adapter ${store.kind}`);
  return sql;
}

const q = (sql: string, ...params: SqlQuery['params']): SqlQuery => ({ sql, params });

/** `Storage.runQuery`, run by the storage contract for every adapter. */
export function describeQueryContract(factory: Factory): void {
  describe('runQuery (Log Analytics reads)', () => {
    let store: Storage | undefined;
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });
    const withWorkspace = async (): Promise<[Storage, Workspace]> => {
      store = await factory();
      const w: Workspace = { id: randomUUID(), name: 'q', agentKeyHash: 'a'.repeat(64), retentionDays: 30, createdAt: T0, keyRotatedAt: T0 };
      await store.createWorkspace(w);
      return [store, w];
    };

    it('binds parameters and answers JSON-ready cells', async () => {
      const [s, w] = await withWorkspace();
      const report = makeReport({ connections: 4 });
      await s.ingestReport({ workspaceId: w.id, report, receivedAt: new Date(T0) });
      const mine = await s.runQuery(q(sqlFor(s).connectionsOf, w.id), roomy);
      const ports = report.connections.map((c) => c.destinationPort).sort((a, b) => a - b);
      expect(mine.rows.map((r) => r[0])).toEqual(ports);
      expect(mine.rows.every((r) => typeof r[1] === 'number')).toBe(true);
      expect(mine.truncated).toBeUndefined();
      expect((await s.runQuery(q(sqlFor(s).connectionsOf, randomUUID()), roomy)).rows).toEqual([]);
      const series = await s.runQuery(q(sqlFor(s).series, 3), roomy);
      expect(series.rows).toEqual([[0, true, null, 'r0'], [1, false, null, 'r1'], [2, true, null, 'r2']]);
      expect(series.resultBytes).toBeGreaterThan(0);
    });

    it('stops at the row limit and at the byte budget, saying which', async () => {
      const [s] = await withWorkspace();
      const byRows = await s.runQuery(q(sqlFor(s).series, 50_000), { maxRows: 30_000, maxResultBytes: 1 << 30 });
      expect(byRows.rows).toHaveLength(30_000);
      expect(byRows.truncated).toBe('rows');
      const byBytes = await s.runQuery(q(sqlFor(s).series, 50_000), { maxRows: 30_000, maxResultBytes: 10_000 });
      expect(byBytes.truncated).toBe('bytes');
      expect(byBytes.resultBytes).toBeLessThanOrEqual(10_000);
      expect(byBytes.rows.length).toBeGreaterThan(100);
      expect(byBytes.rows.length).toBeLessThan(1000);
    });

    it('interrupts a running query when its signal aborts, while ingest goes on', async () => {
      const [s, w] = await withWorkspace();
      const controller = new AbortController();
      const started = Date.now();
      const running = s.runQuery(q(sqlFor(s).endless), { ...roomy, signal: controller.signal });
      const stored = await s.ingestReport({ workspaceId: w.id, report: makeReport(), receivedAt: new Date(T0) });
      expect(stored).toEqual({ stored: true });
      controller.abort();
      await expect(running).rejects.toBeInstanceOf(QueryInterruptedError);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect((await s.runQuery(q(sqlFor(s).series, 1), roomy)).rows).toHaveLength(1);
    });

    it('reports a statement the engine fails with the engine\'s error class', async () => {
      const [s] = await withWorkspace();
      const failure = await s.runQuery(q(sqlFor(s).badCast, 'not a number'), roomy).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(QueryExecutionError);
      expect((failure as QueryExecutionError).kind).toBe('Conversion');
      expect((failure as QueryExecutionError).message).not.toContain('\n');
    });
  });
}
