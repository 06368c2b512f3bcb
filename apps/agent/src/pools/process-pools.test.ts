import { describe, expect, it } from 'vitest';
import { MACHINE, proc } from '../aggregate/test-world.test-support.js';
import { buildPools, identityCommandLine, poolIdOf } from './process-pools.js';

const users = (uid: number): string => (uid === 0 ? 'root' : uid === 33 ? 'www-data' : String(uid));

describe('buildPools', () => {
  it('puts an nginx master and its workers (other user, other title) in one pool led by the master', () => {
    const master = proc(100, { exePath: '/usr/sbin/nginx', cmdline: ['nginx: master process /usr/sbin/nginx'] });
    const w1 = proc(101, { ppid: 100, uid: 33, exePath: '/usr/sbin/nginx', cmdline: ['nginx: worker process'] });
    const w2 = proc(102, { ppid: 100, uid: 33, exePath: '/usr/sbin/nginx', cmdline: ['nginx: worker process'] });
    const { pools, poolOfPid } = buildPools(new Map([master, w1, w2].map((p) => [p.pid, p])), MACHINE, users);
    expect(pools.size).toBe(1);
    const pool = poolOfPid.get(102)!;
    expect(pool.pids).toEqual([100, 101, 102]);
    expect(pool.leader.pid).toBe(100);
    expect(pool.id).toBe(poolIdOf(MACHINE, '/usr/sbin/nginx', 'nginx: master process /usr/sbin/nginx', 'root'));
  });

  it('keeps a program started by the same interpreter, or in another namespace, out of the parent pool', () => {
    const runner = proc(300, { exePath: '/usr/bin/node', cmdline: ['node', 'vitest', 'run'] });
    const script = proc(301, { ppid: 300, exePath: '/usr/bin/node', cmdline: ['node', 'client.mjs'] });
    const worker = proc(302, { ppid: 300, exePath: '/usr/bin/node', cmdline: ['node', 'vitest', 'run'] });
    const elsewhere = proc(303, { ppid: 300, exePath: '/usr/bin/node', cmdline: ['node', 'vitest', 'run'], netns: 1 });
    const { poolOfPid } = buildPools(new Map([runner, script, worker, elsewhere].map((p) => [p.pid, p])), MACHINE, users);
    expect(poolOfPid.get(301)).not.toBe(poolOfPid.get(300));
    expect(poolOfPid.get(302)).toBe(poolOfPid.get(300));
    // Same identity, so the same pool id, but the leader of its own chain.
    expect(poolOfPid.get(303)!.id).toBe(poolOfPid.get(300)!.id);
  });

  it('joins identical processes started separately, and separates other users and programs', () => {
    const a = proc(200, { exePath: '/usr/bin/sleep', cmdline: ['sleep', '100'] });
    const b = proc(201, { exePath: '/usr/bin/sleep', cmdline: ['sleep', '100'] });
    const c = proc(202, { exePath: '/usr/bin/sleep', cmdline: ['sleep', '100'], uid: 33 });
    const d = proc(203, { exePath: '/usr/bin/sleep', cmdline: ['sleep', '200'] });
    const { pools, poolOfPid } = buildPools(new Map([a, b, c, d].map((p) => [p.pid, p])), MACHINE, users);
    expect(pools.size).toBe(3);
    expect(poolOfPid.get(200)).toBe(poolOfPid.get(201));
    expect(poolOfPid.get(202)).not.toBe(poolOfPid.get(200));
  });

  it('leaves kernel threads out and keeps zombies and unreadable executables by comm', () => {
    const kthread = proc(2, { ppid: 0, exePath: '', cmdline: [], comm: 'kthreadd' });
    const worker = proc(50, { ppid: 2, exePath: '', cmdline: [], comm: 'kworker/0:1' });
    const zombie = proc(60, { exePath: '', cmdline: [], comm: 'defunct', zombie: true });
    const { pools } = buildPools(new Map([kthread, worker, zombie].map((p) => [p.pid, p])), MACHINE, users);
    expect([...pools.values()].map((p) => p.leader.pid)).toEqual([60]);
  });

  it('normalises whitespace in command lines and caps their length', () => {
    expect(identityCommandLine({ cmdline: ['a  b', ' c '], comm: 'x' })).toBe('a b c');
    expect(identityCommandLine({ cmdline: [], comm: 'x' })).toBe('[x]');
    expect(identityCommandLine({ cmdline: ['y'.repeat(5000)], comm: 'x' })).toHaveLength(1024);
  });
});
