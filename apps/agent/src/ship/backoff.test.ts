import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, backoffDelayMs, parseRetryAfterMs } from './backoff.js';

const policy = { baseMs: 1_000, capMs: 300_000 };

describe('backoff', () => {
  it('doubles the ceiling per failure from the base up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((f) => backoffCeilingMs(f, policy))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(backoffCeilingMs(9, policy)).toBe(256_000);
    expect(backoffCeilingMs(10, policy)).toBe(300_000);
    expect(backoffCeilingMs(10_000, policy)).toBe(300_000);
  });

  it('draws the delay uniformly below the ceiling (full jitter)', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(2_000);
    expect(backoffDelayMs(3, policy, () => 0.999_999)).toBe(3_999);
    expect(backoffDelayMs(50, policy, () => 0.5)).toBe(150_000);
  });

  it('waits at least what Retry-After asks, but never past the cap', () => {
    expect(backoffDelayMs(1, policy, () => 0.1, 30_000)).toBe(30_000);
    expect(backoffDelayMs(10, policy, () => 0.9, 30_000)).toBe(270_000);
    expect(backoffDelayMs(1, policy, () => 0, 3_600_000)).toBe(300_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(parseRetryAfterMs('7', now)).toBe(7_000);
    expect(parseRetryAfterMs('Wed, 25 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Wed, 25 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
  });
});
