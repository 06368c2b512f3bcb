import { FakeProcBuilder, type FakeProcTree } from '@servicemap/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcReadPool, type ProcReadTask } from './proc-read-pool.js';

const PROCESSES = 120;
const FDS_EACH = 60;
const builder = new FakeProcBuilder().netns(4026531833, { tcp: [{ localIp: '127.0.0.1', localPort: 80, state: 10, inode: 5 }] });
for (let pid = 1000; pid < 1000 + PROCESSES; pid++) {
  const fds: Record<number, string> = { 0: '/dev/null', 1: 'pipe:[9]' };
  for (let fd = 3; fd < 3 + FDS_EACH; fd++) fds[fd] = `socket:[${pid * 100 + fd}]`;
  builder.process({ pid, fds });
}
const tree: FakeProcTree = builder.build();
const pools: ProcReadPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  tree.remove();
});

const tasks: ProcReadTask[] = [
  { kind: 'file', path: `${tree.root}/1000/net/tcp` },
  { kind: 'file', path: `${tree.root}/1000/net/nope` },
  { kind: 'fds', path: `${tree.root}/99999/fd` },
  ...Array.from({ length: PROCESSES }, (_, i) => ({ kind: 'fds' as const, path: `${tree.root}/${1000 + i}/fd` })),
];

function pool(helperThread: boolean): ProcReadPool {
  const p = new ProcReadPool({ helperThread });
  pools.push(p);
  return p;
}

describe('ProcReadPool', () => {
  it('reads fd dirs and files on the calling thread, reporting errors by code', () => {
    const results = pool(false).run(tasks);
    expect(results[0]).toMatchObject({ kind: 'file' });
    expect(results[1]).toEqual({ kind: 'error', code: 'ENOENT' });
    expect(results[2]).toEqual({ kind: 'error', code: 'ENOENT' });
    const first = results[3];
    expect(first?.kind).toBe('fds');
    // readdir order is the directory's, not numeric.
    const inodes = first?.kind === 'fds' ? [...first.inodes].sort((a, b) => a - b) : [];
    expect(inodes).toEqual(Array.from({ length: FDS_EACH }, (_, i) => 100_000 + 3 + i));
  });

  it('gives the same results when the helper thread takes part', async () => {
    const expected = pool(false).run(tasks);
    const shared = pool(true);
    // The helper joins once its thread is up; until then the caller does everything.
    let results = shared.run(tasks);
    for (let i = 0; i < 100 && shared.lastHelperTasks === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      results = shared.run(tasks);
    }
    expect(shared.lastHelperTasks).toBeGreaterThan(0);
    expect(results).toEqual(expected);
  });

  it('keeps working on the calling thread after close', async () => {
    const p = pool(true);
    p.run(tasks);
    await p.close();
    expect(p.run(tasks)).toEqual(pool(false).run(tasks));
    expect(p.lastHelperTasks).toBe(0);
  });
});
