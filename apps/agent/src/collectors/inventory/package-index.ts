import type { PackageProduct } from './package-product.js';

// Top-level directories that merged-/usr systems turned into links into /usr. dpkg still lists
// files under the name the package ships (`/bin/ls`), while /proc/PID/exe shows the resolved
// name (`/usr/bin/ls`), and rpm-based systems do the opposite; both spell one file.
const MERGED_USR_DIRS = ['/bin/', '/sbin/', '/lib/', '/lib32/', '/lib64/', '/libx32/'];

// Package content no process runs. A process's executable is a binary (a script's process shows
// its interpreter), so data, headers, libraries and sources never match; /usr/share is data
// except for the bin/ folders some products keep there (Elasticsearch's bundled JDK). Skipping
// them keeps the index to about a quarter of the paths, and the agent's memory with it.
const NEVER_EXECUTED_DIRS = ['/usr/include/', '/usr/src/'];
const NOT_AN_EXECUTABLE = /\.(?:py|pyc|h|hpp|so|so\.[\d.]+|a|la|pm|pl|pod|rb|js|json|txt|md|html|png|svg|gz|mo|ph|al|ix|cmake|pc|typelib|conf|xml|yaml|cfg)$/;

/** Could a process's executable be at this path? */
function mayBeExecutable(path: string): boolean {
  if (NEVER_EXECUTED_DIRS.some((dir) => path.startsWith(dir))) return false;
  if (path.startsWith('/usr/share/') && !path.includes('/bin/') && !path.includes('/sbin/')) return false;
  return !NOT_AN_EXECUTABLE.test(path);
}

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

  /**
   * @param isExecutableFile asked for each path that passes the name filter (the loader gives
   *   a stat check: of ~22k such paths on a Debian host ~2k are executable files, and the rest
   *   are directories and data the agent would otherwise keep in memory).
   */
  constructor(private readonly isExecutableFile: (path: string) => boolean = () => true) {}

  /** Records that `product`'s package installed `path`; the first package to claim a path keeps it. */
  add(path: string, product: PackageProduct): void {
    if (!mayBeExecutable(path)) return;
    const key = canonicalUsrPath(path);
    if (this.byPath.has(key) || !this.isExecutableFile(path)) return;
    // A copy, not a slice: a slice would keep the whole list file it was cut from alive.
    this.byPath.set(Buffer.from(key, 'utf8').toString('utf8'), product);
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
