import { describe, expect, it } from 'vitest';
import { parseOsRelease, parseOsReleaseFields } from './os-release.js';

describe('parseOsRelease', () => {
  it('reads PRETTY_NAME and VERSION_ID from Debian', () => {
    const text = [
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
      'NAME="Debian GNU/Linux"',
      'VERSION_ID="12"',
      'ID=debian',
    ].join('\n');
    expect(parseOsRelease(text)).toEqual({ fullName: 'Debian GNU/Linux 12 (bookworm)', versionId: '12', id: 'debian' });
  });

  it('composes NAME and VERSION when PRETTY_NAME is missing, and has no version on rolling releases', () => {
    expect(parseOsRelease('NAME=Arch\nVERSION="rolling"\n')).toEqual({ fullName: 'Arch rolling', versionId: '', id: '' });
    expect(parseOsRelease('ID=arch\n').fullName).toBe('Linux');
    expect(parseOsRelease(undefined)).toEqual({ fullName: 'Linux', versionId: '', id: '' });
  });

  it('unquotes single and double quotes with escapes, and skips comments and junk', () => {
    const fields = parseOsReleaseFields(
      `# comment\nA='single "x"'\nB="say \\"hi\\" \\$HOME"\nnot a field\nC=plain\n  D="spaced"  \n`,
    );
    expect(Object.fromEntries(fields)).toEqual({ A: 'single "x"', B: 'say "hi" $HOME', C: 'plain', D: 'spaced' });
  });
});
