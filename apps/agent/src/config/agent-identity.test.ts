import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentConfigError } from './agent-config-error.js';
import { agentIdentity } from './agent-identity.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemap-identity-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('agentIdentity', () => {
  it('creates a GUID once, keeps it private, and returns the same one later', async () => {
    const stateDir = join(dir, 'state');
    const id = await agentIdentity(stateDir);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await agentIdentity(stateDir)).toBe(id);
    expect((await readFile(join(stateDir, 'agent-id'), 'utf8')).trim()).toBe(id);
    expect((await stat(join(stateDir, 'agent-id'))).mode & 0o777).toBe(0o600);
    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
  });

  it('agrees on one GUID when called concurrently, leaving no temp files', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, () => agentIdentity(dir)));
    expect(new Set(ids).size).toBe(1);
    expect(await readdir(dir)).toEqual(['agent-id']);
  });

  it('refuses to replace an id file that does not hold a GUID', async () => {
    await writeFile(join(dir, 'agent-id'), 'garbage\n');
    const error = await agentIdentity(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentConfigError);
    expect((error as AgentConfigError).code).toBe('AGENT_ID_INVALID');
    expect(await readFile(join(dir, 'agent-id'), 'utf8')).toBe('garbage\n');
  });
});
