import { Type } from 'typebox';
import { ApiError } from '../../errors.js';

/** Azure's default live interval: the ten minutes before now. */
export const DEFAULT_LIVE_WINDOW_MS = 10 * 60_000;

/** A half-open interval [from, to) of server time. */
export interface TimeWindow {
  readonly from: Date;
  readonly to: Date;
}

const DateTimeParam = (description: string) => Type.Optional(Type.String({ description }));

/** `startTime`/`endTime` query parameters (defaults now − 10 min / now). */
export const TimeWindowQuery = {
  startTime: DateTimeParam('Start of the interval, ISO-8601 (default: endTime - 10 minutes)'),
  endTime: DateTimeParam('End of the interval, ISO-8601 (default: now)'),
};

/** `timestamp` query parameter (inventory as of; default now). */
export const TimestampQuery = {
  timestamp: DateTimeParam('Point in time, ISO-8601: the latest version not after it (default: now)'),
};

// ISO-8601 date-time with a zone, as SDKs send it (`toISOString()`); `Date.parse` alone would
// also take "March 7" or a bare number, which Azure refuses.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

// V8 rolls 2025-02-30 over to March and takes hour 24: check the fields themselves.
function fieldsValid(value: string): boolean {
  const [year, month, day, hour, minute, second] = value.split(/[-T:.Z+]/i).map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day &&
    (hour ?? 0) < 24 && (minute ?? 0) < 60 && (second ?? 0) < 60;
}

/** Parses an ISO-8601 date-time parameter; 400 InvalidRequest naming it when malformed. */
export function parseDateParam(name: string, value: string): Date {
  const ms = ISO_DATE_TIME.test(value) && fieldsValid(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new ApiError('InvalidRequest', `${name} is not a valid ISO-8601 date-time: ${value}`);
  return new Date(ms);
}

/**
 * The live interval of a request: `startTime`/`endTime` with Azure's defaults (end = now, start
 * = end − 10 minutes). 400 when either is malformed or start is after end.
 */
export function liveWindowOf(query: { startTime?: string; endTime?: string }, now: Date): TimeWindow {
  const to = query.endTime === undefined ? now : parseDateParam('endTime', query.endTime);
  const from = query.startTime === undefined
    ? new Date(to.getTime() - DEFAULT_LIVE_WINDOW_MS)
    : parseDateParam('startTime', query.startTime);
  if (from.getTime() > to.getTime()) throw new ApiError('InvalidRequest', 'startTime must not be after endTime.');
  return { from, to };
}

/** The inventory point in time of a request: `timestamp`, default now. */
export function timestampOf(query: { timestamp?: string }, now: Date): Date {
  return query.timestamp === undefined ? now : parseDateParam('timestamp', query.timestamp);
}
