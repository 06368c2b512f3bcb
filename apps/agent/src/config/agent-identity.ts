import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, tempPathFor, writeSyncedFile } from '../ship/write-file-atomic.js';
import { AgentConfigError } from './agent-config-error.js';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The file in the state directory that holds the agent's GUID. */
export const AGENT_ID_FILE = 'agent-id';

/**
 * The agent's GUID: created once (the machine's identity `m-{guid}` hangs on it) and kept in
 * `<stateDir>/agent-id`, mode 0600 in a 0700 directory. Later calls return the same GUID.
 *
 * The file is written to a temp name, synced, then hard-linked into place: a link fails if the
 * name exists, so two agents starting at once over one state dir still agree on one GUID, and a
 * crash never leaves a half-written id. A file that exists but does not hold a GUID is an error,
 * not silently replaced: a new GUID would make the machine a different one in every map.
 */
export async function agentIdentity(stateDir: string): Promise<string> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const path = join(stateDir, AGENT_ID_FILE);
  const existing = await readAgentId(path);
  if (existing !== undefined) return existing;
  const temp = tempPathFor(path);
  try {
    await writeSyncedFile(temp, `${randomUUID()}\n`, 0o600);
    await link(temp, path).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(temp, { force: true });
  }
  await fsyncDir(stateDir);
  const created = await readAgentId(path);
  if (created === undefined) throw new Error(`agent id file ${path} vanished while it was being created`);
  return created;
}

async function readAgentId(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const id = text.trim();
  if (!UUID.test(id)) {
    throw new AgentConfigError(
      'AGENT_ID_INVALID',
      `${path} does not hold an agent GUID; restore it from a backup, or delete it to register as a new machine`,
      'stateDir',
    );
  }
  return id.toLowerCase();
}
