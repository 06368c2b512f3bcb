import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PackageDatabase } from './package-database.js';

let root = '';
let dpkgRoot = '';
let rpmRoot = '';

const STATUS = `Package: coreutils
Status: install ok installed
Maintainer: Michael Stone <mstone@debian.org>
Architecture: amd64
Version: 9.1-1
Description: GNU core utilities

Package: nginx-core
Status: install ok installed
Maintainer: Debian Nginx Maintainers <pkg-nginx-maintainers@alioth-lists.debian.net>
Architecture: amd64
Source: nginx
Version: 1.22.1-9
Description: nginx web/proxy server (standard version)

Package: apache2
Status: deinstall ok config-files
Architecture: amd64
Version: 2.4.62-1
`;

function setStatus(text: string, mtimeSeconds: number): void {
  const path = join(dpkgRoot, 'status');
  writeFileSync(path, text);
  utimesSync(path, mtimeSeconds, mtimeSeconds);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sm-packages-'));
  dpkgRoot = join(root, 'dpkg');
  rpmRoot = join(root, 'rpm');
  mkdirSync(join(dpkgRoot, 'info'), { recursive: true });
  setStatus(STATUS, 1_000_000);
  writeFileSync(join(dpkgRoot, 'info/coreutils.list'), '/.\n/bin\n/bin/ls\n/bin/cat\n/usr/share/doc/coreutils\n');
  // The second path exists on no host (nginx itself may: the e2e lab installs it).
  writeFileSync(join(dpkgRoot, 'info/nginx-core:amd64.list'), '/usr/sbin/nginx\n/usr/sbin/nginx-servicemap-fixture\n');
  writeFileSync(join(dpkgRoot, 'info/nginx-core:amd64.md5sums'), 'abc  usr/sbin/nginx\n');
  // Left over from a removed package: must not be indexed.
  writeFileSync(join(dpkgRoot, 'info/apache2.list'), '/usr/sbin/apache2\n');
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Fixture paths do not exist on the host: take every listed path as an executable file. */
const everyPath = (): boolean => true;

describe('PackageDatabase on dpkg', () => {
  it('keeps only paths that are executable files on the host by default', async () => {
    const db = new PackageDatabase({ dpkgRoot, rpmRoot, rpmCommand: null });
    await db.refresh();
    // /usr/bin/ls exists here; the fixture's made-up path does not.
    expect(db.lookup('/usr/bin/ls')?.productName).toBe('coreutils');
    expect(db.lookup('/usr/sbin/nginx-servicemap-fixture')).toBeUndefined();
  });

  it('maps executables to their package, under either merged-/usr spelling', async () => {
    const db = new PackageDatabase({ isExecutableFile: everyPath, dpkgRoot, rpmRoot, rpmCommand: null });
    expect(await db.refresh()).toBe(true);
    expect(db.lookup('/usr/bin/ls')).toEqual({
      productName: 'coreutils',
      productVersion: '9.1-1',
      companyName: 'Michael Stone',
      description: 'GNU core utilities',
      package: 'coreutils',
    });
    expect(db.lookup('/usr/sbin/nginx')?.productName).toBe('nginx');
    expect(db.lookup('/usr/sbin/apache2')).toBeUndefined();
    expect(db.lookup('/opt/app/bin/app')).toBeUndefined();
    expect(db.stats).toMatchObject({ packages: 2, sources: ['dpkg'] });
  });

  it('reloads only when the status file changes', async () => {
    const db = new PackageDatabase({ isExecutableFile: everyPath, dpkgRoot, rpmRoot, rpmCommand: null });
    await db.refresh();
    // A list changes without the status file: the cached contents stay.
    writeFileSync(join(dpkgRoot, 'info/coreutils.list'), '/usr/bin/ls\n/usr/bin/dir\n');
    expect(await db.refresh()).toBe(false);
    expect(db.lookup('/usr/bin/dir')).toBeUndefined();
    setStatus(STATUS.replace('9.1-1', '9.1-2'), 2_000_000);
    expect(await db.refresh()).toBe(true);
    expect(db.lookup('/usr/bin/dir')?.productVersion).toBe('9.1-2');
    expect(db.lookup('/bin/cat')).toBeUndefined();
  });

  it('shares one load between concurrent refreshes', async () => {
    const db = new PackageDatabase({ isExecutableFile: everyPath, dpkgRoot, rpmRoot, rpmCommand: null });
    const first = db.refresh();
    const second = db.refresh();
    expect(second).toBe(first);
    expect(await first).toBe(true);
    // Once it settled, the next call starts afresh (and finds nothing changed).
    const third = db.refresh();
    expect(third).not.toBe(first);
    expect(await third).toBe(false);
  });

  it('is empty, not failing, on a machine with no package database', async () => {
    const db = new PackageDatabase({ isExecutableFile: everyPath, dpkgRoot: join(root, 'none'), rpmRoot, rpmCommand: null });
    expect(await db.refresh()).toBe(false);
    expect(db.lookup('/usr/bin/ls')).toBeUndefined();
    expect(db.stats.paths).toBe(0);
  });
});

describe('PackageDatabase on rpm', () => {
  const RPM_OUTPUT = 'bash\t5.1.8-9.el9\tRed Hat, Inc.\tbash-5.1.8-9.el9.src.rpm\tThe GNU Bourne Again shell\n\t/usr/bin/bash\n';

  function fakeRpm(calls: string[][]) {
    return (command: string, args: readonly string[]) => {
      calls.push([command, ...args]);
      return Promise.resolve(RPM_OUTPUT);
    };
  }

  it('spawns rpm once per load, and again only when the rpm database changes', async () => {
    rmSync(dpkgRoot, { recursive: true });
    mkdirSync(rpmRoot);
    writeFileSync(join(rpmRoot, 'rpmdb.sqlite'), '');
    utimesSync(join(rpmRoot, 'rpmdb.sqlite'), 1_000_000, 1_000_000);
    const calls: string[][] = [];
    const db = new PackageDatabase({ isExecutableFile: everyPath, dpkgRoot, rpmRoot, rpmCommand: '/usr/bin/rpm', runCommand: fakeRpm(calls) });
    await db.refresh();
    expect(db.lookup('/bin/bash')?.productName).toBe('bash');
    for (let i = 0; i < 100; i++) db.lookup('/usr/bin/bash');
    await db.refresh();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.slice(0, 3)).toEqual(['/usr/bin/rpm', '-qa', '--qf']);
    utimesSync(join(rpmRoot, 'rpmdb.sqlite'), 2_000_000, 2_000_000);
    expect(await db.refresh()).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('reads both databases when both exist, dpkg first', async () => {
    mkdirSync(rpmRoot);
    const calls: string[][] = [];
    const db = new PackageDatabase({ isExecutableFile: everyPath, dpkgRoot, rpmRoot, rpmCommand: '/usr/bin/rpm', runCommand: fakeRpm(calls) });
    await db.refresh();
    expect(db.stats.sources).toEqual(['dpkg', 'rpm']);
    expect(db.lookup('/usr/bin/ls')?.package).toBe('coreutils');
    expect(db.lookup('/usr/bin/bash')?.package).toBe('bash');
  });

  it('never spawns rpm when there is no rpm database', async () => {
    const calls: string[][] = [];
    const db = new PackageDatabase({ isExecutableFile: everyPath, dpkgRoot, rpmRoot, rpmCommand: '/usr/bin/rpm', runCommand: fakeRpm(calls) });
    await db.refresh();
    expect(calls).toHaveLength(0);
  });
});
