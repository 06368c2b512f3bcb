import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { normaliseCommandLine, processPoolId } from './process-pool-id.js';

const sha1Hex = (text: string): string => createHash('sha1').update(text).digest('hex');
const identity = {
  machine: 'm-4b9c93f9-bc37-46df-b43c-899ba829e07b',
  executablePath: '/usr/sbin/nginx',
  commandLine: ['nginx:', 'master', 'process', '/usr/sbin/nginx', '-g', 'daemon off;'],
  userName: 'root',
};

describe('processPoolId', () => {
  it('hashes the four fields joined by NUL, as the agent does', () => {
    const text = `${identity.machine}\0/usr/sbin/nginx\0nginx: master process /usr/sbin/nginx -g daemon off;\0root`;
    expect(processPoolId(identity, sha1Hex)).toBe(`p-${sha1Hex(text)}`);
  });

  it('is the same for argv and the joined line, and differs per user and machine', () => {
    const id = processPoolId(identity, sha1Hex);
    expect(processPoolId({ ...identity, commandLine: identity.commandLine.join('  ') }, sha1Hex)).toBe(id);
    expect(processPoolId({ ...identity, userName: 'www-data' }, sha1Hex)).not.toBe(id);
    expect(processPoolId({ ...identity, machine: 'm-00000000-0000-4000-8000-000000000000' }, sha1Hex)).not.toBe(id);
  });

  it('refuses a hash function that does not return SHA-1 hex', () => {
    expect(() => processPoolId(identity, () => 'ABC')).toThrow(/40/);
  });
});

describe('normaliseCommandLine', () => {
  it('collapses whitespace and cuts at 1 KiB', () => {
    expect(normaliseCommandLine('  a \t b\n')).toBe('a b');
    expect(normaliseCommandLine(['x'.repeat(2000)])).toHaveLength(1024);
  });
});
