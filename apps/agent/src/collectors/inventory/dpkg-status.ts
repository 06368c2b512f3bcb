import type { PackageProduct } from './package-product.js';

/** One stanza of /var/lib/dpkg/status: field name → value (continuation lines joined with `\n`). */
export function parseControlStanzas(text: string): Map<string, string>[] {
  const stanzas: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let lastField = '';
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (current.size > 0) stanzas.push(current);
      current = new Map();
      lastField = '';
    } else if (line.startsWith(' ') || line.startsWith('\t')) {
      if (lastField !== '') current.set(lastField, `${current.get(lastField) ?? ''}\n${line.trim()}`);
    } else {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      lastField = line.slice(0, colon);
      current.set(lastField, line.slice(colon + 1).trim());
    }
  }
  if (current.size > 0) stanzas.push(current);
  return stanzas;
}

/**
 * True when the package's files are on disk: status `<want> ok installed`. The want word
 * (install, hold, deinstall) is what the admin asked for next, not what is there now: a held
 * package is as installed as any other.
 */
export function isInstalled(status: string): boolean {
  const [, flag, state] = status.split(/\s+/);
  return flag === 'ok' && state === 'installed';
}

/** `Jane Doe <jane@example.org>` → `Jane Doe`. */
export function maintainerName(maintainer: string): string {
  return maintainer.replace(/<[^>]*>/g, '').trim();
}

function productOf(stanza: ReadonlyMap<string, string>, packageName: string): PackageProduct {
  // `Source: gcc-12 (12.2.0-14)` names the source package with a different version: drop it.
  const source = (stanza.get('Source') ?? '').split(/\s+/)[0] ?? '';
  return {
    productName: source !== '' ? source : packageName,
    productVersion: stanza.get('Version') ?? '',
    companyName: maintainerName(stanza.get('Maintainer') ?? ''),
    description: (stanza.get('Description') ?? '').split('\n')[0] ?? '',
    package: packageName,
  };
}

/**
 * The installed packages of a dpkg status file, keyed both `name:arch` and `name`, the two ways
 * the file lists in /var/lib/dpkg/info are named (`libc6:amd64.list`, `coreutils.list`).
 */
export function parseDpkgStatus(text: string): Map<string, PackageProduct> {
  const packages = new Map<string, PackageProduct>();
  for (const stanza of parseControlStanzas(text)) {
    const name = stanza.get('Package');
    if (name === undefined || !isInstalled(stanza.get('Status') ?? '')) continue;
    const product = productOf(stanza, name);
    const arch = stanza.get('Architecture');
    if (arch !== undefined) packages.set(`${name}:${arch}`, product);
    if (!packages.has(name)) packages.set(name, product);
  }
  return packages;
}

/** The package key of a file list name (`libc6:amd64.list` → `libc6:amd64`); undefined for other files. */
export function listFileKey(fileName: string): string | undefined {
  return fileName.endsWith('.list') ? fileName.slice(0, -'.list'.length) : undefined;
}
