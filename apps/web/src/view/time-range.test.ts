import { describe, expect, it } from 'vitest';
import { checkCustomRange, decodeRange, describeRange, encodeRange, resolveRange } from './time-range.js';

const NOW = Date.parse('2025-01-01T12:00:00Z');

describe('time ranges', () => {
  it('encodes relative ranges in their largest whole unit and decodes them back', () => {
    for (const [ms, text] of [[30 * 60_000, '30m'], [3_600_000, '1h'], [7 * 86_400_000, '7d'], [90 * 60_000, '90m']] as const) {
      expect(encodeRange({ kind: 'relative', durationMs: ms })).toBe(text);
      expect(decodeRange(text)).toEqual({ kind: 'relative', durationMs: ms });
    }
  });

  it('decodes fixed windows and refuses reversed or malformed ones', () => {
    expect(decodeRange('2025-01-01T00:00:00.000Z~2025-01-01T01:00:00.000Z')).toEqual({
      kind: 'absolute', startMs: Date.parse('2025-01-01T00:00:00Z'), endMs: Date.parse('2025-01-01T01:00:00Z'),
    });
    expect(decodeRange('2025-01-01T01:00:00Z~2025-01-01T00:00:00Z')).toBeUndefined();
    expect(decodeRange('0m')).toBeUndefined();
    expect(decodeRange('a~b')).toBeUndefined();
  });

  it('resolves a relative range against the clock', () => {
    expect(resolveRange({ kind: 'relative', durationMs: 30 * 60_000 }, NOW)).toEqual({
      startTime: '2025-01-01T11:30:00.000Z', endTime: '2025-01-01T12:00:00.000Z',
    });
  });

  it('keeps custom ranges within retention', () => {
    expect(checkCustomRange(NOW - 3_600_000, NOW, NOW, 30)).toBeUndefined();
    expect(checkCustomRange(NOW, NOW - 1, NOW, 30)).toMatch(/before/);
    expect(checkCustomRange(NOW - 31 * 86_400_000, NOW, NOW, 30)).toMatch(/30-day retention/);
  });

  it('names presets by their label', () => {
    expect(describeRange({ kind: 'relative', durationMs: 30 * 60_000 })).toBe('Last 30 minutes');
  });
});
