import { describe, expect, it } from 'vitest';
import type { LogsTable } from '@servicemap/protocol';
import { nextSort, sortRows, toCsv, toJson } from './results-table.js';

const table: LogsTable = {
  name: 'PrimaryResult',
  columns: [{ name: 'Name', type: 'string' }, { name: 'Bytes', type: 'long' }],
  rows: [['web1', 10], ['app1', null], ['db1', 9], ['a,"b"', 100]],
};

describe('results table', () => {
  it('sorts numbers by value, text by code point, nulls last in both directions', () => {
    expect(sortRows(table, { column: 1, descending: false }).map((r) => r[1])).toEqual([9, 10, 100, null]);
    expect(sortRows(table, { column: 1, descending: true }).map((r) => r[1])).toEqual([100, 10, 9, null]);
    expect(sortRows(table, { column: 0, descending: false }).map((r) => r[0])).toEqual(['a,"b"', 'app1', 'db1', 'web1']);
    expect(sortRows(table, undefined)).toBe(table.rows);
  });

  it('cycles a header through ascending, descending and the server order', () => {
    expect(nextSort(undefined, 1)).toEqual({ column: 1, descending: false });
    expect(nextSort({ column: 1, descending: false }, 1)).toEqual({ column: 1, descending: true });
    expect(nextSort({ column: 1, descending: true }, 1)).toBeUndefined();
    expect(nextSort({ column: 1, descending: true }, 0)).toEqual({ column: 0, descending: false });
  });

  it('exports CSV with quoting and JSON objects keyed by column', () => {
    expect(toCsv(table.columns, table.rows)).toBe('Name,Bytes\r\nweb1,10\r\napp1,\r\ndb1,9\r\n"a,""b""",100\r\n');
    expect(JSON.parse(toJson(table.columns, table.rows.slice(0, 2)))).toEqual([{ Name: 'web1', Bytes: 10 }, { Name: 'app1', Bytes: null }]);
  });
});
