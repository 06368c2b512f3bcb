import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentReport } from '@servicemap/protocol';
import { DiskQueue } from './disk-queue.js';
import { sampleReport } from './sample-report.js';

let stateDir: string;

beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'servicemap-queue-'));
});

afterEach(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

function decode(body: Buffer): AgentReport {
  return JSON.parse(gunzipSync(body).toString('utf8')) as AgentReport;
}

/** Peeks and acks everything, returning the window numbers in the order they came out. */
async function drain(queue: DiskQueue): Promise<number[]> {
  const windows: number[] = [];
  for (let batch = await queue.peek(); batch !== undefined; batch = await queue.peek()) {
    windows.push(decode(batch.body).connections[0]!.bytesSent);
    await queue.ack(batch.id);
  }
  return windows;
}

describe('DiskQueue', () => {
  it('hands batches out oldest first as the exact gzip bytes on disk, and acks delete them', async () => {
    const queue = await DiskQueue.open({ stateDir });
    const reports = [sampleReport(0), sampleReport(1), sampleReport(2)];
    for (const report of reports) await queue.enqueue(report);
    expect(queue.depth()).toBe(3);

    const first = await queue.peek();
    expect(first?.batchId).toBe(reports[0]!.batchId);
    expect(decode(first!.body)).toEqual(reports[0]);
    expect(await readFile(join(stateDir, 'queue', first!.id))).toEqual(first!.body);

    await queue.ack(first!.id);
    await queue.ack(first!.id); // a second ack of the same batch is harmless
    expect(queue.depth()).toBe(2);
    expect(await drain(queue)).toEqual([1, 2]);
    expect(queue.depth()).toBe(0);
    expect(queue.bytes()).toBe(0);
    expect(await readdir(join(stateDir, 'queue'))).toEqual([]);
  });

  it('counts bytes as the sum of the batch files', async () => {
    const queue = await DiskQueue.open({ stateDir });
    await queue.enqueue(sampleReport(0));
    await queue.enqueue(sampleReport(1));
    const dir = join(stateDir, 'queue');
    const sizes = await Promise.all((await readdir(dir)).map(async (n) => (await stat(join(dir, n))).size));
    expect(queue.bytes()).toBe(sizes[0]! + sizes[1]!);
  });

  it('keeps its order across a restart, and new batches go after the old ones', async () => {
    const before = await DiskQueue.open({ stateDir });
    for (let w = 0; w < 12; w += 1) await before.enqueue(sampleReport(w));
    const oldest = await before.peek();
    await before.ack(oldest!.id);

    const after = await DiskQueue.open({ stateDir });
    expect(after.depth()).toBe(11);
    await after.enqueue(sampleReport(12));
    expect(await drain(after)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('drops the oldest batches when the batch bound is hit, and counts them across restarts', async () => {
    const queue = await DiskQueue.open({ stateDir, limits: { maxBatches: 3 } });
    for (let w = 0; w < 5; w += 1) await queue.enqueue(sampleReport(w));
    expect(queue.depth()).toBe(3);
    expect(queue.counters().batchesDropped).toBe(2);
    expect(queue.counters().bytesDropped).toBeGreaterThan(0);

    const reopened = await DiskQueue.open({ stateDir, limits: { maxBatches: 3 } });
    expect(reopened.counters().batchesDropped).toBe(2);
    await reopened.enqueue(sampleReport(5));
    expect(reopened.counters().batchesDropped).toBe(3);
    expect(await drain(reopened)).toEqual([3, 4, 5]);
  });

  it('drops the oldest batches when the byte bound is hit', async () => {
    const probe = await DiskQueue.open({ stateDir: join(stateDir, 'probe') });
    await probe.enqueue(sampleReport(0));
    const oneBatch = probe.bytes();

    const queue = await DiskQueue.open({ stateDir, limits: { maxBytes: Math.floor(oneBatch * 3.5) } });
    for (let w = 0; w < 6; w += 1) await queue.enqueue(sampleReport(w));
    expect(queue.depth()).toBe(3);
    expect(queue.bytes()).toBeLessThanOrEqual(Math.floor(oneBatch * 3.5));
    expect(queue.counters().batchesDropped).toBe(3);
    expect(await drain(queue)).toEqual([3, 4, 5]);
  });

  it('drops a batch that alone is over the byte bound instead of emptying the queue for it', async () => {
    const queue = await DiskQueue.open({ stateDir, limits: { maxBytes: 200 } });
    const result = await queue.enqueue(sampleReport(0));
    expect(result.id).toBeUndefined();
    expect(queue.depth()).toBe(0);
    expect(queue.counters().batchesDropped).toBe(1);
  });

  it('applies lowered bounds at open', async () => {
    const queue = await DiskQueue.open({ stateDir });
    for (let w = 0; w < 4; w += 1) await queue.enqueue(sampleReport(w));
    const smaller = await DiskQueue.open({ stateDir, limits: { maxBatches: 1 } });
    expect(smaller.counters().batchesDropped).toBe(3);
    expect(await drain(smaller)).toEqual([3]);
  });

  it('removes half-written temp files a crash left behind and ignores foreign files', async () => {
    const queue = await DiskQueue.open({ stateDir });
    await queue.enqueue(sampleReport(0));
    const dir = join(stateDir, 'queue');
    await writeFile(join(dir, '.0000000000000001-2b1e8a70-1d2c-4a8e-9a51-0c3f5e9d7b11.json.gz.a1b2c3.tmp'), 'half');
    await writeFile(join(stateDir, '.queue-counters.json.d4e5f6.tmp'), '{"batchesDr');
    await writeFile(join(dir, 'README'), 'not a batch');

    const reopened = await DiskQueue.open({ stateDir });
    expect(reopened.depth()).toBe(1);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect((await readdir(stateDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(await drain(reopened)).toEqual([0]);
  });

  it('sets a corrupt batch aside instead of looping on it, and goes on with the next', async () => {
    const queue = await DiskQueue.open({ stateDir });
    const bad = await queue.enqueue(sampleReport(0));
    await queue.enqueue(sampleReport(1));
    await writeFile(join(stateDir, 'queue', bad.id!), gzipSync('{"batchId": "trunc'));

    const reopened = await DiskQueue.open({ stateDir });
    expect(await drain(reopened)).toEqual([1]);
    expect(reopened.counters().batchesRejected).toBe(1);
    const rejected = await readdir(join(stateDir, 'rejected'));
    const note = rejected.find((n) => n.endsWith('.reason.json'));
    expect(JSON.parse(await readFile(join(stateDir, 'rejected', note!), 'utf8'))).toMatchObject({
      reason: expect.stringMatching(/^corrupt on disk/) as unknown,
    });
  });

  it('sets a refused batch aside with its reason, counts it, and keeps the count across restarts', async () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    const queue = await DiskQueue.open({ stateDir, now: () => now });
    const refused = sampleReport(0);
    await queue.enqueue(refused);
    await queue.enqueue(sampleReport(1));
    const head = await queue.peek();
    await queue.setAside(head!.id, 'HTTP 400: bad field /connections/0');

    expect(queue.depth()).toBe(1);
    const files = (await readdir(join(stateDir, 'rejected'))).sort();
    expect(files).toHaveLength(2);
    const moved = await readFile(join(stateDir, 'rejected', files[0]!));
    expect(decode(moved).batchId).toBe(refused.batchId);
    expect(JSON.parse(await readFile(join(stateDir, 'rejected', files[1]!), 'utf8'))).toEqual({
      batchId: refused.batchId,
      rejectedAt: '2026-11-25T10:00:00.000Z',
      reason: 'HTTP 400: bad field /connections/0',
    });
    expect((await DiskQueue.open({ stateDir })).counters().batchesRejected).toBe(1);
  });

  it('keeps only the newest set-aside batches', async () => {
    let clock = 1_000;
    const queue = await DiskQueue.open({ stateDir, maxRejectedKept: 2, now: () => clock++ });
    const ids: string[] = [];
    for (let w = 0; w < 4; w += 1) ids.push((await queue.enqueue(sampleReport(w))).id!);
    for (const id of ids) await queue.setAside(id, 'refused');
    const kept = (await readdir(join(stateDir, 'rejected'))).filter((n) => n.endsWith('.json.gz'));
    expect(kept.map((n) => n.slice(17))).toEqual([ids[2], ids[3]]);
    expect(queue.counters().batchesRejected).toBe(4);
  });

  it('starts its counters from zero when the counters file is unreadable, instead of refusing to open', async () => {
    await writeFile(join(stateDir, 'queue-counters.json'), '{"batchesDropped": 5, "batchesRej');
    const queue = await DiskQueue.open({ stateDir, limits: { maxBatches: 1 } });
    expect(queue.counters()).toEqual({ batchesDropped: 0, bytesDropped: 0, batchesRejected: 0 });
    await queue.enqueue(sampleReport(0));
    await queue.enqueue(sampleReport(1));
    expect((await DiskQueue.open({ stateDir })).counters().batchesDropped).toBe(1);
  });

  it('keeps call order for concurrent enqueues', async () => {
    const queue = await DiskQueue.open({ stateDir });
    await Promise.all(Array.from({ length: 20 }, (_, w) => queue.enqueue(sampleReport(w))));
    expect(await drain(queue)).toEqual(Array.from({ length: 20 }, (_, w) => w));
  });
});
