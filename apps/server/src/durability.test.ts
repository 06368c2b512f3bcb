import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_KEY_HEADER, INGEST_PATH, WORKSPACE_HEADER, type AgentReport } from '@servicemap/protocol';
import { DATABASE_FILE } from './server.js';
import { DuckDBStorage } from './storage/duckdb/duckdb-storage.js';
import { makeReport } from './testing/make-report.js';
import { bundleServerEntry, spawnServer, type ServerChild } from './testing/spawn-server.js';

const ROWS_PER_BATCH = 200;
const children: ServerChild[] = [];
const dirs: string[] = [];
let bundle: { file: string; cleanup: () => void };

beforeAll(async () => {
  bundle = await bundleServerEntry();
}, 60_000);

afterAll(() => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  bundle.cleanup();
});

const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sm-durability-'));
  dirs.push(dir);
  return dir;
};

async function start(dataDir: string): Promise<ServerChild> {
  const server = await spawnServer(bundle.file, dataDir);
  children.push(server);
  return server;
}

async function post(server: ServerChild, report: AgentReport): Promise<{ status: number; stored?: boolean }> {
  const res = await fetch(`${server.url}${INGEST_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json', 'content-encoding': 'gzip',
      [WORKSPACE_HEADER]: server.credentials.workspaceId, [AGENT_KEY_HEADER]: server.credentials.agentKey,
    },
    body: gzipSync(JSON.stringify(report)),
  });
  const body = (await res.json()) as { stored?: boolean };
  return { status: res.status, ...(body.stored === undefined ? {} : { stored: body.stored }) };
}

/** Sends tagged batches from `lanes` concurrent senders until stopped; returns the acknowledged tags. */
function sendUntilStopped(server: ServerChild, lanes: number): { acked: Set<number>; sent: Map<number, AgentReport>; stop: () => Promise<void> } {
  const acked = new Set<number>();
  const sent = new Map<number, AgentReport>();
  let next = 0;
  let stopped = false;
  const lane = async (): Promise<void> => {
    while (!stopped) {
      const tag = next++;
      // Dated now: the server drops windows older than retention (30 days).
      const time = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
      const report = makeReport({ connections: ROWS_PER_BATCH, boundPorts: 0, processes: 0, tag, time });
      sent.set(tag, report);
      try {
        const res = await post(server, report);
        if (res.status === 200) acked.add(tag);
      } catch (error) {
        if (process.env.SM_DEBUG) console.log('lane stopped', error);
        return; // the server died under us: this request is unacknowledged
      }
    }
  };
  const running = Array.from({ length: lanes }, lane);
  return { acked, sent, stop: async () => { stopped = true; await Promise.all(running); } };
}

/** Rows per batch tag (processName `proc{tag}`) in the stopped server's database. */
async function rowsPerTag(dataDir: string): Promise<Map<number, number>> {
  const storage = await DuckDBStorage.open({ path: join(dataDir, DATABASE_FILE) });
  try {
    const workspaces = await storage.listWorkspaces();
    const rows = await storage.connections({ workspaceId: workspaces[0]!.id, from: new Date(0), to: new Date('2100-01-01') });
    const counts = new Map<number, number>();
    for (const r of rows) {
      const tag = Number(r.processName.slice(4));
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
    return counts;
  } finally {
    await storage.close();
  }
}

describe('durability of acknowledged batches', () => {
  it('keeps every acknowledged batch exactly once across kill -9 in the middle of ingest', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const load = sendUntilStopped(first, 6);
    while (load.acked.size < 30) await new Promise((r) => setTimeout(r, 10));
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    await load.stop();
    const ackedBeforeKill = [...load.acked];

    const second = await start(dataDir);
    // Re-sending what was acknowledged stores nothing: the batch ids survived with the rows.
    for (const tag of ackedBeforeKill.slice(0, 5)) {
      expect(await post(second, load.sent.get(tag)!)).toEqual({ status: 200, stored: false });
    }
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const counts = await rowsPerTag(dataDir);
    for (const tag of ackedBeforeKill) expect(counts.get(tag)).toBe(ROWS_PER_BATCH);
    // Unacknowledged batches are all or nothing, never partial.
    for (const [, n] of counts) expect(n).toBe(ROWS_PER_BATCH);
  }, 60_000);

  it('finishes in-flight ingests and exits 0 on SIGTERM', async () => {
    const dataDir = tempDir();
    const server = await start(dataDir);
    const load = sendUntilStopped(server, 4);
    while (load.acked.size < 10) await new Promise((r) => setTimeout(r, 10));
    if (process.env.SM_DEBUG) console.log('acked', load.acked.size);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await load.stop();
    const counts = await rowsPerTag(dataDir);
    for (const tag of load.acked) expect(counts.get(tag)).toBe(ROWS_PER_BATCH);
    for (const [, n] of counts) expect(n).toBe(ROWS_PER_BATCH);
  }, 60_000);
});
