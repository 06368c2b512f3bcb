import { randomBytes } from 'node:crypto';

/*
 * Kusto's long is 64-bit and Log Analytics writes it as a JSON number with all its digits; JS
 * numbers hold integers exactly only up to 2^53. Query cells beyond that stay BigInt (see
 * toQueryCell) and are written here as bare digits, so a client that reads JSON numbers exactly
 * (Python, .NET, jq) gets the stored value. JS clients round it, as they do with Log Analytics.
 */

// A marker no cell can hold: a string carrying it is unguessable (random per process).
const MARK = `__exact_integer_${randomBytes(12).toString('hex')}__`;
const MARKED = new RegExp(`"${MARK}(-?\\d+)${MARK}"`, 'g');

/** JSON.stringify that writes BigInt values as JSON numbers with every digit. */
export function exactJson(data: unknown): string {
  try {
    // The common case, at JSON.stringify's own speed: nothing to mark.
    return JSON.stringify(data);
  } catch (error) {
    if (!(error instanceof TypeError) || !/BigInt/i.test(error.message)) throw error;
  }
  const text = JSON.stringify(data, (_key, value: unknown) => (typeof value === 'bigint' ? `${MARK}${value}${MARK}` : value));
  return text.replace(MARKED, '$1');
}
