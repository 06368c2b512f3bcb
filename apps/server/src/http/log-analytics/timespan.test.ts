import { describe, expect, it } from 'vitest';
import { parseTimespan, TimespanError } from './timespan.js';

const NOW = new Date('2025-03-10T12:00:00.000Z');
const iso = (text: string): [string, string] => {
  const t = parseTimespan(text, NOW);
  return [t.start.toISOString(), t.end.toISOString()];
};

describe('parseTimespan', () => {
  it('reads a bare duration as ending now, in every form clients send', () => {
    expect(iso('PT12H')).toEqual(['2025-03-10T00:00:00.000Z', '2025-03-10T12:00:00.000Z']);
    expect(iso('P1D')).toEqual(['2025-03-09T12:00:00.000Z', '2025-03-10T12:00:00.000Z']);
    expect(iso('PT86400.0S')).toEqual(['2025-03-09T12:00:00.000Z', '2025-03-10T12:00:00.000Z']);
    expect(iso('P1W')).toEqual(['2025-03-03T12:00:00.000Z', '2025-03-10T12:00:00.000Z']);
    expect(iso('P1DT1H30M')).toEqual(['2025-03-09T10:30:00.000Z', '2025-03-10T12:00:00.000Z']);
    expect(iso('pt5m')).toEqual(['2025-03-10T11:55:00.000Z', '2025-03-10T12:00:00.000Z']);
  });

  it('applies months on the calendar', () => {
    expect(iso('P1M')).toEqual(['2025-02-10T12:00:00.000Z', '2025-03-10T12:00:00.000Z']);
  });

  it('reads start/end, start/duration and duration/end', () => {
    expect(iso('2025-01-01T00:00:00Z/2025-01-02T00:00:00Z')).toEqual(['2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z']);
    expect(iso('2025-01-01T00:00:00.123Z/PT1H')).toEqual(['2025-01-01T00:00:00.123Z', '2025-01-01T01:00:00.123Z']);
    expect(iso('PT1H/2025-01-01T00:00:00Z')).toEqual(['2024-12-31T23:00:00.000Z', '2025-01-01T00:00:00.000Z']);
    expect(iso('2025-01-01T02:00:00+02:00/2025-01-01T03:00:00Z')).toEqual(['2025-01-01T00:00:00.000Z', '2025-01-01T03:00:00.000Z']);
  });

  it('reads the fractions and offsets Python and .NET clients write', () => {
    expect(iso('2025-01-01T00:00:00.123456+00:00/2025-01-01T01:00:00.1234567Z')).toEqual(['2025-01-01T00:00:00.123Z', '2025-01-01T01:00:00.123Z']);
    expect(iso('2025-01-01T00:00:00+0100/PT1H')).toEqual(['2024-12-31T23:00:00.000Z', '2025-01-01T00:00:00.000Z']);
  });

  it('reads dates without a zone as UTC', () => {
    expect(iso('2025-01-01/2025-01-02')).toEqual(['2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z']);
    expect(iso('2025-01-01T06:00:00/PT1H')).toEqual(['2025-01-01T06:00:00.000Z', '2025-01-01T07:00:00.000Z']);
  });

  it('refuses what is not a duration or interval, and intervals that run backwards', () => {
    for (const bad of ['', 'P', 'PT', '12H', 'P1.5M', 'yesterday', '2025-01-02/2025-01-01', 'PT1H/PT2H', 'a/b/c', '2025-13-45/PT1H', 'P99999Y']) {
      expect(() => parseTimespan(bad, NOW), bad).toThrow(TimespanError);
    }
  });
});
