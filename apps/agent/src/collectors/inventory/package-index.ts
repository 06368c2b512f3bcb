import type { PackageProduct } from './package-product.js';

// Top-level directories that merged-/usr systems turned into links into /usr. dpkg still lists
// files under the name the package ships (`/bin/ls`), while /proc/PID/exe shows the resolved
// name (`/usr/bin/ls`), and rpm-based systems do the opposite; both spell one file.
const MERGED_USR_DIRS = ['/bin/', '/sbin/', '/lib/', '/lib32/', '/lib64/', '/libx32/'];

// Package content no process runs: skipping it keeps the index to about half the paths.
const NEVER_EXECUTED = ['/usr/share/doc/', '/usr/share/man/', '/usr/share/locale/', '/usr/share/info/', '/usr/include/'];

/** The path under which `/bin/x` and `/usr/bin/x` meet: the /usr spelling. */
export function canonicalUsrPath(path: string): string {
  return MERGED_USR_DIRS.some((dir) => path.startsWith(dir)) ? `/usr${path}` : path;
}

/**
 * Path → owning package. Paths are stored in their /usr spelling so a lookup finds a file under
 * either name. On a system without merged /usr two distinct files `/bin/x` and `/usr/bin/x`
 * could collide; the first one added keeps the entry (it never happens in Debian or RHEL, whose
 * policies forbid the same name in both).
 */
export class PackageIndex {
  private readonly byPath = new Map<string, PackageProduct>();

  /** Records that `product`'s package installed `path`; the first package to claim a path keeps it. */
  add(path: string, product: PackageProduct): void {
    if (NEVER_EXECUTED.some((dir) => path.startsWith(dir))) return;
    const key = canonicalUsrPath(path);
    if (!this.byPath.has(key)) this.byPath.set(key, product);
  }

  /** The package that installed the file at `path`, under either merged-/usr spelling. */
  lookup(path: string): PackageProduct | undefined {
    return this.byPath.get(canonicalUsrPath(path));
  }

  /** Paths indexed. */
  get size(): number {
    return this.byPath.size;
  }
}
