import { describe, expect, it } from 'vitest';
import type { LogsMetadataResults } from '@servicemap/protocol';
import { kustoSchemaOf } from './kusto-schema.js';
import { logQueryErrorOf } from '../../api/log-analytics-client.js';

describe('kustoSchemaOf', () => {
  it('puts the workspace tables in the database in context with CLR column types', () => {
    const metadata = { tables: [{ id: 't/T', name: 'T', columns: [{ name: 'When', type: 'datetime' }, { name: 'N', type: 'long' }, { name: 'D', type: 'dynamic' }] }] } as unknown as LogsMetadataResults;
    const schema = kustoSchemaOf(metadata, 'default');
    expect(schema.database.name).toBe('default');
    expect(schema.cluster.databases[0]).toBe(schema.database);
    expect(schema.database.tables).toEqual([{ name: 'T', columns: [
      { name: 'When', type: 'System.DateTime' }, { name: 'N', type: 'System.Int64' }, { name: 'D', type: 'System.Object' },
    ] }]);
  });
});

describe('logQueryErrorOf', () => {
  it('reads the position from innererror or its additionalProperties', () => {
    const direct = logQueryErrorOf(400, { code: 'BadArgumentError', message: 'm', innererror: { code: 'SyntaxError', message: 'x', line: 2, column: 7 } });
    expect([direct.code, direct.line, direct.column]).toEqual(['SyntaxError', 2, 7]);
    const bag = logQueryErrorOf(400, { code: 'BadArgumentError', message: 'm', innererror: { code: 'UnknownColumn', message: 'x', additionalProperties: { line: 1, column: 40 } } });
    expect([bag.line, bag.column]).toEqual([1, 40]);
    expect(logQueryErrorOf(500, undefined).code).toBe('Http500');
  });
});
