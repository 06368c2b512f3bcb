import { describe, expect, it } from 'vitest';
import { QueryGate } from './query-gate.js';

describe('QueryGate', () => {
  it('runs at most its slots at once and hands slots on in order', async () => {
    const gate = new QueryGate(2);
    const a = await gate.acquire();
    const b = await gate.acquire();
    const order: string[] = [];
    const c = gate.acquire().then((release) => { order.push('c'); return release; });
    const d = gate.acquire().then((release) => { order.push('d'); return release; });
    expect(gate.load).toEqual({ running: 2, waiting: 2 });
    a();
    a(); // a second release of the same slot frees nothing
    const releaseC = await c;
    expect(order).toEqual(['c']);
    expect(gate.load).toEqual({ running: 2, waiting: 1 });
    b();
    (await d)();
    releaseC();
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('drops a waiter whose signal aborts, without losing the slot', async () => {
    const gate = new QueryGate(1);
    const held = await gate.acquire();
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    controller.abort(new Error('timed out'));
    await expect(waiting).rejects.toThrow('timed out');
    expect(gate.load).toEqual({ running: 1, waiting: 0 });
    held();
    const next = await gate.acquire();
    expect(gate.load.running).toBe(1);
    next();
  });
});
