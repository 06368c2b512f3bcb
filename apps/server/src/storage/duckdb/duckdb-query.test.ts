import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QueryExecutionError } from '../storage.js';
import { duckdbErrorKind, toQueryCell } from './duckdb-query.js';
import { DuckDBStorage } from './duckdb-storage.js';

describe('toQueryCell', () => {
  it('makes every driver value JSON-ready', () => {
    expect([toQueryCell(5n), toQueryCell(-(2n ** 40n)), toQueryCell(1.5), toQueryCell(true), toQueryCell('s')]).toEqual([5, -(2 ** 40), 1.5, true, 's']);
    expect([toQueryCell(null), toQueryCell(undefined), toQueryCell(Number.NaN), toQueryCell(Infinity)]).toEqual([null, null, 'NaN', 'Infinity']);
    expect(toQueryCell(new Date('2025-01-01T00:00:00Z'))).toBe('2025-01-01T00:00:00.000Z');
    expect(toQueryCell([1n, { a: 2n }])).toBe('[1,{"a":2}]');
    // Beyond 2^53 a number would round (…993 → …992): the cell stays BigInt for exactJson.
    expect(toQueryCell(9007199254740993n)).toBe(9007199254740993n);
    expect(toQueryCell(9007199254740991n)).toBe(9007199254740991);
  });
});

describe('duckdbErrorKind', () => {
  it('reads the engine\'s error class, and counts the binding layer\'s range refusals as Out of Range', () => {
    expect(duckdbErrorKind("Conversion Error: Could not convert string 'x' to INT32")).toBe('Conversion');
    expect(duckdbErrorKind('Out of Memory Error: failed to allocate data of size 64.0 MiB')).toBe('Out of Memory');
    expect(duckdbErrorKind('Binder Error: Referenced column "x" not found')).toBe('Binder');
    expect(duckdbErrorKind('bigint out of int64 range')).toBe('Out of Range');
    expect(duckdbErrorKind('something else')).toBe('Unknown');
  });
});

describe('runQuery under the instance memory_limit', () => {
  it('fails a query that needs more memory than the instance has with Out of Memory, and the store goes on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'duckdb-query-'));
    const storage = await DuckDBStorage.open({ path: join(dir, 'db.duckdb'), memoryLimit: '64MB', threads: 1 });
    try {
      // A list aggregate cannot spill to disk, so it must hold 50 M values (400 MB) in memory.
      const hog = { sql: 'SELECT length(list(range)) AS n FROM range(50000000)', params: [] };
      const failure = await storage.runQuery(hog, { maxRows: 10, maxResultBytes: 1000 }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(QueryExecutionError);
      expect((failure as QueryExecutionError).kind).toBe('Out of Memory');
      const after = await storage.runQuery({ sql: 'SELECT 41 + 1 AS n', params: [] }, { maxRows: 10, maxResultBytes: 1000 });
      expect(after.rows).toEqual([[42]]);
    } finally {
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
