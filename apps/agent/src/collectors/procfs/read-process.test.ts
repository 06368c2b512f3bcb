import { FakeProcBuilder, type FakeProcTree } from '@servicemap/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { readProcess, type ProcessStatic } from './read-process.js';

const tree: FakeProcTree = new FakeProcBuilder()
  .process({ pid: 10, comm: 'sshd', cmdline: ['sshd: ann [priv]'], exe: '/usr/sbin/sshd', startTicks: 250, fds: { 3: 'socket:[77]', 4: 'anon_inode:[eventpoll]' } })
  .process({ pid: 11, comm: 'sshd', omit: ['fd'] })
  .build();
afterAll(() => {
  tree.remove();
});

describe('readProcess', () => {
  it('reads one process with its start time from boot time plus ticks', () => {
    const info = readProcess(tree.root, 10, { bootTimeMs: 1_000_000 });
    expect(info).toMatchObject({ pid: 10, comm: 'sshd', cmdline: ['sshd: ann [priv]'], exePath: '/usr/sbin/sshd', startTimeMs: 1_002_500, socketInodes: [77] });
  });

  it('returns undefined, never throws, for a missing pid or a process whose fd dir vanished', () => {
    expect(readProcess(tree.root, 12345, { bootTimeMs: 0 })).toBeUndefined();
    expect(readProcess(tree.root, 11, { bootTimeMs: 0 })).toBeUndefined();
  });

  it('fills and reuses the cache of static facts', () => {
    const cache = new Map<number, ProcessStatic>();
    readProcess(tree.root, 10, { bootTimeMs: 0, cache });
    expect(cache.get(10)).toMatchObject({ startTicks: 250, comm: 'sshd', exePath: '/usr/sbin/sshd' });
    cache.set(10, { ...cache.get(10)!, cwd: '/from-cache' });
    expect(readProcess(tree.root, 10, { bootTimeMs: 0, cache })?.cwd).toBe('/from-cache');
  });
});
