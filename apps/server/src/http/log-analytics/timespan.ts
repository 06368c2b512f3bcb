/**
 * ISO-8601 `timespan` values as Log Analytics clients send them: a duration ending now (`PT12H`,
 * `P1D`, Python's `PT86400.0S`), `start/end`, `start/duration` or `duration/end`.
 */

/** A half-open interval `[start, end)`. */
export interface TimeInterval {
  readonly start: Date;
  readonly end: Date;
}

/** The text is no ISO-8601 duration or interval, or the interval runs backwards. */
export class TimespanError extends Error {
  override readonly name = 'TimespanError';
}

const DURATION = /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?!$)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const MAX_MS = 100 * 365 * 86_400_000;

/** Calendar parts (years, months) are applied to a date; the rest is a fixed number of milliseconds. */
interface Duration {
  readonly years: number;
  readonly months: number;
  readonly ms: number;
}

function parseDuration(text: string): Duration | undefined {
  const m = DURATION.exec(text);
  if (m === null) return undefined;
  const n = (i: number): number => Number(m[i] ?? 0);
  const years = n(1);
  const months = n(2);
  if (!Number.isInteger(years) || !Number.isInteger(months)) return undefined;
  const ms = (((n(3) * 7 + n(4)) * 24 + n(5)) * 60 + n(6)) * 60_000 + n(7) * 1000;
  return { years, months, ms: Math.round(ms) };
}

function parseDateTime(text: string): Date | undefined {
  const m = DATE_TIME.exec(text);
  if (m === null) return undefined;
  // No zone means UTC (as Log Analytics reads it), not the server's local time.
  const ms = Date.parse(m[1] === undefined ? `${text.replace(' ', 'T')}${text.length > 10 ? 'Z' : ''}` : text.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** `date` moved by a duration, backwards when `sign` is -1. */
function shift(date: Date, d: Duration, sign: 1 | -1): Date {
  const out = new Date(date.getTime());
  if (d.years !== 0 || d.months !== 0) out.setUTCMonth(out.getUTCMonth() + sign * (d.years * 12 + d.months));
  return new Date(out.getTime() + sign * d.ms);
}

function checked(start: Date, end: Date, text: string): TimeInterval {
  if (!Number.isFinite(start.getTime()) || !Number.isFinite(end.getTime()) || end.getTime() - start.getTime() > MAX_MS) {
    throw new TimespanError(`timespan '${text}' is out of range`);
  }
  if (start.getTime() > end.getTime()) throw new TimespanError(`timespan '${text}' ends before it starts`);
  return { start, end };
}

/** Parses a `timespan`; a bare duration ends at `now`. Throws {@link TimespanError}. */
export function parseTimespan(text: string, now: Date): TimeInterval {
  const trimmed = text.trim();
  const parts = trimmed.split('/');
  if (parts.length === 1) {
    const d = parseDuration(trimmed);
    if (d === undefined) throw new TimespanError(`timespan '${text}' is not an ISO-8601 duration or interval`);
    return checked(shift(now, d, -1), now, text);
  }
  const [left = '', right = ''] = parts;
  if (parts.length === 2) {
    const [startAt, endAt] = [parseDateTime(left), parseDateTime(right)];
    if (startAt !== undefined && endAt !== undefined) return checked(startAt, endAt, text);
    const [startFor, endFor] = [parseDuration(left), parseDuration(right)];
    if (startAt !== undefined && endFor !== undefined) return checked(startAt, shift(startAt, endFor, 1), text);
    if (startFor !== undefined && endAt !== undefined) return checked(shift(endAt, startFor, -1), endAt, text);
  }
  throw new TimespanError(`timespan '${text}' is not an ISO-8601 duration or interval`);
}
