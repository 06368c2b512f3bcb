import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Suffix of every temp file this module writes; `DiskQueue.open` removes leftovers with it. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Flushes a directory's entry table to disk. A rename is only durable once the directory that
 * holds it is synced; without this a crash right after `rename` can bring the old name back.
 */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A temp name beside `path` (same directory, so the rename never crosses file systems). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

/** Writes `data` to a temp file beside `tempPath`'s target and syncs it; the caller renames or links it. */
export async function writeSyncedFile(tempPath: string, data: Uint8Array | string, mode: number): Promise<void> {
  const handle = await open(tempPath, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `data` so that a reader (or a restart after a crash) sees either the old
 * content or the new one, never a half-written file: temp file, fsync, rename, fsync of the directory.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, mode = 0o600): Promise<void> {
  const temp = tempPathFor(path);
  try {
    await writeSyncedFile(temp, data, mode);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDir(dirname(path));
}
