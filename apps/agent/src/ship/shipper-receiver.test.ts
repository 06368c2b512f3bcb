import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReportReceiver } from '@servicemap/testkit';
import { DiskQueue } from './disk-queue.js';
import { IngestClient, ingestUrl } from './ingest-client.js';
import { sampleReport } from './sample-report.js';
import { Shipper } from './shipper.js';

// Real HTTP on 127.0.0.1 between the shipper and the test receiver; fast backoff so outages
// of a few hundred milliseconds are retried many times.

const WORKSPACE = '0f8fad5b-d9cb-469f-a165-70867728950e';
const KEY = 'test-agent-key';
const WAIT = { timeout: 15_000, interval: 20 };

interface Agent {
  readonly queue: DiskQueue;
  readonly shipper: Shipper;
  readonly client: IngestClient;
  /** Queues window `w` and tells the shipper. */
  enqueue(w: number): Promise<void>;
  close(): Promise<void>;
}

let stateDir: string;
let receiver: ReportReceiver;
const agents: Agent[] = [];

async function startAgent(serverUrl = receiver.url): Promise<Agent> {
  const queue = await DiskQueue.open({ stateDir });
  const client = new IngestClient({ serverUrl, workspaceId: WORKSPACE, agentKey: KEY, requestTimeoutMs: 5_000 });
  const shipper = new Shipper({ queue, poster: client, backoff: { baseMs: 10, capMs: 100 }, idlePollMs: 1_000 });
  shipper.start();
  const agent: Agent = {
    queue,
    shipper,
    client,
    enqueue: async (w) => {
      await queue.enqueue(sampleReport(w));
      shipper.kick();
    },
    close: async () => {
      await shipper.stop();
      client.close();
    },
  };
  agents.push(agent);
  return agent;
}

/** The window numbers the receiver stored, in the order it stored them. */
function windowsReceived(): number[] {
  return receiver.reports().map((r) => r.connections[0]!.bytesSent);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function expectEachAcceptedOnce(): void {
  for (const [batchId, count] of receiver.acceptCounts()) expect({ batchId, count }).toEqual({ batchId, count: 1 });
}

beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'servicemap-ship-'));
  receiver = new ReportReceiver({ workspaceId: WORKSPACE, agentKey: KEY });
  await receiver.start();
});

afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
  await receiver.stop();
  await rm(stateDir, { recursive: true, force: true });
});

