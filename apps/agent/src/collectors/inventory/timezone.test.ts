import { describe, expect, it } from 'vitest';
import { timezoneOf } from './timezone.js';

describe('timezoneOf', () => {
  it('prefers /etc/timezone', () => {
    expect(timezoneOf('Europe/Berlin\n', '/usr/share/zoneinfo/Etc/UTC', 'X')).toBe('Europe/Berlin');
  });

  it('reads the zone from the /etc/localtime link target, relative or absolute', () => {
    expect(timezoneOf(undefined, '/usr/share/zoneinfo/Etc/UTC', 'X')).toBe('Etc/UTC');
    expect(timezoneOf('', '../usr/share/zoneinfo/America/New_York', 'X')).toBe('America/New_York');
    expect(timezoneOf(undefined, '/usr/share/zoneinfo/posix/Asia/Tokyo', 'X')).toBe('Asia/Tokyo');
  });

  it('falls back when /etc/localtime is a copy rather than a link', () => {
    expect(timezoneOf(undefined, undefined, 'UTC')).toBe('UTC');
    expect(timezoneOf('# nothing\n', '/etc/some-file', 'UTC')).toBe('UTC');
  });
});
