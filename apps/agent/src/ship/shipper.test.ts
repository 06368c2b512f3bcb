import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { QueuedBatch } from './disk-queue.js';
import type { IngestPoster, IngestResponse } from './ingest-client.js';
import { Shipper, type ShipperQueue, type ShipperTimers } from './shipper.js';

class FakeQueue implements ShipperQueue {
  readonly batches: QueuedBatch[] = [];
  readonly setAsideReasons = new Map<string, string>();

  add(...ids: string[]): void {
    for (const id of ids) this.batches.push({ id, batchId: id, body: Buffer.from(id) });
  }
  peek(): Promise<QueuedBatch | undefined> {
    return Promise.resolve(this.batches[0]);
  }
  ack(id: string): Promise<void> {
    this.#remove(id);
    return Promise.resolve();
  }
  setAside(id: string, reason: string): Promise<void> {
    this.setAsideReasons.set(id, reason);
    this.#remove(id);
    return Promise.resolve();
  }
  #remove(id: string): void {
    const index = this.batches.findIndex((b) => b.id === id);
    if (index >= 0) this.batches.splice(index, 1);
  }
}

/** Timers that only fire when the test says so. */
class ManualTimers implements ShipperTimers {
  readonly pending = new Map<number, { callback: () => void; ms: number }>();
  #next = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.#next++;
    this.pending.set(handle, { callback, ms });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  delays(): number[] {
    return [...this.pending.values()].map((t) => t.ms);
  }
  fireAll(): void {
    const due = [...this.pending.entries()];
    this.pending.clear();
    for (const [, timer] of due) timer.callback();
  }
}

