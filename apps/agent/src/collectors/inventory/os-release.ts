/** The fields of os-release(5) the inventory uses. */
export interface OsRelease {
  /** `PRETTY_NAME`, else `NAME VERSION`, else `Linux`. */
  readonly fullName: string;
  /** `VERSION_ID`, empty when absent (rolling releases such as Arch have none). */
  readonly versionId: string;
  /** `ID` (debian, ubuntu, rhel…), empty when absent. */
  readonly id: string;
}

/**
 * Parses os-release(5) text: `KEY=value` lines, values optionally in single or double quotes,
 * with backslash escapes inside double quotes; comments and malformed lines are ignored.
 */
export function parseOsReleaseFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    fields.set(match[1], unquote(match[2]));
  }
  return fields;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(["\\`$])/g, '$1');
  }
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  return value;
}

/** The operating system's names from os-release text (undefined text: the file was missing). */
export function parseOsRelease(text: string | undefined): OsRelease {
  const fields = parseOsReleaseFields(text ?? '');
  const name = fields.get('NAME') ?? '';
  const version = fields.get('VERSION') ?? '';
  const composed = `${name} ${version}`.trim();
  return {
    fullName: fields.get('PRETTY_NAME') ?? (composed === '' ? 'Linux' : composed),
    versionId: fields.get('VERSION_ID') ?? '',
    id: fields.get('ID') ?? '',
  };
}
