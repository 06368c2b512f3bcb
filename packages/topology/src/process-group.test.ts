import { describe, expect, it } from 'vitest';
import { normalizeExecutableName, processGroupOf } from './process-group.js';

describe('normalizeExecutableName', () => {
  it.each([
    ['python3.11', 'python'],
    ['python3', 'python'],
    ['pypy3', 'pypy'],
    ['php-fpm8.2', 'php-fpm'],
    ['php8.2', 'php'],
    ['/usr/lib/postgresql/15/bin/postgres', 'postgres'],
    ['postgresql-15', 'postgresql'],
    ['mariadb-10.11', 'mariadb'],
    ['openjdk-17', 'openjdk'],
    ['lua5.4', 'lua'],
    ['C:\\Program Files\\nginx\\nginx.exe', 'nginx'],
    ['SQLSERVR.EXE', 'sqlservr'],
    // A bare trailing digit belongs to the name unless the name is a versioned runtime.
    ['bzip2', 'bzip2'],
    ['lz4', 'lz4'],
    ['e2fsprogs', 'e2fsprogs'],
    ['x86_64-linux-gnu-gcc-12', 'x86_64-linux-gnu-gcc'],
    ['beam.smp', 'beam.smp'],
    ['redis-server', 'redis-server'],
    ['', ''],
  ])('%s → %s', (name, expected) => {
    expect(normalizeExecutableName(name)).toBe(expected);
  });
});

describe('processGroupOf', () => {
  it.each([
    // [executableName, productName, group]
    ['nginx', 'nginx', 'nginx'],
    ['nginx', undefined, 'nginx'],
    ['postgres', 'postgresql-15', 'postgresql'],
    ['postgres', undefined, 'postgresql'],
    ['postgres', 'postgresql15-server', 'postgresql'],
    ['apache2', 'apache2', 'apache'],
    ['httpd', 'httpd', 'apache'],
    ['httpd', undefined, 'apache'],
    ['redis-server', 'redis', 'redis'],
    ['redis-server', undefined, 'redis'],
    ['java', 'openjdk-17', 'java'],
    ['java', 'java-17-openjdk-headless', 'java'],
    ['java', undefined, 'java'],
    ['python3.11', 'python3.11', 'python'],
    ['python3.11', undefined, 'python'],
    ['php-fpm8.2', undefined, 'php-fpm'],
    ['php-fpm8.2', 'php8.2', 'php'],
    ['mysqld', 'mysql-8.0', 'mysql'],
    ['mariadbd', 'mariadb', 'mariadb'],
    ['mongod', undefined, 'mongodb'],
    ['slapd', 'openldap', 'openldap'],
    ['smbd', 'samba', 'samba'],
    ['node', 'nodejs', 'node'],
    ['sqlservr.exe', undefined, 'mssql-server'],
    ['ls', 'coreutils', 'coreutils'],
    // An empty product name falls back to the executable.
    ['myapp', '', 'myapp'],
    ['', undefined, ''],
  ])('%s (product %s) → %s', (executableName, productName, expected) => {
    const input = productName === undefined ? { executableName } : { executableName, productName };
    expect(processGroupOf(input)).toBe(expected);
  });
});
