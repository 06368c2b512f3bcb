/** What `processGroupOf` looks at: the executable and, when the package database knows it, its product. */
export interface ProcessGroupInput {
  /** Base name or full path of the executable (`/usr/sbin/nginx`, `python3.11`, `sqlservr.exe`). */
  readonly executableName: string;
  /** Product name from the package database (dpkg source package, rpm name); empty or absent when unknown. */
  readonly productName?: string;
}

// Interpreters and runtimes whose packages and binaries carry a bare major version (`python3`,
// `php8`, `pypy3`). A bare trailing digit is only stripped for these: elsewhere it is part of the
// name (`bzip2`, `lz4`, `e2fsprogs`, `x264`).
const VERSIONED_RUNTIMES = new Set(['python', 'pypy', 'php', 'ruby', 'perl', 'lua', 'node', 'tclsh', 'guile', 'gawk']);

// Products that ship under several names; the group is the name people call the product by.
// Matched against the name after version stripping, in order.
const PRODUCT_ALIASES: readonly (readonly [RegExp, string])[] = [
  [/^(postgres|postmaster|postgresql)(\d+)?(-server|-contrib|-client)?$/, 'postgresql'],
  [/^(apache2|httpd|apache)(-bin|-core)?$/, 'apache'],
  [/^(nginx)(-core|-full|-light|-extras)?$/, 'nginx'],
  [/^(redis|redis-server|redis-sentinel)$/, 'redis'],
  [/^(valkey|valkey-server)$/, 'valkey'],
  [/^(openjdk|java|jdk|jre|temurin)([-_].*)?$/, 'java'],
  [/^(mysqld|mysql|mysql-server|mysql-community-server|mysql-community)$/, 'mysql'],
  [/^(mariadbd|mariadb|mariadb-server)$/, 'mariadb'],
  [/^(mongod|mongos|mongodb|mongodb-org-server|mongodb-org)$/, 'mongodb'],
  [/^(nodejs|node)$/, 'node'],
  [/^(slapd|openldap|openldap-servers)$/, 'openldap'],
  [/^(smbd|nmbd|winbindd|samba)$/, 'samba'],
  [/^(sshd|openssh|openssh-server)$/, 'openssh'],
  [/^(sqlservr|mssql-server)$/, 'mssql-server'],
  [/^(dotnet|dotnet-runtime|dotnet-host|aspnetcore-runtime)$/, 'dotnet'],
  [/^(python|python-defaults|pypy)$/, 'python'],
];

/**
 * Normalises an executable or product name for grouping: drops the directory, a Windows `.exe`,
 * and version suffixes (`python3.11` → `python`, `php-fpm8.2` → `php-fpm`, `postgresql-15` →
 * `postgresql`), and lower-cases it.
 */
export function normalizeExecutableName(name: string): string {
  let base = (name.split(/[\\/]/).pop() ?? '').trim().toLowerCase();
  base = base.replace(/\.exe$/, '');
  // `mariadb-10.11`, `openjdk-17`, `gcc-12`: a separator then a version.
  base = base.replace(/[-_]v?\d+(\.\d+)*$/, '');
  // `python3.11`, `php-fpm8.2`, `lua5.4`: a dotted version glued to the name.
  base = base.replace(/\d+(\.\d+)+$/, '');
  const bare = /^(.*[a-z])\d+$/.exec(base);
  if (bare?.[1] !== undefined && VERSIONED_RUNTIMES.has(bare[1])) base = bare[1];
  return base;
}

function aliasOf(normalized: string): string {
  for (const [pattern, product] of PRODUCT_ALIASES) {
    if (pattern.test(normalized)) return product;
  }
  return normalized;
}

/**
 * The process group (product) a process pool belongs to, e.g. `nginx`, `postgresql`, `apache`,
 * `redis`, `java`: the package's product name when the package database knows the executable,
 * else the executable name, both with version suffixes stripped and well-known aliases merged
 * (`postgres` → `postgresql`, `apache2`/`httpd` → `apache`, `openjdk-17` → `java`).
 * Pure; returns an empty string only when both names are empty.
 */
export function processGroupOf(input: ProcessGroupInput): string {
  const fromProduct = normalizeExecutableName(input.productName ?? '');
  if (fromProduct !== '') return aliasOf(fromProduct);
  return aliasOf(normalizeExecutableName(input.executableName));
}
