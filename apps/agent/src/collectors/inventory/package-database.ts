import { execFile } from 'node:child_process';
import { constants, statSync } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { delimiter } from 'node:path';
import { loadDpkgDatabase } from './dpkg-database.js';
import { PackageIndex } from './package-index.js';
import type { PackageProduct } from './package-product.js';
import { indexRpmQueryOutput, RPM_QUERY_ARGS } from './rpm-query.js';

/** Runs a command and resolves to its standard output. */
export type RunCommand = (command: string, args: readonly string[]) => Promise<string>;

/** Where the package databases are and how to query rpm; all default to the real system. */
export interface PackageDatabaseOptions {
  readonly dpkgRoot?: string;
  readonly rpmRoot?: string;
  /** The rpm binary; default: `rpm` found on PATH, `null` to never use rpm. */
  readonly rpmCommand?: string | null;
  readonly runCommand?: RunCommand;
  /** Is this path an executable file? Default: a stat of the host's file system. */
  readonly isExecutableFile?: (path: string) => boolean;
}

/** A regular file with an execute bit; anything unreadable is not. */
function statExecutable(path: string): boolean {
  try {
    const st = statSync(path);
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Figures of the last load. */
export interface PackageDatabaseStats {
  readonly paths: number;
  readonly packages: number;
  readonly loadMs: number;
  readonly sources: readonly ('dpkg' | 'rpm')[];
}

const runWithExecFile: RunCommand = (command, args) =>
  new Promise((resolve, reject) => {
    // The whole file list of a large RHEL host is tens of MB of text.
    execFile(command, [...args], { maxBuffer: 1 << 30, encoding: 'utf8' }, (error, stdout) => {
      if (error) reject(new Error(`${command} failed: ${error.message}`, { cause: error }));
      else resolve(stdout);
    });
  });

async function mtimeMs(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    const candidate = `${dir}/${name}`;
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * Maps executable paths to the package that installed them (product name, version, vendor,
 * description), for the VMProcess product columns. The whole database is read once into memory
 * and read again only when it changes (the mtime of /var/lib/dpkg/status, or of the newest file
 * in /var/lib/rpm): one rpm spawn per load, never one per process, so looking up every process
 * of every snapshot costs a map lookup.
 *
 * Paths are those of the agent's mount namespace: a containerised process's executable lives in
 * another one, so callers should not look those up here.
 */
export class PackageDatabase {
  private index = new PackageIndex();
  private loadedVersion = '';
  private inFlight: Promise<boolean> | undefined;
  private lastStats: PackageDatabaseStats = { paths: 0, packages: 0, loadMs: 0, sources: [] };
  private readonly dpkgRoot: string;
  private readonly rpmRoot: string;
  private readonly runCommand: RunCommand;

  constructor(private readonly options: PackageDatabaseOptions = {}) {
    this.dpkgRoot = options.dpkgRoot ?? '/var/lib/dpkg';
    this.rpmRoot = options.rpmRoot ?? '/var/lib/rpm';
    this.runCommand = options.runCommand ?? runWithExecFile;
  }

  /** The package that installed `executablePath` (either merged-/usr spelling), if any. */
  lookup(executablePath: string): PackageProduct | undefined {
    return this.index.lookup(executablePath);
  }

  /** Figures of the last load (zero before the first). */
  get stats(): PackageDatabaseStats {
    return this.lastStats;
  }

  /**
   * Loads the databases when they changed since the last load (or were never loaded); resolves
   * to true when it reloaded. Concurrent calls share one load. Lookups keep answering from the
   * previous contents until a reload completes. Rejects when a database exists but cannot be
   * read (the previous contents stay in place).
   */
  refresh(): Promise<boolean> {
    this.inFlight ??= this.reloadIfChanged().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async reloadIfChanged(): Promise<boolean> {
    const rpmCommand = await this.rpmCommand();
    const version = await this.databaseVersion(rpmCommand);
    if (version === this.loadedVersion) return false;
    const started = performance.now();
    const index = new PackageIndex(this.options.isExecutableFile ?? statExecutable);
    const sources: ('dpkg' | 'rpm')[] = [];
    let packages = 0;
    if (version.startsWith('dpkg')) {
      packages += await loadDpkgDatabase(this.dpkgRoot, index);
      sources.push('dpkg');
    }
    if (rpmCommand !== undefined && version.includes('rpm')) {
      packages += indexRpmQueryOutput(await this.runCommand(rpmCommand, RPM_QUERY_ARGS), index);
      sources.push('rpm');
    }
    this.index = index;
    this.loadedVersion = version;
    this.lastStats = { paths: index.size, packages, loadMs: performance.now() - started, sources };
    return true;
  }

  private async rpmCommand(): Promise<string | undefined> {
    if (this.options.rpmCommand === null) return undefined;
    if ((await mtimeMs(this.rpmRoot)) === undefined) return undefined;
    return this.options.rpmCommand ?? (await findOnPath('rpm'));
  }

  /** A string that changes whenever either database changes. */
  private async databaseVersion(rpmCommand: string | undefined): Promise<string> {
    const parts: string[] = [];
    const dpkgMtime = await mtimeMs(`${this.dpkgRoot}/status`);
    if (dpkgMtime !== undefined) parts.push(`dpkg@${dpkgMtime}`);
    if (rpmCommand !== undefined) parts.push(`rpm@${await this.newestRpmMtime()}`);
    return parts.join(' ');
  }

  private async newestRpmMtime(): Promise<number> {
    const names = await readdir(this.rpmRoot).catch(() => []);
    const mtimes = await Promise.all(names.map((name) => mtimeMs(`${this.rpmRoot}/${name}`)));
    return Math.max(0, ...mtimes.map((mtime) => mtime ?? 0));
  }
}