/** Answers from a script; each entry is a status (with optional body/Retry-After) or an error. */
class ScriptedPoster implements IngestPoster {
  readonly sent: string[] = [];
  constructor(readonly script: (Partial<IngestResponse> | Error)[]) {}
  post(body: Buffer): Promise<IngestResponse> {
    this.sent.push(body.toString());
    const next = this.script.shift() ?? { status: 200 };
    if (next instanceof Error) return Promise.reject(next);
    return Promise.resolve({ status: next.status ?? 200, body: next.body ?? '', retryAfter: next.retryAfter });
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await nextTurn();
}

function setup(script: (Partial<IngestResponse> | Error)[], clockMs = 1_000_000) {
  const queue = new FakeQueue();
  const timers = new ManualTimers();
  const poster = new ScriptedPoster(script);
  const clock = { ms: clockMs };
  const shipper = new Shipper({
    queue,
    poster,
    timers,
    now: () => clock.ms,
    random: () => 0.5,
    backoff: { baseMs: 1_000, capMs: 10_000 },
    idlePollMs: 5_000,
  });
  return { queue, timers, poster, shipper, clock };
}

describe('Shipper', () => {
  it('sends the oldest batch, and on each 200 deletes it and sends the next at once', async () => {
    const { queue, timers, poster, shipper, clock } = setup([]);
    queue.add('a', 'b', 'c');
    shipper.start();
    await settle();
    expect(poster.sent).toEqual(['a', 'b', 'c']);
    expect(queue.batches).toEqual([]);
    // Only the idle poll is waiting: no backoff happened between batches.
    expect(timers.delays()).toEqual([5_000]);
    expect(shipper.status()).toMatchObject({ batchesSent: 3, lastSuccessAtMs: clock.ms, lastError: null });
    await shipper.stop();
  });

  it('backs off exponentially with jitter on retryable answers, and resets after a success', async () => {
    const { queue, timers, poster, shipper } = setup([{ status: 503 }, new Error('ECONNREFUSED'), { status: 401 }]);
    queue.add('a');
    shipper.start();
    const delays: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      await settle();
      delays.push(...timers.delays());
      timers.fireAll();
    }
    await settle();
    // random() = 0.5 of ceilings 1 s, 2 s, 4 s.
    expect(delays).toEqual([500, 1_000, 2_000]);
    expect(poster.sent).toEqual(['a', 'a', 'a', 'a']);
    expect(queue.batches).toEqual([]);
    expect(shipper.status().consecutiveFailures).toBe(0);

    poster.script.push({ status: 503 });
    queue.add('b');
    shipper.kick();
    await settle();
    expect(timers.delays()).toEqual([500]);
    await shipper.stop();
  });

  it('records the last error with its status for agent status', async () => {
    const { queue, shipper, clock } = setup([{ status: 503, body: 'busy' }]);
    queue.add('a');
    shipper.start();
    await settle();
    expect(shipper.status()).toMatchObject({
      lastError: { atMs: clock.ms, status: 503, message: 'HTTP 503: busy' },
      consecutiveFailures: 1,
      nextAttemptAtMs: clock.ms + 500,
      lastSuccessAtMs: null,
    });
    await shipper.stop();
  });

  it('honours Retry-After up to the cap', async () => {
    const { queue, timers, shipper } = setup([{ status: 429, retryAfter: '7' }]);
    queue.add('a');
    shipper.start();
    await settle();
    expect(timers.delays()).toEqual([7_000]);
    await shipper.stop();
  });

  it('sets a 400 or 413 batch aside with the server body and goes on without waiting', async () => {
    const body = '{"error":{"code":"INVALID_REPORT","message":"/connections/0/destinationPort"}}';
    const { queue, timers, poster, shipper } = setup([{ status: 400, body }, { status: 413, body: 'too big' }]);
    queue.add('a', 'b', 'c');
    shipper.start();
    await settle();
    expect(poster.sent).toEqual(['a', 'b', 'c']);
    expect(queue.setAsideReasons.get('a')).toBe(`HTTP 400: ${body}`);
    expect(queue.setAsideReasons.get('b')).toBe('HTTP 413: too big');
    expect(queue.batches).toEqual([]);
    expect(timers.delays()).toEqual([5_000]);
    expect(shipper.status()).toMatchObject({ batchesSent: 1, batchesSetAside: 2, consecutiveFailures: 0 });
    await shipper.stop();
  });

  it('wakes from the idle wait when kicked', async () => {
    const { queue, poster, shipper } = setup([]);
    shipper.start();
    await settle();
    queue.add('a');
    shipper.kick();
    await settle();
    expect(poster.sent).toEqual(['a']);
    await shipper.stop();
  });

  it('stops during a backoff wait without leaving a timer', async () => {
    const { queue, timers, shipper } = setup([{ status: 503 }]);
    queue.add('a');
    shipper.start();
    await settle();
    expect(timers.pending.size).toBe(1);
    await shipper.stop();
    expect(timers.pending.size).toBe(0);
    expect(queue.batches).toHaveLength(1);
    expect(shipper.status().running).toBe(false);
  });

  it('aborts the request in flight on stop and keeps its batch queued', async () => {
    const queue = new FakeQueue();
    const timers = new ManualTimers();
    let seenSignal: AbortSignal | undefined;
    const hanging: IngestPoster = {
      post: (_body, signal) =>
        new Promise((_resolve, reject) => {
          seenSignal = signal;
          signal.addEventListener('abort', () => { reject(new Error('aborted')); });
        }),
    };
    const shipper = new Shipper({ queue, poster: hanging, timers });
    queue.add('a');
    shipper.start();
    await settle();
    expect(seenSignal?.aborted).toBe(false);
    await shipper.stop();
    expect(seenSignal?.aborted).toBe(true);
    expect(queue.batches.map((b) => b.id)).toEqual(['a']);
    expect(timers.pending.size).toBe(0);
    expect(shipper.status().lastError).toBeNull();
  });

  it('treats a failing queue like a failed send instead of crashing', async () => {
    const timers = new ManualTimers();
    const broken: ShipperQueue = {
      peek: () => Promise.reject(new Error('EIO')),
      ack: () => Promise.resolve(),
      setAside: () => Promise.resolve(),
    };
    const shipper = new Shipper({ queue: broken, poster: new ScriptedPoster([]), timers, random: () => 0.5 });
    shipper.start();
    await settle();
    expect(shipper.status().lastError?.message).toBe('queue: EIO');
    expect(timers.delays()).toEqual([500]);
    await shipper.stop();
  });
});
