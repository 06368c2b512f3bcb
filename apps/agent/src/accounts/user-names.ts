import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Parses passwd/group text into id → name (first entry wins, as getpwuid does). */
export function parseIdNames(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(':');
    const name = fields[0];
    const id = Number(fields[2]);
    if (name !== undefined && name !== '' && Number.isInteger(id) && !names.has(id)) names.set(id, name);
  }
  return names;
}

/**
 * Resolves uids and gids to names from /etc/passwd and /etc/group, re-reading a file only when
 * its mtime changes. Local files only: NSS lookups (LDAP, sssd) could block the agent's loop,
 * so ids that are not in the local files are shown as numbers.
 */
export class UserNames {
  readonly #etcRoot: string;
  #users = new Map<number, string>();
  #groups = new Map<number, string>();
  #usersMtime = -1;
  #groupsMtime = -1;

  constructor(etcRoot = '/etc') {
    this.#etcRoot = etcRoot;
  }

  user(uid: number): string {
    this.#refresh();
    return this.#users.get(uid) ?? String(uid);
  }

  group(gid: number): string {
    this.#refresh();
    return this.#groups.get(gid) ?? String(gid);
  }

  #refresh(): void {
    const users = this.#load('passwd', this.#usersMtime);
    if (users) [this.#users, this.#usersMtime] = users;
    const groups = this.#load('group', this.#groupsMtime);
    if (groups) [this.#groups, this.#groupsMtime] = groups;
  }

  #load(file: string, knownMtime: number): [Map<number, string>, number] | undefined {
    const path = join(this.#etcRoot, file);
    try {
      const mtime = statSync(path).mtimeMs;
      if (mtime === knownMtime) return undefined;
      return [parseIdNames(readFileSync(path, 'utf8')), mtime];
    } catch {
      return knownMtime === 0 ? undefined : [new Map(), 0];
    }
  }
}
