import { describe, expect, it } from 'vitest';
import {
  parseBoolean,
  parseByteSize,
  parseChoice,
  parseCount,
  parseDurationMs,
  parseServerUrl,
  parseUuid,
} from './config-values.js';

describe('setting value parsers', () => {
  it('reads durations as milliseconds or with a unit, within range', () => {
    const duration = parseDurationMs(1_000, 3_600_000);
    expect(duration('15s')).toBe(15_000);
    expect(duration('1500ms')).toBe(1_500);
    expect(duration('2m')).toBe(120_000);
    expect(duration('1h')).toBe(3_600_000);
    expect(duration('1.5s')).toBe(1_500);
    expect(duration(2_000)).toBe(2_000);
    expect(duration('2000')).toBe(2_000);
    expect(() => duration('500ms')).toThrow('expected 1000..3600000 ms, got 500');
    expect(() => duration('soon')).toThrow('expected a duration like 15s, got "soon"');
    expect(() => duration('5d')).toThrow(/duration/);
  });

  it('reads sizes in bytes or binary units', () => {
    const size = parseByteSize(1, 2 ** 40);
    expect(size('256MiB')).toBe(256 * 1024 * 1024);
    expect(size('512k')).toBe(512 * 1024);
    expect(size('1GiB')).toBe(1024 ** 3);
    expect(size(4096)).toBe(4096);
    expect(() => size('12 parsecs')).toThrow(/size like 256MiB/);
    expect(() => size(-1)).toThrow(/1\.\.1099511627776 bytes/);
  });

  it('reads counts as whole numbers', () => {
    expect(parseCount(1, 10)('7')).toBe(7);
    expect(() => parseCount(1, 10)(2.5)).toThrow(/whole number/);
    expect(() => parseCount(1, 10)('0')).toThrow('expected 1..10, got 0');
  });

  it('reads booleans the ways environments spell them', () => {
    for (const yes of [true, 'true', '1', 'YES', 'on']) expect(parseBoolean(yes)).toBe(true);
    for (const no of [false, 'false', '0', 'no', 'Off']) expect(parseBoolean(no)).toBe(false);
    expect(() => parseBoolean('maybe')).toThrow('expected true or false, got "maybe"');
  });

  it('accepts http and https server URLs only, without credentials or query', () => {
    expect(parseServerUrl('https://sm.example:8443/')).toBe('https://sm.example:8443');
    expect(parseServerUrl('http://127.0.0.1:8080/prefix/')).toBe('http://127.0.0.1:8080/prefix');
    expect(() => parseServerUrl('sm.example')).toThrow(/expected a URL/);
    expect(() => parseServerUrl('ftp://sm.example')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseServerUrl('https://u:p@sm.example')).toThrow(/without credentials/);
  });

  it('accepts GUIDs (normalised to lower case) and listed choices', () => {
    expect(parseUuid('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(() => parseUuid('workspace-1')).toThrow(/expected a GUID/);
    expect(parseChoice(['own', 'all'])('OWN')).toBe('own');
    expect(() => parseChoice(['own', 'all'])('some')).toThrow('expected one of own, all, got "some"');
  });
});
