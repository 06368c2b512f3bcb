import { describe, expect, it } from 'vitest';
import { ApiError } from '../../errors.js';
import { liveWindowOf, parseDateParam, timestampOf } from './time-window.js';

const NOW = new Date('2025-01-01T12:00:00.000Z');

describe('time windows', () => {
  it('defaults to the ten minutes before now, or before endTime', () => {
    expect(liveWindowOf({}, NOW)).toEqual({ from: new Date('2025-01-01T11:50:00Z'), to: NOW });
    expect(liveWindowOf({ endTime: '2025-01-01T06:00:00Z' }, NOW))
      .toEqual({ from: new Date('2025-01-01T05:50:00Z'), to: new Date('2025-01-01T06:00:00Z') });
  });

  it('accepts the forms Azure clients send: Z, offsets, 7 fraction digits', () => {
    expect(parseDateParam('t', '2025-01-01T01:02:03.1234567Z').toISOString()).toBe('2025-01-01T01:02:03.123Z');
    expect(parseDateParam('t', '2025-01-01T01:02:03+02:00').toISOString()).toBe('2024-12-31T23:02:03.000Z');
    expect(parseDateParam('t', '2024-02-29T23:59:59-05:00').toISOString()).toBe('2024-03-01T04:59:59.000Z');
  });

  it('refuses malformed dates with a 400 naming the parameter, and inverted windows', () => {
    for (const bad of ['yesterday', '1735689600000', '2025-01-01', '2025-02-30T00:00:00', '2025-02-30T00:00:00Z',
      '2025-01-01T24:00:00Z', '2025-01-01T10:60:00Z', '2025-13-01T00:00:00Z']) {
      expect(() => parseDateParam('startTime', bad), bad).toThrow(ApiError);
    }
    expect(() => timestampOf({ timestamp: 'soon' }, NOW)).toThrow(/timestamp/);
    expect(() => liveWindowOf({ startTime: '2025-01-01T13:00:00Z' }, NOW)).toThrow(/startTime must not be after endTime/);
  });

  it('timestamp defaults to now', () => {
    expect(timestampOf({}, NOW)).toBe(NOW);
  });
});
