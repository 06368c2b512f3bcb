import { describe, expect, it } from 'vitest';
import { PackageIndex } from './package-index.js';
import { indexRpmQueryOutput, RPM_QUERY_ARGS, sourceRpmName } from './rpm-query.js';

// Output of `rpm -qa --qf RPM_QUERY_FORMAT` on a RHEL 9 host, trimmed.
const RPM_OUTPUT = [
  'nginx-core\t2:1.20.1-14.el9_2.1\tRed Hat, Inc.\tnginx-1.20.1-14.el9_2.1.src.rpm\tnginx minimal core',
  '\t/usr/sbin/nginx',
  '\t/usr/share/doc/nginx-core/README',
  'coreutils\t8.32-34.el9\tRed Hat, Inc.\tcoreutils-8.32-34.el9.src.rpm\tA set of basic GNU tools commonly used in shell scripts',
  '\t/usr/bin/ls',
  '\t/usr/bin/cat',
  'gpg-pubkey\tfd431d51-4ae0493b\t(none)\t(none)\tRed Hat, Inc. (release key 2) <security@redhat.com> public key',
  'postgresql-server\t13.14-1.el9_3\t(none)\t(none)\tThe programs needed to create and run a PostgreSQL server',
  '\t/usr/bin/postgres',
  '',
].join('\n');

describe('indexRpmQueryOutput', () => {
  it('indexes every file under its package header, one spawn for the whole database', () => {
    const index = new PackageIndex();
    expect(indexRpmQueryOutput(RPM_OUTPUT, index)).toBe(4);
    expect(index.size).toBe(4);
    expect(index.lookup('/usr/sbin/nginx')).toEqual({
      productName: 'nginx',
      productVersion: '2:1.20.1-14.el9_2.1',
      companyName: 'Red Hat, Inc.',
      description: 'nginx minimal core',
      package: 'nginx-core',
    });
    // rpm lists /usr/bin/ls; a process started as /bin/ls on a merged-/usr system finds it too.
    expect(index.lookup('/bin/ls')?.package).toBe('coreutils');
  });

  it('falls back to the package name and empty vendor when rpm says (none)', () => {
    const index = new PackageIndex();
    indexRpmQueryOutput(RPM_OUTPUT, index);
    expect(index.lookup('/usr/bin/postgres')).toMatchObject({ productName: 'postgresql-server', companyName: '' });
  });

  it('iterates FILENAMES with one query', () => {
    expect(RPM_QUERY_ARGS[0]).toBe('-qa');
    expect(RPM_QUERY_ARGS[2]).toContain('[\\t%{FILENAMES}\\n]');
  });
});

describe('sourceRpmName', () => {
  it.each([
    ['nginx-1.20.1-14.el9_2.1.src.rpm', 'nginx'],
    ['java-17-openjdk-17.0.9.0.9-2.el9.src.rpm', 'java-17-openjdk'],
    ['foo-1-1.nosrc.rpm', 'foo'],
    ['garbage', ''],
  ])('%s → %s', (sourceRpm, name) => {
    expect(sourceRpmName(sourceRpm)).toBe(name);
  });
});
