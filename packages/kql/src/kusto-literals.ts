/**
 * Kusto literal text to values. Datetimes and timespans become integer microseconds: DuckDB's
 * TIMESTAMP resolution, and an exact integer in a JS number for any date Kusto can hold.
 */

const UNIT_MICROS: Record<string, number> = {
  d: 86_400e6, day: 86_400e6, days: 86_400e6,
  h: 3_600e6, hour: 3_600e6, hours: 3_600e6,
  m: 60e6, min: 60e6, minute: 60e6, minutes: 60e6,
  s: 1e6, sec: 1e6, second: 1e6, seconds: 1e6,
  ms: 1e3, milli: 1e3, millis: 1e3, millisecond: 1e3, milliseconds: 1e3,
  micro: 1, micros: 1, microsecond: 1, microseconds: 1,
  tick: 0.1, ticks: 0.1,
};

/** `5m`, `1.5h`, `100ms`, `1.02:03:04.5`, `00:10:00` → microseconds; undefined when malformed. */
export function parseTimespanMicros(text: string): number | undefined {
  const t = text.trim();
  const unit = /^(-)?(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(t);
  if (unit) {
    const micros = UNIT_MICROS[(unit[3] ?? '').toLowerCase()];
    if (micros === undefined) return undefined;
    const value = Math.round(Number(unit[2]) * micros);
    return unit[1] ? -value : value;
  }
  const clock = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(t);
  if (clock) {
    const [, sign, days = '0', hours = '0', minutes = '0', seconds = '0', fraction = ''] = clock;
    const micros = ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60e6 + Number(seconds) * 1e6
      + Math.round(Number(`0.${fraction || '0'}`) * 1e6);
    return sign ? -micros : micros;
  }
  if (/^-?\d+$/.test(t)) return Number(t) * 86_400e6;
  return undefined;
}

/** `2024-01-02`, `2024-01-02 10:00`, `2024-01-02T10:00:00.123Z` (UTC unless zoned) → microseconds. */
export function parseDatetimeMicros(text: string): number | undefined {
  let t = text.trim().replace(' ', 'T');
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) t += 'T00:00:00';
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(t)) t += 'Z';
  // JS keeps milliseconds only; the rest of a 7-digit fraction is added back by hand.
  const fraction = /\.(\d+)/.exec(t)?.[1] ?? '';
  const ms = Date.parse(t.replace(/\.(\d{3})\d+/, '.$1'));
  if (Number.isNaN(ms)) return undefined;
  const extraMicros = fraction.length > 3 ? Math.floor(Number(`0.${fraction.slice(3)}`.padEnd(5, '0')) * 1000) : 0;
  return ms * 1000 + extraMicros;
}

/** Kusto's `dynamic(...)` text: JSON, also with single-quoted strings. */
export function parseDynamicText(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(text.replace(/'((?:[^'\\]|\\.)*)'/g, (_, inner: string) => JSON.stringify(inner.replace(/\\'/g, "'"))));
  }
}
