import type { ProcessRole } from '@servicemap/protocol';
import { normalizeExecutableName } from './process-group.js';

/** What `roleOf` looks at. */
export interface RoleInput {
  /** Base name or full path of the executable (`nginx`, `/usr/lib/postgresql/15/bin/postgres`, `java.exe`). */
  readonly executableName: string;
  /** TCP ports the process (pool) listens on; empty when it listens on none. */
  readonly listeningPorts: readonly number[];
  /** Command line, used to tell what a runtime (java, beam.smp) is running. */
  readonly commandLine?: string;
}

/** Output order of roles: the order of the ProcessRole enum. */
const ROLE_ORDER: readonly ProcessRole[] = ['webServer', 'appServer', 'databaseServer', 'ldapServer', 'smbServer'];

const WEB_PORTS = new Set([80, 443, 8080, 8443]);
const DATABASE_PORTS = new Set([
  5432, 3306, 33060, 1433, 1521, 27017, 27018, 6379, 9042, 5984, 11211, 26257, 7687, 50000,
]);
const LDAP_PORTS = new Set([389, 636, 3268, 3269]);
const SMB_PORTS = new Set([445, 139]);

// Servers whose name alone gives their role: they are that server whether or not we saw them listen.
const SERVERS_BY_NAME = new Map<string, readonly ProcessRole[]>([
  ...names(['nginx', 'apache', 'apache2', 'httpd', 'lighttpd', 'caddy', 'w3wp', 'h2o', 'openresty'], 'webServer'),
  ...names(
    [
      'postgres', 'postmaster', 'mysqld', 'mariadbd', 'mongod', 'mongos', 'redis-server', 'valkey-server',
      'keydb-server', 'memcached', 'sqlservr', 'tnslsnr', 'oracle', 'cockroach', 'clickhouse-server',
      'clickhouse', 'influxd', 'couchdb', 'db2sysc', 'rethinkdb', 'neo4j', 'etcd',
    ],
    'databaseServer',
  ),
  ...names(['slapd', 'ns-slapd'], 'ldapServer'),
  ...names(['smbd'], 'smbServer'),
  // An Active Directory domain controller run by Samba serves both.
  ['samba', ['ldapServer', 'smbServer']],
]);

// Reverse proxies and load balancers are not web servers in their own right (they serve what is
// behind them), but when they hold a web port they are the machine's web front, and that is what
// the icon tells the reader. On other ports (a proxy in front of PostgreSQL) they get no role:
// they are not the database.
const PROXIES = new Set(['haproxy', 'envoy', 'traefik', 'varnishd', 'squid', 'nginx-proxy']);

// Runtimes are application servers only when they listen: a python or java process that does
// not accept connections is a script or a client.
const RUNTIMES = new Set([
  'java', 'node', 'nodejs', 'bun', 'deno', 'python', 'pypy', 'gunicorn', 'uwsgi', 'uvicorn', 'hypercorn', 'daphne',
  'php-fpm', 'php', 'php-cgi', 'dotnet', 'ruby', 'puma', 'unicorn', 'passenger', 'thin', 'starman',
  'perl', 'beam.smp', 'erl', 'mono', 'jsvc', 'tomcat', 'catalina', 'jboss', 'wildfly', 'iisexpress',
]);

// What a runtime runs, told by its command line (a main class, an application name).
const RUNTIME_DATABASES: readonly RegExp[] = [
  /org\.apache\.cassandra\./,
  /org\.elasticsearch\.bootstrap\./,
  /org\.opensearch\.bootstrap\./,
  /org\.neo4j\./,
  /org\.apache\.hadoop\.hbase\./,
  /org\.apache\.solr\./,
  /\bcouchdb\b/,
];

function names(list: readonly string[], role: ProcessRole): [string, readonly ProcessRole[]][] {
  return list.map((name) => [name, [role]]);
}

function portRoles(ports: readonly number[]): Set<ProcessRole> {
  const roles = new Set<ProcessRole>();
  for (const port of ports) {
    if (WEB_PORTS.has(port)) roles.add('webServer');
    if (DATABASE_PORTS.has(port)) roles.add('databaseServer');
    if (LDAP_PORTS.has(port)) roles.add('ldapServer');
    if (SMB_PORTS.has(port)) roles.add('smbServer');
  }
  return roles;
}

function runtimeRoles(input: RoleInput): Set<ProcessRole> {
  const commandLine = input.commandLine ?? '';
  if (RUNTIME_DATABASES.some((pattern) => pattern.test(commandLine))) return new Set(['databaseServer']);
  const roles = new Set<ProcessRole>();
  const ports = input.listeningPorts;
  // Cassandra started without a recognisable main class still gives itself away by its port.
  if (ports.some((port) => DATABASE_PORTS.has(port))) roles.add('databaseServer');
  if (ports.some((port) => !DATABASE_PORTS.has(port))) roles.add('appServer');
  return roles;
}

/**
 * The roles a process plays, from its executable name, its listening ports and (for runtimes)
 * its command line: known servers by name (nginx → webServer, postgres → databaseServer, slapd →
 * ldapServer, smbd → smbServer); runtimes (java, node, python, php-fpm, dotnet, ruby…) are
 * appServer only while they listen, databaseServer when they run a known database (Cassandra,
 * Elasticsearch) or listen on a database port; reverse proxies are webServer on web ports only;
 * any other executable gets roles from well-known ports (80/443/8080/8443, 5432/3306/1433/…,
 * 389/636/3268, 445/139). Pure; result in ProcessRole enum order, possibly empty.
 */
export function roleOf(input: RoleInput): ProcessRole[] {
  const name = normalizeExecutableName(input.executableName);
  let roles: Set<ProcessRole>;
  const byName = SERVERS_BY_NAME.get(name);
  if (byName !== undefined) {
    roles = new Set(byName);
  } else if (PROXIES.has(name)) {
    roles = input.listeningPorts.some((port) => WEB_PORTS.has(port)) ? new Set(['webServer']) : new Set();
  } else if (RUNTIMES.has(name)) {
    roles = runtimeRoles(input);
  } else {
    roles = portRoles(input.listeningPorts);
  }
  return ROLE_ORDER.filter((role) => roles.has(role));
}
