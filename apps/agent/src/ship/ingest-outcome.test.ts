import { describe, expect, it } from 'vitest';
import { classifyIngestStatus } from './ingest-outcome.js';

describe('classifyIngestStatus', () => {
  it('acknowledges only 200', () => {
    expect(classifyIngestStatus(200)).toBe('ack');
    expect(classifyIngestStatus(204)).toBe('retry');
  });

  it('treats 400 and 413 as permanent for the batch', () => {
    expect(classifyIngestStatus(400)).toBe('permanent');
    expect(classifyIngestStatus(413)).toBe('permanent');
  });

  it('retries credentials, timeouts, throttling, server errors and anything unexpected', () => {
    for (const status of [401, 403, 404, 408, 429, 500, 502, 503, 504, 302]) {
      expect(classifyIngestStatus(status)).toBe('retry');
    }
  });
});
