import { describe, expect, it } from 'vitest';
import { DEFAULT_WAIT_SECONDS, parsePreferHeader } from './prefer-header.js';

describe('parsePreferHeader', () => {
  it('reads the preferences the SDKs join with commas', () => {
    expect(parsePreferHeader('wait=30,include-statistics=true,include-render=true')).toEqual({
      waitSeconds: 30, includeStatistics: true, includeRender: true, includeDataSources: false,
    });
    expect(parsePreferHeader('include-dataSources=true, wait=5')).toMatchObject({ waitSeconds: 5, includeDataSources: true });
  });

  it('defaults to 180 s and nothing included, and caps the wait at the maximum', () => {
    expect(parsePreferHeader(undefined)).toEqual({
      waitSeconds: DEFAULT_WAIT_SECONDS, includeStatistics: false, includeRender: false, includeDataSources: false,
    });
    expect(parsePreferHeader('wait=100000').waitSeconds).toBe(600);
    expect(parsePreferHeader('wait=100', 60).waitSeconds).toBe(60);
    // A server's own default wait, used only when the client states none.
    expect(parsePreferHeader(undefined, 600, 30).waitSeconds).toBe(30);
    expect(parsePreferHeader('wait=45', 600, 30).waitSeconds).toBe(45);
  });

  it('ignores malformed and unknown preferences instead of failing', () => {
    expect(parsePreferHeader('wait=soon,include-statistics=maybe,respond-async,=,,').waitSeconds).toBe(DEFAULT_WAIT_SECONDS);
    expect(parsePreferHeader('wait=-3').waitSeconds).toBe(DEFAULT_WAIT_SECONDS);
    expect(parsePreferHeader(['wait=7', 'include-render=true'])).toMatchObject({ waitSeconds: 7, includeRender: true });
  });
});
