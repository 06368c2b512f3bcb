import { describe, expect, it } from 'vitest';
import { canonicalUsrPath, PackageIndex } from './package-index.js';
import type { PackageProduct } from './package-product.js';

function product(name: string): PackageProduct {
  return { productName: name, productVersion: '1', companyName: '', description: '', package: name };
}

describe('PackageIndex', () => {
  it('finds a file under both merged-/usr spellings', () => {
    const index = new PackageIndex();
    index.add('/bin/ls', product('coreutils'));
    index.add('/usr/sbin/nginx', product('nginx'));
    expect(index.lookup('/usr/bin/ls')?.package).toBe('coreutils');
    expect(index.lookup('/bin/ls')?.package).toBe('coreutils');
    expect(index.lookup('/sbin/nginx')?.package).toBe('nginx');
    expect(index.lookup('/usr/local/bin/ls')).toBeUndefined();
  });

  it('keeps the first package that claims a path', () => {
    const index = new PackageIndex();
    index.add('/usr/bin/x', product('first'));
    index.add('/bin/x', product('second'));
    expect(index.lookup('/usr/bin/x')?.package).toBe('first');
    expect(index.size).toBe(1);
  });

  it('does not index documentation and headers', () => {
    const index = new PackageIndex();
    index.add('/usr/share/doc/coreutils/README', product('coreutils'));
    index.add('/usr/include/stdio.h', product('libc6-dev'));
    expect(index.size).toBe(0);
  });

  it('indexes only what can be a process executable, including bin/ folders under /usr/share', () => {
    const index = new PackageIndex();
    index.add('/usr/share/elasticsearch/jdk/bin/java', product('elasticsearch'));
    index.add('/usr/lib/postgresql/15/bin/postgres', product('postgresql-15'));
    index.add('/usr/lib/systemd/systemd-resolved', product('systemd-resolved'));
    index.add('/usr/share/elasticsearch/lib/x.jar.txt', product('elasticsearch'));
    index.add('/usr/lib/x86_64-linux-gnu/libz.so.1.2.13', product('zlib1g'));
    index.add('/usr/lib/python3/dist-packages/apt/__init__.py', product('python3-apt'));
    expect(index.size).toBe(3);
    expect(index.lookup('/usr/share/elasticsearch/jdk/bin/java')?.package).toBe('elasticsearch');
    expect(index.lookup('/usr/lib/systemd/systemd-resolved')?.package).toBe('systemd-resolved');
  });

  it.each([
    ['/bin/ls', '/usr/bin/ls'],
    ['/sbin/ip', '/usr/sbin/ip'],
    ['/lib64/ld-linux-x86-64.so.2', '/usr/lib64/ld-linux-x86-64.so.2'],
    ['/usr/bin/ls', '/usr/bin/ls'],
    ['/binary/x', '/binary/x'],
  ])('canonical form of %s is %s', (path, canonical) => {
    expect(canonicalUsrPath(path)).toBe(canonical);
  });
});
