import { describe, expect, it } from 'vitest';
import { compileKql } from './compile-kql.js';
import type { KqlError } from './compiled-query.js';

const options = { dialect: 'duckdb', workspaceId: 'ws', now: new Date('2024-05-01T12:00:00Z') } as const;

function errorOf(text: string): KqlError {
  const result = compileKql(text, options);
  if (result.ok) throw new Error(`compiled: ${text}`);
  return result.error;
}

describe('compile errors', () => {
  it('places a syntax error at its line and column', () => {
    expect(errorOf('VMConnection\n| where BytesSent >')).toMatchObject({ code: 'SyntaxError', line: 2, column: 20 });
    expect(errorOf('VMConnection | project (Machine')).toMatchObject({ code: 'SyntaxError', line: 1, column: 32 });
  });

  it('names an unknown operator and suggests the closest', () => {
    expect(errorOf('VMConnection\n  | summarise count()')).toMatchObject({ code: 'SyntaxError', line: 2, column: 5, suggestions: ['summarize'] });
  });

  it('refuses a long literal beyond 64 bits instead of rounding it', () => {
    expect(errorOf('print 9223372036854775808')).toMatchObject({ code: 'SyntaxError', line: 1, column: 7 });
    expect(errorOf('print 9223372036854775808').message).toContain('out of range');
  });

  it('refuses array_length() of a literal that is not an array, as Kusto does', () => {
    expect(errorOf('print array_length(dynamic({}))')).toMatchObject({ code: 'SemanticError', column: 7 });
  });

  it('suggests the closest table', () => {
    const error = errorOf('VMConection | count');
    expect(error).toMatchObject({ code: 'UnknownTable', line: 1, column: 1 });
    expect(error.suggestions?.[0]).toBe('VMConnection');
  });

  it('suggests the closest columns, case differences first', () => {
    const error = errorOf('VMConnection | where bytessent > 0');
    expect(error).toMatchObject({ code: 'UnknownColumn', line: 1, column: 22 });
    expect(error.suggestions?.[0]).toBe('BytesSent');
    expect(errorOf('VMComputer | project Memory').suggestions).toContain('PhysicalMemoryMB');
  });

  it('checks columns against what earlier operators left', () => {
    const error = errorOf('VMConnection | project Machine | where Process == "x"');
    expect(error).toMatchObject({ code: 'UnknownColumn', column: 40 });
  });

  it('suggests the closest function and aggregate', () => {
    expect(errorOf('print tolowr("A")')).toMatchObject({ code: 'UnknownFunction', column: 7, suggestions: expect.arrayContaining(['tolower']) as unknown });
    expect(errorOf('VMConnection | summarize cnt()')).toMatchObject({ code: 'UnknownFunction', suggestions: expect.arrayContaining(['count']) as unknown });
  });

  it('refuses type errors with a SemanticError', () => {
    expect(errorOf('print datetime(2024-01-01) * 2')).toMatchObject({ code: 'SemanticError', column: 28 });
    expect(errorOf('VMConnection | join kind=inner (VMProcess) on $left.DestinationPort == $right.Process')).toMatchObject({ code: 'SemanticError' });
    expect(errorOf('print bin(TimeGenerated, 1h)')).toMatchObject({ code: 'UnknownColumn' });
  });

  it('refuses invalid regular expressions with a position, and accepts RE2 syntax', () => {
    expect(errorOf('print a = "x" matches regex "(a"')).toMatchObject({ code: 'SemanticError', column: 15 });
    expect(errorOf('print a = extract("[", 0, "x")')).toMatchObject({ code: 'SemanticError', column: 11 });
    expect(compileKql('print a = "x" matches regex "(?i)(?P<n>x)+$", b = extract("(?s:a.)", 0, "ab")', options).ok).toBe(true);
  });

  it('refuses malformed literals and unterminated strings', () => {
    expect(errorOf('print datetime(2024-13-45)')).toMatchObject({ code: 'SyntaxError', column: 7 });
    expect(errorOf('print "abc')).toMatchObject({ code: 'SyntaxError', column: 7 });
    expect(errorOf('print 12abc')).toMatchObject({ code: 'SyntaxError' });
  });

  it('refuses empty, overlong and deeply nested queries with a code', () => {
    expect(errorOf('   ').code).toBe('SyntaxError');
    expect(errorOf(`print ${'x'.repeat(100_001)}`).code).toBe('QueryTooLong');
    expect(errorOf(`print ${'('.repeat(20_000)}1${')'.repeat(20_000)}`).code).toBe('QueryTooComplex');
  });

  it('says Unsupported for Kusto operators and functions not compiled yet', () => {
    expect(errorOf('VMConnection | top-hitters 3 of Machine')).toMatchObject({ code: 'Unsupported', column: 16 });
    expect(errorOf('print hash_sha256("hh")')).toMatchObject({ code: 'Unsupported', column: 7 });
    expect(errorOf('VMConnection\n| invoke f()')).toMatchObject({ code: 'Unsupported', line: 2, column: 3 });
  });

  it('refuses window functions on rows that are not serialized, as Kusto\'s engine does', () => {
    expect(errorOf('VMConnection | extend rn = row_number()')).toMatchObject({ code: 'SemanticError', column: 28 });
    expect(errorOf('VMConnection | sort by BytesSent | summarize count() by Machine | extend p = prev(Machine)')).toMatchObject({ code: 'SemanticError', column: 78 });
    expect(errorOf('VMComputer | sort by Machine | mv-expand Ipv4Addresses | where next(Machine) == Machine')).toMatchObject({ code: 'SemanticError', column: 64 });
    expect(errorOf('VMConnection | make-series count() on TimeGenerated step 1h | extend r = row_cumsum(1)')).toMatchObject({ code: 'SemanticError', column: 74 });
    expect(errorOf('VMConnection | sort by BytesSent | summarize sum(row_number())')).toMatchObject({ code: 'Unsupported', column: 50 });
  });

  it('checks range and make-series arguments with a position', () => {
    expect(errorOf('range x from 1 to 3 step 0')).toMatchObject({ code: 'SemanticError', column: 26 });
    expect(errorOf('range x from 1 to 3 step 1h')).toMatchObject({ code: 'SemanticError', column: 26 });
    expect(errorOf('VMConnection | make-series count() on TimeGenerated step 5')).toMatchObject({ code: 'SemanticError', column: 58 });
    expect(errorOf('VMConnection | make-series count() on Machine step 5')).toMatchObject({ code: 'SemanticError', column: 39 });
    expect(errorOf('VMConnection | make-series TimeGenerated = count() on TimeGenerated step 5m')).toMatchObject({ code: 'SemanticError', column: 55 });
    expect(errorOf('VMConnection | make-series count() on TimeGenerated from 1 step 5m')).toMatchObject({ code: 'SemanticError', column: 58 });
  });

  it('requires render to come last', () => {
    expect(errorOf('VMConnection | render table | count')).toMatchObject({ code: 'SemanticError', column: 16 });
  });

  it('places user function errors: arity, argument types, table schemas, recursion', () => {
    expect(errorOf('let f = (x:long) { x * 2 }; print f(1, 2)')).toMatchObject({ code: 'SemanticError', column: 40 });
    expect(errorOf('let g = (n:int) { VMConnection | take n }; g() | count')).toMatchObject({ code: 'SemanticError', column: 44 });
    expect(errorOf('let f = (x:long) { x * 2 }; print f("a")')).toMatchObject({ code: 'SemanticError', column: 37 });
    expect(errorOf('let h = (T:(Computer:string)) { T | distinct Computer }; h((VMConnection | project Machine))')).toMatchObject({ code: 'SemanticError', column: 60 });
    const recursion = errorOf('let f = (x:long) { f(x) }; print f(1)');
    expect(recursion).toMatchObject({ code: 'SemanticError', column: 20 });
    expect(recursion.message).toContain('recursion');
  });

  it('names what mv-apply and top-nested do not support yet', () => {
    expect(errorOf('print l = dynamic([1]) | mv-apply x = l on (join (VMConnection) on Machine)')).toMatchObject({ code: 'Unsupported', column: 45 });
    expect(errorOf('VMConnection | top-nested 2 of Machine with others = 0 by count()')).toMatchObject({ code: 'Unsupported', column: 16 });
  });
});
