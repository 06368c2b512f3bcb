import { describe, expect, it } from 'vitest';
import type { LogsQueryResults } from '@servicemap/protocol';
import { formatQueryResult } from './query-output.js';

const RESULT: LogsQueryResults = {
  tables: [{
    name: 'PrimaryResult',
    columns: [{ name: 'Computer', type: 'string' }, { name: 'Links', type: 'long' }, { name: 'Ips', type: 'dynamic' }],
    rows: [['web1', 3, '["10.0.0.1","10.0.0.2"]'], ['db "primary", eu', null, '[]']],
  }],
};

describe('formatQueryResult', () => {
  it('aligns a table for terminals, with a row count', () => {
    expect(formatQueryResult(RESULT, 'table').split('\n')).toEqual([
      'Computer          Links  Ips',
      '----------------  -----  -----------------------',
      'web1              3      ["10.0.0.1","10.0.0.2"]',
      'db "primary", eu         []',
      '(2 rows)',
    ]);
  });

  it('writes RFC 4180 CSV with a header', () => {
    expect(formatQueryResult(RESULT, 'csv')).toBe(
      'Computer,Links,Ips\r\nweb1,3,"[""10.0.0.1"",""10.0.0.2""]"\r\n"db ""primary"", eu",,[]');
  });

  it('prints JSON as the API sent it, and warns of a partial result in a table', () => {
    expect(JSON.parse(formatQueryResult(RESULT, 'json'))).toEqual(RESULT);
    const partial = { ...RESULT, error: { code: 'PartialError', message: 'x', details: [{ code: 'ResultTruncated', message: 'cut at 30000' }] } };
    expect(formatQueryResult(partial, 'table')).toMatch(/\(2 rows\)\nwarning: cut at 30000$/);
  });

  it('cuts long cells and keeps them on one line', () => {
    const long = { tables: [{ name: 'PrimaryResult', columns: [{ name: 'CommandLine', type: 'string' as const }], rows: [[`a\nb ${'x'.repeat(100)}`]] }] };
    const line = formatQueryResult(long, 'table').split('\n')[2] ?? '';
    expect(line).toHaveLength(60);
    expect(line.startsWith('a b x')).toBe(true);
    expect(line.endsWith('…')).toBe(true);
  });
});
