import type { ProcessRole } from '@servicemap/protocol';
import { describe, expect, it } from 'vitest';
import { roleOf } from './roles.js';

interface Case {
  readonly name: string;
  readonly ports?: readonly number[];
  readonly commandLine?: string;
  readonly roles: readonly ProcessRole[];
}

const cases: readonly Case[] = [
  // Web servers by name, listening or not.
  { name: 'nginx', ports: [80, 443], roles: ['webServer'] },
  { name: '/usr/sbin/nginx', roles: ['webServer'] },
  { name: 'apache2', roles: ['webServer'] },
  { name: 'httpd.exe', ports: [8080], roles: ['webServer'] },
  { name: 'lighttpd', roles: ['webServer'] },
  { name: 'caddy', ports: [443], roles: ['webServer'] },
  // Proxies: the web front on web ports, nothing elsewhere.
  { name: 'haproxy', ports: [443, 8404], roles: ['webServer'] },
  { name: 'haproxy', ports: [5432], roles: [] },
  { name: 'envoy', ports: [10000], roles: [] },
  // Databases by name.
  { name: 'postgres', ports: [5432], roles: ['databaseServer'] },
  { name: 'postgres', roles: ['databaseServer'] },
  { name: 'mysqld', roles: ['databaseServer'] },
  { name: 'mariadbd', roles: ['databaseServer'] },
  { name: 'mongod', roles: ['databaseServer'] },
  { name: 'redis-server', roles: ['databaseServer'] },
  { name: 'memcached', roles: ['databaseServer'] },
  { name: 'sqlservr.exe', roles: ['databaseServer'] },
  { name: 'tnslsnr', ports: [1521], roles: ['databaseServer'] },
  // Runtimes: only while listening.
  { name: 'java', roles: [] },
  { name: 'java', ports: [8080], roles: ['appServer'] },
  { name: 'java', ports: [9042, 7000], roles: ['appServer', 'databaseServer'] },
  { name: 'java', ports: [9042], roles: ['databaseServer'] },
  {
    name: 'java',
    ports: [9042, 7000, 7199],
    commandLine: 'java -Xmx1g org.apache.cassandra.service.CassandraDaemon',
    roles: ['databaseServer'],
  },
  {
    name: 'java',
    ports: [9200, 9300],
    commandLine: 'java -cp x org.elasticsearch.bootstrap.Elasticsearch',
    roles: ['databaseServer'],
  },
  { name: 'node', ports: [3000], roles: ['appServer'] },
  { name: 'node', roles: [] },
  { name: 'python3.11', ports: [8000], roles: ['appServer'] },
  { name: 'python3', roles: [] },
  { name: 'php-fpm8.2', ports: [9000], roles: ['appServer'] },
  { name: 'dotnet', ports: [5000], roles: ['appServer'] },
  { name: 'gunicorn', ports: [8000], roles: ['appServer'] },
  { name: 'uwsgi', ports: [3031], roles: ['appServer'] },
  { name: 'ruby', ports: [3000], roles: ['appServer'] },
  { name: 'puma', ports: [9292], roles: ['appServer'] },
  { name: 'beam.smp', ports: [5984], commandLine: '/opt/couchdb/erts/bin/beam.smp -- -root /opt/couchdb', roles: ['databaseServer'] },
  // Directory servers and file servers.
  { name: 'slapd', ports: [389, 636], roles: ['ldapServer'] },
  { name: 'smbd', ports: [445, 139], roles: ['smbServer'] },
  { name: 'samba', ports: [389, 445], roles: ['ldapServer', 'smbServer'] },
  // Unknown executables get roles from well-known ports, possibly several.
  { name: 'myserver', ports: [8443], roles: ['webServer'] },
  { name: 'myserver', ports: [80, 5432], roles: ['webServer', 'databaseServer'] },
  { name: 'lsass.exe', ports: [389, 3268, 636], roles: ['ldapServer'] },
  { name: 'System', ports: [445, 139], roles: ['smbServer'] },
  { name: 'sshd', ports: [22], roles: [] },
  { name: 'curl', roles: [] },
];

describe('roleOf', () => {
  it.each(cases)('$name on $ports', (c) => {
    const input = {
      executableName: c.name,
      listeningPorts: c.ports ?? [],
      ...(c.commandLine === undefined ? {} : { commandLine: c.commandLine }),
    };
    expect(roleOf(input)).toEqual(c.roles);
  });
});
