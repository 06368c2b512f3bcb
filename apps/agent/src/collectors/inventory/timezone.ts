/**
 * The machine's time zone name (`Europe/Berlin`, `Etc/UTC`): /etc/timezone (Debian, Ubuntu) when
 * present, else the zone the /etc/localtime symlink points into (`../usr/share/zoneinfo/Etc/UTC`,
 * the systemd layout), else `fallback` (the runtime's own idea, which reads the same files).
 */
export function timezoneOf(timezoneFile: string | undefined, localtimeTarget: string | undefined, fallback: string): string {
  const fromFile = (timezoneFile ?? '').split('\n')[0]?.trim() ?? '';
  if (fromFile !== '' && !fromFile.startsWith('#')) return fromFile;
  const marker = 'zoneinfo/';
  const at = (localtimeTarget ?? '').lastIndexOf(marker);
  if (localtimeTarget !== undefined && at >= 0) {
    const zone = localtimeTarget.slice(at + marker.length).replace(/^(posix|right)\//, '');
    if (zone !== '') return zone;
  }
  return fallback;
}
