import { describe, expect, it } from 'vitest';
import { isInstalled, listFileKey, maintainerName, parseControlStanzas, parseDpkgStatus } from './dpkg-status.js';

const DPKG_STATUS = `Package: coreutils
Essential: yes
Status: install ok installed
Priority: required
Installed-Size: 18062
Maintainer: Michael Stone <mstone@debian.org>
Architecture: amd64
Multi-Arch: foreign
Version: 9.1-1
Description: GNU core utilities
 This package contains the basic file, shell and text manipulation
 utilities which are expected to exist on every operating system.

Package: nginx-core
Status: hold ok installed
Maintainer: Debian Nginx Maintainers <pkg-nginx-maintainers@alioth-lists.debian.net>
Architecture: amd64
Source: nginx
Version: 1.22.1-9
Description: nginx web/proxy server (standard version)

Package: libc6
Status: install ok installed
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Architecture: amd64
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u9
Description: GNU C Library: Shared libraries

Package: libc6
Status: install ok installed
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Architecture: i386
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u8
Description: GNU C Library: Shared libraries

Package: gcc-12-base
Status: install ok installed
Maintainer: Debian GCC Maintainers <debian-gcc@lists.debian.org>
Architecture: amd64
Source: gcc-12 (12.2.0-14)
Version: 12.2.0-14+deb12u1
Description: GCC, the GNU Compiler Collection (base package)

Package: apache2
Status: deinstall ok config-files
Maintainer: Debian Apache Maintainers <debian-apache@lists.debian.org>
Architecture: amd64
Version: 2.4.62-1~deb12u2
Description: Apache HTTP Server

Package: broken
Status: install reinstreq half-installed
Architecture: amd64
Version: 1.0
`;

describe('parseControlStanzas', () => {
  it('splits stanzas and joins continuation lines', () => {
    const stanzas = parseControlStanzas(DPKG_STATUS);
    expect(stanzas).toHaveLength(7);
    expect(stanzas[0]!.get('Description')).toBe(
      'GNU core utilities\nThis package contains the basic file, shell and text manipulation\nutilities which are expected to exist on every operating system.',
    );
  });

  it('copes with CR-free trailing text and no final blank line', () => {
    expect(parseControlStanzas('Package: a\nVersion: 1')).toEqual([new Map([['Package', 'a'], ['Version', '1']])]);
  });
});

describe('parseDpkgStatus', () => {
  const packages = parseDpkgStatus(DPKG_STATUS);

  it('maps an installed package to its product, version, maintainer and first description line', () => {
    expect(packages.get('coreutils')).toEqual({
      productName: 'coreutils',
      productVersion: '9.1-1',
      companyName: 'Michael Stone',
      description: 'GNU core utilities',
      package: 'coreutils',
    });
    expect(packages.get('coreutils:amd64')).toBe(packages.get('coreutils'));
  });

  it('names the product after the source package, without its version', () => {
    expect(packages.get('nginx-core')?.productName).toBe('nginx');
    expect(packages.get('gcc-12-base')?.productName).toBe('gcc-12');
  });

  it('keeps both architectures of a Multi-Arch: same package apart', () => {
    expect(packages.get('libc6:amd64')?.productVersion).toBe('2.36-9+deb12u9');
    expect(packages.get('libc6:i386')?.productVersion).toBe('2.36-9+deb12u8');
  });

  it('leaves out packages whose files are not installed', () => {
    expect(packages.has('apache2')).toBe(false);
    expect(packages.has('broken')).toBe(false);
  });
});

describe('status and names', () => {
  it.each([
    ['install ok installed', true],
    ['hold ok installed', true],
    ['deinstall ok installed', true],
    ['deinstall ok config-files', false],
    ['install reinstreq half-installed', false],
    ['install ok unpacked', false],
    ['', false],
  ])('%s installed: %s', (status, expected) => {
    expect(isInstalled(status)).toBe(expected);
  });

  it('strips the mail address from a maintainer', () => {
    expect(maintainerName('Debian GCC Maintainers <debian-gcc@lists.debian.org>')).toBe('Debian GCC Maintainers');
    expect(maintainerName('nobody')).toBe('nobody');
  });

  it('derives the package key from a list file name', () => {
    expect(listFileKey('libc6:amd64.list')).toBe('libc6:amd64');
    expect(listFileKey('coreutils.list')).toBe('coreutils');
    expect(listFileKey('coreutils.md5sums')).toBeUndefined();
  });
});
