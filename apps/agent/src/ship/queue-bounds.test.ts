import { describe, expect, it } from 'vitest';
import { assertQueueLimits, excessOldest } from './queue-bounds.js';

describe('excessOldest', () => {
  it('drops nothing while both bounds hold', () => {
    expect(excessOldest([10, 10, 10], { maxBytes: 30, maxBatches: 3 })).toBe(0);
    expect(excessOldest([], { maxBytes: 1, maxBatches: 1 })).toBe(0);
  });

  it('drops the oldest until the batch count fits', () => {
    expect(excessOldest([1, 1, 1, 1, 1], { maxBytes: 1000, maxBatches: 2 })).toBe(3);
  });

  it('drops the oldest until the byte total fits, counting their real sizes', () => {
    // Dropping the 50 alone brings 80 down to 30: the small newer ones stay.
    expect(excessOldest([50, 10, 10, 10], { maxBytes: 30, maxBatches: 100 })).toBe(1);
    expect(excessOldest([5, 5, 50, 10], { maxBytes: 30, maxBatches: 100 })).toBe(3);
  });

  it('drops everything when even the newest alone is too big', () => {
    expect(excessOldest([5, 50], { maxBytes: 30, maxBatches: 100 })).toBe(2);
  });

  it('refuses limits that cannot hold one batch', () => {
    expect(() => { assertQueueLimits({ maxBytes: 0, maxBatches: 1 }); }).toThrow(/maxBytes/);
    expect(() => { assertQueueLimits({ maxBytes: 1, maxBatches: 1.5 }); }).toThrow(/maxBatches/);
  });
});
