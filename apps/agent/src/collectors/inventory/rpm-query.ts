import type { PackageIndex } from './package-index.js';
import type { PackageProduct } from './package-product.js';

/**
 * The one rpm query that lists the whole database: a header line per package, then each of its
 * files on a line starting with a tab (the `[...]` iteration over FILENAMES). Header fields:
 * name, [epoch:]version-release, vendor, source rpm, summary, tab-separated.
 */
export const RPM_QUERY_FORMAT =
  '%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{VENDOR}\\t%{SOURCERPM}\\t%{SUMMARY}\\n[\\t%{FILENAMES}\\n]';

/** Arguments for `rpm` that print every installed file with its package. */
export const RPM_QUERY_ARGS: readonly string[] = ['-qa', '--qf', RPM_QUERY_FORMAT];

/** rpm prints `(none)` for a tag the package lacks. */
function tagValue(value: string | undefined): string {
  return value === undefined || value === '(none)' ? '' : value;
}

/** `nginx-1.20.1-14.el9.src.rpm` → `nginx`; empty when it does not look like a source rpm name. */
export function sourceRpmName(sourceRpm: string): string {
  return /^(.+)-[^-]+-[^-]+\.(?:no)?src\.rpm$/.exec(sourceRpm)?.[1] ?? '';
}

function productOfHeader(line: string): PackageProduct {
  const [name = '', version = '', vendor, sourceRpm, summary] = line.split('\t');
  const source = sourceRpmName(tagValue(sourceRpm));
  return {
    productName: source !== '' ? source : name,
    productVersion: version,
    companyName: tagValue(vendor),
    description: tagValue(summary),
    package: name,
  };
}

/**
 * Adds the files of the rpm query output (see RPM_QUERY_FORMAT) to `index`; resolves to the
 * number of packages. Packages without files (gpg-pubkey) only add a count.
 */
export function indexRpmQueryOutput(output: string, index: PackageIndex): number {
  let current: PackageProduct | undefined;
  let packages = 0;
  for (const line of output.split('\n')) {
    if (line.startsWith('\t')) {
      const path = line.slice(1);
      if (current !== undefined && path.startsWith('/')) index.add(path, current);
    } else if (line !== '') {
      current = productOfHeader(line);
      packages += 1;
    }
  }
  return packages;
}
