import { readdir, readFile } from 'node:fs/promises';
import { listFileKey, parseDpkgStatus } from './dpkg-status.js';
import type { PackageIndex } from './package-index.js';
import type { PackageProduct } from './package-product.js';

// Reading 700+ list files one at a time is dominated by syscall latency; a bounded number in
// flight keeps it fast without opening thousands of descriptors at once.
const PARALLEL_READS = 32;

function productFor(packages: ReadonlyMap<string, PackageProduct>, key: string): PackageProduct | undefined {
  return packages.get(key) ?? packages.get(key.split(':', 1)[0] ?? key);
}

/**
 * Adds every file of every installed dpkg package to `index`: the status file says which
 * packages are installed and what they are, `info/<pkg>[:<arch>].list` which files they own.
 * Resolves to the number of installed packages. Lists of packages not installed (left-over
 * config files) are ignored.
 */
export async function loadDpkgDatabase(dpkgRoot: string, index: PackageIndex): Promise<number> {
  const packages = parseDpkgStatus(await readFile(`${dpkgRoot}/status`, 'utf8'));
  const lists = (await readdir(`${dpkgRoot}/info`)).flatMap((fileName) => {
    const key = listFileKey(fileName);
    const product = key === undefined ? undefined : productFor(packages, key);
    return product === undefined ? [] : [{ fileName, product }];
  });
  for (let start = 0; start < lists.length; start += PARALLEL_READS) {
    const batch = lists.slice(start, start + PARALLEL_READS);
    // A package removed while we read loses its list; the rest of the database still loads.
    const texts = await Promise.all(
      batch.map(({ fileName }) => readFile(`${dpkgRoot}/info/${fileName}`, 'utf8').catch(() => '')),
    );
    texts.forEach((text, i) => {
      const product = batch[i]?.product;
      if (product === undefined) return;
      for (const path of text.split('\n')) if (path.startsWith('/')) index.add(path, product);
    });
  }
  return new Set([...packages.values()]).size;
}