describe('Shipper against the report receiver over HTTP', () => {
  it('delivers every window exactly once and in order across a receiver outage', async () => {
    const agent = await startAgent();
    for (const w of range(0, 3)) await agent.enqueue(w);
    await vi.waitFor(() => { expect(windowsReceived()).toEqual([0, 1, 2]); }, WAIT);

    await receiver.stop();
    for (const w of range(3, 10)) await agent.enqueue(w);
    await vi.waitFor(() => { expect(agent.shipper.status().consecutiveFailures).toBeGreaterThan(2); }, WAIT);
    expect(agent.shipper.status().lastError?.message).toMatch(/ECONNREFUSED/);
    expect(agent.queue.depth()).toBe(7);

    await receiver.start();
    await vi.waitFor(() => { expect(windowsReceived()).toEqual(range(0, 10)); }, WAIT);
    await vi.waitFor(() => { expect(agent.queue.depth()).toBe(0); }, WAIT);
    expectEachAcceptedOnce();
    expect(agent.shipper.status()).toMatchObject({ consecutiveFailures: 0, batchesSent: 10 });
  });

  it('delivers every window exactly once and in order when the agent restarts during the outage', async () => {
    const first = await startAgent();
    for (const w of range(0, 2)) await first.enqueue(w);
    await vi.waitFor(() => { expect(windowsReceived()).toEqual([0, 1]); }, WAIT);

    await receiver.stop();
    for (const w of range(2, 6)) await first.enqueue(w);
    await first.close();

    // A new process over the same state dir: new queue and shipper instances.
    const second = await startAgent();
    expect(second.queue.depth()).toBe(4);
    for (const w of range(6, 9)) await second.enqueue(w);
    await receiver.start();
    await vi.waitFor(() => { expect(windowsReceived()).toEqual(range(0, 9)); }, WAIT);
    await vi.waitFor(() => { expect(second.queue.depth()).toBe(0); }, WAIT);
    expectEachAcceptedOnce();
  });

  it('retries 503s, sets a 400 batch aside with the server error, and delivers the rest in order', async () => {
    const agent = await startAgent();
    await agent.shipper.stop(); // fill the queue first, so the failures hit known batches
    const reports = range(0, 8).map((w) => sampleReport(w));
    for (const report of reports) await agent.queue.enqueue(report);
    receiver.failNext(3, 503);
    receiver.refuseBatch(reports[4]!.batchId, 400, 'connections/0/destinationPort is out of range');
    agent.shipper.start();

    await vi.waitFor(() => { expect(windowsReceived()).toEqual([0, 1, 2, 3, 5, 6, 7]); }, WAIT);
    await vi.waitFor(() => { expect(agent.queue.depth()).toBe(0); }, WAIT);
    expectEachAcceptedOnce();
    expect(receiver.requests().slice(0, 3).map((r) => r.status)).toEqual([503, 503, 503]);
    expect(receiver.requests().filter((r) => r.batchId === reports[4]!.batchId).map((r) => r.status)).toEqual([400]);
    expect(agent.queue.counters().batchesRejected).toBe(1);
    expect(agent.shipper.status()).toMatchObject({ batchesSent: 7, batchesSetAside: 1 });

    const notes = (await readdir(join(stateDir, 'rejected'))).filter((n) => n.endsWith('.reason.json'));
    expect(notes).toHaveLength(1);
    const note = JSON.parse(await readFile(join(stateDir, 'rejected', notes[0]!), 'utf8')) as { batchId: string; reason: string };
    expect(note.batchId).toBe(reports[4]!.batchId);
    expect(note.reason).toContain('HTTP 400');
    expect(note.reason).toContain('destinationPort is out of range');
  });

  it('keeps retrying with the server answering 403 until the key is right', async () => {
    const wrong = new ReportReceiver({ workspaceId: WORKSPACE, agentKey: 'another-key' });
    await wrong.start();
    try {
      const agent = await startAgent(wrong.url);
      await agent.enqueue(0);
      await vi.waitFor(() => { expect(agent.shipper.status().lastError?.status).toBe(403); }, WAIT);
      expect(agent.queue.depth()).toBe(1);
      expect(wrong.reports()).toEqual([]);
    } finally {
      for (const agent of agents.splice(0)) await agent.close();
      await wrong.stop();
    }
  });

  it('stops promptly with a request held by the server, keeping the batch for the next run', async () => {
    receiver.hold();
    const agent = await startAgent();
    await agent.enqueue(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const startedAt = Date.now();
    await agent.close();
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(agent.queue.depth()).toBe(1);
    receiver.release();

    const next = await startAgent();
    await vi.waitFor(() => { expect(windowsReceived()).toEqual([0]); }, WAIT);
    await vi.waitFor(() => { expect(next.queue.depth()).toBe(0); }, WAIT);
  });

  it('gives up on a request at the deadline with a clear error', async () => {
    receiver.hold();
    const client = new IngestClient({ serverUrl: receiver.url, workspaceId: WORKSPACE, agentKey: KEY, requestTimeoutMs: 200 });
    try {
      const body = gzipSync(JSON.stringify(sampleReport(0)));
      await expect(client.post(body, new AbortController().signal)).rejects.toThrow('request timed out after 200 ms');
    } finally {
      client.close();
      receiver.release();
    }
  });

  it('posts to the ingest path under any path prefix of the server URL', () => {
    expect(ingestUrl('https://sm.example:8443').href).toBe('https://sm.example:8443/api/agent/v1/reports');
    expect(ingestUrl('http://proxy.example/servicemap/').href).toBe('http://proxy.example/servicemap/api/agent/v1/reports');
    expect(() => ingestUrl('ftp://sm.example')).toThrow(/http or https/);
  });
});
