import { describe, expect, it } from 'vitest';
import { failureStateOf, worstFailureState, zeroCounters } from './failure-state.js';

describe('failureStateOf', () => {
  it('is ok without failed attempts, failed when nothing came up, mixed otherwise', () => {
    expect(failureStateOf({ ...zeroCounters(), linksEstablished: 3 })).toBe('ok');
    expect(failureStateOf({ ...zeroCounters(), linksFailed: 2 })).toBe('failed');
    expect(failureStateOf({ ...zeroCounters(), linksFailed: 2, linksEstablished: 1 })).toBe('mixed');
    // A link closed in the window was up at some point, even if it was opened before.
    expect(failureStateOf({ ...zeroCounters(), linksFailed: 1, linksTerminated: 1 })).toBe('mixed');
    expect(failureStateOf({ ...zeroCounters(), linksFailed: 1, linksLive: 1 })).toBe('mixed');
  });
});

describe('worstFailureState', () => {
  it('lets one failure mark the whole group', () => {
    expect(worstFailureState([])).toBe('ok');
    expect(worstFailureState(['ok', 'mixed', 'ok'])).toBe('mixed');
    expect(worstFailureState(['ok', 'failed', 'mixed'])).toBe('failed');
  });
});
