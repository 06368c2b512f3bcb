import { readFileSync, readlinkSync } from 'node:fs';

/**
 * Reads a small text file, or returns undefined when it is missing or unreadable: inventory
 * sources are optional (no DMI in a microVM, no /etc/timezone on RHEL, root-only files), and a
 * missing one must never stop the rest of the inventory.
 */
export function readTextFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Target of a symbolic link, or undefined when it is not one or cannot be read. */
export function readLinkTarget(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}
