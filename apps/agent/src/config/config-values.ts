/**
 * Parsers for setting values. Each takes what a flag, an environment variable or a JSON file
 * gives (string, number or boolean) and returns the typed value, or throws a plain message
 * saying what was expected; the loader adds which setting and where it came from.
 */

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { '': 1, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
};

/** A non-empty string, trimmed. */
export function parseText(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new Error('expected a non-empty string');
  return raw.trim();
}

/** An http(s) URL without query or fragment; returned without a trailing slash. */
export function parseServerUrl(raw: unknown): string {
  const text = parseText(raw);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`expected a URL like https://servicemap.example:8443, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`expected an http:// or https:// URL, got "${text}"`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new Error(`expected a URL without credentials, query or fragment, got "${text}"`);
  }
  return url.href.replace(/\/+$/, '');
}

/** A GUID. */
export function parseUuid(raw: unknown): string {
  const text = parseText(raw);
  if (!UUID.test(text)) throw new Error(`expected a GUID like 2b1e8a70-1d2c-4a8e-9a51-0c3f5e9d7b11, got "${text}"`);
  return text.toLowerCase();
}

/** true/false, also 1/0, yes/no, on/off (environment variables are strings). */
export function parseBoolean(raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : String(raw);
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  throw new Error(`expected true or false, got "${String(raw)}"`);
}

/** One of the given words. */
export function parseChoice<T extends string>(choices: readonly T[]): (raw: unknown) => T {
  return (raw) => {
    const text = parseText(raw).toLowerCase();
    const found = choices.find((c) => c === text);
    if (found === undefined) throw new Error(`expected one of ${choices.join(', ')}, got "${String(raw)}"`);
    return found;
  };
}

/** A duration: a number of milliseconds, or `500ms`, `15s`, `2m`, `1h`; within [minMs, maxMs]. */
export function parseDurationMs(minMs: number, maxMs: number): (raw: unknown) => number {
  return (raw) => {
    const ms = typeof raw === 'number' ? raw : scaled(parseText(raw), DURATION_UNITS_MS, 'a duration like 15s');
    return inRange(ms, minMs, maxMs, 'ms');
  };
}

/** A size: a number of bytes, or `512KiB`, `256MiB`, `1GiB` (also k, m, g); within [min, max]. */
export function parseByteSize(minBytes: number, maxBytes: number): (raw: unknown) => number {
  return (raw) => {
    const bytes = typeof raw === 'number' ? raw : scaled(parseText(raw), SIZE_UNITS, 'a size like 256MiB');
    return inRange(bytes, minBytes, maxBytes, 'bytes');
  };
}

/** A whole count within [min, max]. */
export function parseCount(min: number, max: number): (raw: unknown) => number {
  return (raw) => {
    const value = typeof raw === 'number' ? raw : scaled(parseText(raw), { '': 1 }, 'a whole number');
    return inRange(value, min, max, '');
  };
}

function scaled(text: string, units: Readonly<Record<string, number>>, expected: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(text);
  const factor = match === null ? undefined : units[(match[2] ?? '').toLowerCase()];
  if (match === null || factor === undefined) throw new Error(`expected ${expected}, got "${text}"`);
  return Math.round(Number(match[1]) * factor);
}

function inRange(value: number, min: number, max: number, unit: string): number {
  const suffix = unit === '' ? '' : ` ${unit}`;
  if (!Number.isSafeInteger(value)) throw new Error(`expected a whole number${suffix}, got ${value}`);
  if (value < min || value > max) throw new Error(`expected ${min}..${max}${suffix}, got ${value}`);
  return value;
}
