/** Exponential backoff bounds: the ceiling doubles from `baseMs` per failure up to `capMs`. */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

/** 1 s doubling to 5 min: a fleet of agents reaches a recovering server spread over minutes. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 300_000 };

/** The largest delay allowed after `failures` consecutive failures (1 = the first failure). */
export function backoffCeilingMs(failures: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, failures - 1);
  // 2 ** 40 * any sane base is already far past any cap; stop there to stay finite.
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(exponent, 40));
}

/**
 * Full jitter (uniform in [0, ceiling)): after an outage, thousands of agents must not retry in
 * lock-step, and full jitter spreads them best for the least total wait. A server's Retry-After
 * raises the delay to at least what it asked, still within the cap.
 */
export function backoffDelayMs(
  failures: number,
  policy: BackoffPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const jittered = Math.floor(random() * backoffCeilingMs(failures, policy));
  const floor = retryAfterMs === undefined ? 0 : Math.min(policy.capMs, retryAfterMs);
  return Math.max(jittered, floor);
}

/** Parses a Retry-After header (delta seconds or an HTTP date) into milliseconds from `nowMs`. */
export function parseRetryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
