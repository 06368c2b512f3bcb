/** A map's time range: the last N minutes (follows the clock) or a fixed window. */
export type TimeRange =
  | { readonly kind: 'relative'; readonly durationMs: number }
  | { readonly kind: 'absolute'; readonly startMs: number; readonly endMs: number };

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The default range: the last 30 minutes, as the issue asks. */
export const DEFAULT_RANGE: TimeRange = { kind: 'relative', durationMs: 30 * MINUTE_MS };

/** The preset choices of the range picker. */
export const RANGE_PRESETS: readonly { readonly label: string; readonly durationMs: number }[] = [
  { label: 'Last 10 minutes', durationMs: 10 * MINUTE_MS },
  { label: 'Last 30 minutes', durationMs: 30 * MINUTE_MS },
  { label: 'Last hour', durationMs: HOUR_MS },
  { label: 'Last 6 hours', durationMs: 6 * HOUR_MS },
  { label: 'Last 24 hours', durationMs: DAY_MS },
  { label: 'Last 7 days', durationMs: 7 * DAY_MS },
];

/** The window a range stands for at `nowMs`, as ISO strings for the API. */
export function resolveRange(range: TimeRange, nowMs: number): { startTime: string; endTime: string } {
  const [start, end] = range.kind === 'relative' ? [nowMs - range.durationMs, nowMs] : [range.startMs, range.endMs];
  return { startTime: new Date(start).toISOString(), endTime: new Date(end).toISOString() };
}

/** `30m`, `6h`, `7d` for relative ranges; `{startISO}~{endISO}` for fixed ones. */
export function encodeRange(range: TimeRange): string {
  if (range.kind === 'absolute') return `${new Date(range.startMs).toISOString()}~${new Date(range.endMs).toISOString()}`;
  const { durationMs } = range;
  if (durationMs % DAY_MS === 0) return `${durationMs / DAY_MS}d`;
  if (durationMs % HOUR_MS === 0) return `${durationMs / HOUR_MS}h`;
  return `${Math.round(durationMs / MINUTE_MS)}m`;
}

const UNIT_MS: Readonly<Record<string, number>> = { m: MINUTE_MS, h: HOUR_MS, d: DAY_MS };

/** Parses {@link encodeRange}'s text; undefined for anything else (the caller falls back to the default). */
export function decodeRange(text: string | null | undefined): TimeRange | undefined {
  if (text === null || text === undefined || text === '') return undefined;
  const relative = /^(\d{1,5})([mhd])$/.exec(text);
  if (relative) {
    const durationMs = Number(relative[1]) * (UNIT_MS[relative[2] ?? ''] ?? 0);
    return durationMs > 0 ? { kind: 'relative', durationMs } : undefined;
  }
  const [start, end, ...rest] = text.split('~');
  if (start === undefined || end === undefined || rest.length > 0) return undefined;
  const startMs = Date.parse(start);
  const endMs = Date.parse(end);
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || startMs >= endMs) return undefined;
  return { kind: 'absolute', startMs, endMs };
}

/**
 * Checks a custom range against retention: start before end, and start no older than the
 * workspace keeps data. Answers a message for the user, or undefined when the range is fine.
 */
export function checkCustomRange(startMs: number, endMs: number, nowMs: number, retentionDays: number): string | undefined {
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) return 'Enter a start and an end.';
  if (startMs >= endMs) return 'The start must be before the end.';
  if (startMs < nowMs - retentionDays * DAY_MS) return `The start is older than the ${retentionDays}-day retention.`;
  if (startMs > nowMs) return 'The start is in the future.';
  return undefined;
}

/** A short label of a range for the toolbar. */
export function describeRange(range: TimeRange): string {
  if (range.kind === 'relative') {
    return RANGE_PRESETS.find((p) => p.durationMs === range.durationMs)?.label ?? `Last ${encodeRange(range)}`;
  }
  const format = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  return `${format(range.startMs)} – ${format(range.endMs)} UTC`;
}

/** The range as the ISO-8601 interval (`start/end`) the Log Analytics query API takes as `timespan`. */
export function isoInterval(range: TimeRange, nowMs: number): string {
  const { startTime, endTime } = resolveRange(range, nowMs);
  return `${startTime}/${endTime}`;
}
