import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_ROOT_NETNS, FakeProcBuilder, type FakeProcTree } from '@servicemap/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpState } from '../../model/socket-entry.js';
import { nodeProcFs, type ProcFs } from './proc-fs.js';
import { ProcfsReader } from './procfs-reader.js';
import { Limitation } from './read-process.js';

const OTHER_NETNS = 4026532999;
const CONTAINER = '3f'.repeat(32);
const BOOT_S = 1_700_000_000;
const trees: FakeProcTree[] = [];
afterEach(() => {
  for (const tree of trees.splice(0)) tree.remove();
});

/** A small machine: an agent, nginx master and worker sharing a listener, odd processes, a container in another netns. */
function world(): FakeProcBuilder {
  return new FakeProcBuilder()
    .bootTime(BOOT_S)
    .self(100)
    .netns(FAKE_ROOT_NETNS, {
      tcp: [
        { localIp: '0.0.0.0', localPort: 80, state: TcpState.LISTEN, inode: 1001 },
        { localIp: '127.0.0.1', localPort: 80, remoteIp: '127.0.0.1', remotePort: 50000, state: TcpState.ESTABLISHED, inode: 1002 },
      ],
      tcp6: [
        { localIp: '::1', localPort: 8443, state: TcpState.LISTEN, inode: 1003 },
        { localIp: '::ffff:127.0.0.1', localPort: 9000, remoteIp: '::ffff:127.0.0.1', remotePort: 41000, state: TcpState.ESTABLISHED, inode: 1004 },
      ],
    })
    .netns(OTHER_NETNS, {
      tcp: [{ localIp: '10.1.0.2', localPort: 6379, state: TcpState.LISTEN, inode: 2001 }],
      tcp6: [{ localIp: '::', localPort: 5432, state: TcpState.LISTEN, inode: 2002 }],
    })
    .process({ pid: 2, ppid: 0, comm: 'kthreadd', flags: 0x00208040, exe: null, cwd: null, cmdline: '' })
    .process({ pid: 100, comm: 'servicemap', cmdline: ['node', 'servicemap.mjs', 'agent'], exe: '/usr/bin/node' })
    .process({
      pid: 200,
      comm: 'nginx',
      cmdline: 'nginx: master process /usr/sbin/nginx\0\0\0\0',
      exe: '/usr/sbin/nginx (deleted)',
      startTicks: 4200,
      fds: { 0: '/dev/null', 3: 'socket:[1001]', 4: 'pipe:[77]' },
    })
    .process({
      pid: 201,
      ppid: 200,
      comm: 'nginx',
      uid: 33,
      gid: 33,
      cmdline: 'nginx: worker process',
      exe: '/usr/sbin/nginx (deleted)',
      fds: { 3: 'socket:[1001]', 7: 'socket:[1002]', 8: 'socket:[1004]' },
    })
    .process({ pid: 300, ppid: 200, comm: 'nginx', state: 'Z', exe: null, cwd: null, cmdline: '' })
    .process({ pid: 400, comm: 'gone-early', omit: ['stat', 'status', 'cmdline', 'cgroup', 'fd'], exe: null, cwd: null, netns: null })
    .process({ pid: 401, comm: 'gone-late', omit: ['fd'], fds: {} })
    .process({ pid: 600, comm: 'tmux: a (b) c', cmdline: [], cwd: '/home/ann' })
    .process({
      pid: 700,
      comm: 'redis-server',
      netns: OTHER_NETNS,
      cgroup: `0::/system.slice/docker-${CONTAINER}.scope\n`,
      fds: { 6: 'socket:[2001]', 7: 'socket:[2002]' },
    });
}

function build(builder: FakeProcBuilder): FakeProcTree {
  const tree = builder.build();
  trees.push(tree);
  return tree;
}

describe('ProcfsReader.snapshot on a fixture tree', () => {
  it('reads every live process with its details and skips the ones that vanished mid-scan', () => {
    const tree = build(world());
    const snap = new ProcfsReader({ procRoot: tree.root }).snapshot(123);
    expect(snap.takenAtMs).toBe(123);
    expect([...snap.processes.keys()].sort((a, b) => a - b)).toEqual([2, 100, 200, 201, 300, 600, 700]);
    expect(snap.processes.get(200)).toEqual({
      pid: 200,
      ppid: 1,
      comm: 'nginx',
      exePath: '/usr/sbin/nginx',
      exeDeleted: true,
      cmdline: ['nginx: master process /usr/sbin/nginx'],
      cwd: '/',
      uid: 0,
      gid: 0,
      startTimeMs: BOOT_S * 1000 + 42_000,
      netns: FAKE_ROOT_NETNS,
      containerId: '',
      zombie: false,
      socketInodes: [1001],
    });
    expect(snap.processes.get(201)).toMatchObject({ cmdline: ['nginx: worker process'], uid: 33, gid: 33, ppid: 200 });
    expect(snap.processes.get(600)).toMatchObject({ comm: 'tmux: a (b) c', cmdline: [], cwd: '/home/ann' });
    expect(snap.processes.get(700)).toMatchObject({ containerId: CONTAINER, netns: OTHER_NETNS, socketInodes: [2001, 2002] });
    expect(snap.limitations).toEqual([]);
  });

  it('shows zombies and kernel threads without exe, cmdline or fds', () => {
    const snap = new ProcfsReader({ procRoot: build(world()).root }).snapshot(0);
    expect(snap.processes.get(300)).toMatchObject({ zombie: true, exePath: '', cmdline: [], cwd: '', socketInodes: [] });
    expect(snap.processes.get(2)).toMatchObject({ zombie: false, comm: 'kthreadd', exePath: '', cmdline: [], socketInodes: [] });
  });

  it("reads only the agent's own namespace by default, through self", () => {
    const snap = new ProcfsReader({ procRoot: build(world()).root }).snapshot(0);
    expect(snap.ownNetns).toBe(FAKE_ROOT_NETNS);
    expect(snap.netns).toEqual([FAKE_ROOT_NETNS]);
    expect(snap.sockets.map((s) => [s.inode, s.family, s.localIp, s.localPort, s.state])).toEqual([
      [1001, 4, '0.0.0.0', 80, TcpState.LISTEN],
      [1002, 4, '127.0.0.1', 80, TcpState.ESTABLISHED],
      [1003, 6, '::1', 8443, TcpState.LISTEN],
      [1004, 4, '127.0.0.1', 9000, TcpState.ESTABLISHED],
    ]);
  });

  it('resolves self from selfPid when the tree has no self link', () => {
    const builder = world();
    const tree = build(builder.self(201));
    const snap = new ProcfsReader({ procRoot: tree.root, selfPid: 700 }).snapshot(0);
    expect(snap.ownNetns).toBe(OTHER_NETNS);
    expect(snap.sockets.map((s) => s.inode)).toEqual([2001, 2002]);
  });

  it('reads each network namespace once with namespaces: all, tagging its sockets', () => {
    const tree = build(world());
    const reads: string[] = [];
    const fs: ProcFs = { ...nodeProcFs, readFile: (path) => (reads.push(path), nodeProcFs.readFile(path)) };
    const snap = new ProcfsReader({ procRoot: tree.root, namespaces: 'all', fs }).snapshot(0);
    expect(snap.netns).toEqual([FAKE_ROOT_NETNS, OTHER_NETNS]);
    const other = snap.sockets.filter((s) => s.netns === OTHER_NETNS);
    expect(other.map((s) => [s.inode, s.localIp, s.localPort])).toEqual([
      [2001, '10.1.0.2', 6379],
      [2002, '::', 5432],
    ]);
    expect(snap.sockets.filter((s) => s.netns === FAKE_ROOT_NETNS)).toHaveLength(4);
    expect(reads.filter((p) => p.endsWith('/net/tcp'))).toHaveLength(2);
  });

  it('lists every owner of a shared socket', () => {
    const snap = new ProcfsReader({ procRoot: build(world()).root }).snapshot(0);
    const owners = [...snap.processes.values()].filter((p) => p.socketInodes.includes(1001)).map((p) => p.pid);
    expect(owners.sort()).toEqual([200, 201]);
  });

  it('empties unreadable fields and notes each limitation once', () => {
    const tree = build(world());
    const denied = (path: string): boolean => /\/(200|201|700)\/(fd|exe|cwd)/.test(path);
    const eacces = (path: string) => Object.assign(new Error(`EACCES: ${path}`), { code: 'EACCES' });
    const fs: ProcFs = {
      readFile: (path) => nodeProcFs.readFile(path),
      readLink: (path) => {
        if (denied(path)) throw eacces(path);
        return nodeProcFs.readLink(path);
      },
      readDir: (path) => {
        if (denied(path)) throw eacces(path);
        return nodeProcFs.readDir(path);
      },
    };
    const snap = new ProcfsReader({ procRoot: tree.root, fs, asRoot: false }).snapshot(0);
    expect(snap.processes.get(201)).toMatchObject({ exePath: '', cwd: '', socketInodes: [], cmdline: ['nginx: worker process'] });
    expect([...snap.limitations].sort()).toEqual([Limitation.detailsDenied, Limitation.fdsDenied].sort());
    // As root the same denials mean something else; the advice to run as root would be wrong.
    const asRoot = new ProcfsReader({ procRoot: tree.root, fs, asRoot: true }).snapshot(0);
    expect([...asRoot.limitations].sort()).toEqual([Limitation.detailsDeniedAsRoot, Limitation.fdsDeniedAsRoot].sort());
  });

  it('skips a process whose files disappear after its stat was read', () => {
    const tree = build(world());
    const fs: ProcFs = {
      ...nodeProcFs,
      readLink: (path) => {
        if (path.endsWith('/600/exe')) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        return nodeProcFs.readLink(path);
      },
    };
    const snap = new ProcfsReader({ procRoot: tree.root, fs }).snapshot(0);
    expect(snap.processes.has(600)).toBe(false);
    expect(snap.processes.has(201)).toBe(true);
  });
});

describe('ProcfsReader.readTables and rescan', () => {
  it('reads the tables alone, of every namespace with namespaces: all', () => {
    const tree = build(world());
    const reader = new ProcfsReader({ procRoot: tree.root, namespaces: 'all' });
    expect(reader.readTables()).toEqual(reader.snapshot(0).sockets);
    expect(new Set(reader.readTables().map((s) => s.netns))).toEqual(new Set([FAKE_ROOT_NETNS, OTHER_NETNS]));
  });

  it('re-reads only the named pids and leaves out those that are gone', () => {
    const reader = new ProcfsReader({ procRoot: build(world()).root });
    expect(reader.rescan([201, 400, 401, 99999]).map((p) => p.pid)).toEqual([201]);
  });

  it('keeps cached static facts for the same start time but always re-reads the fds', () => {
    const tree = build(world());
    const reader = new ProcfsReader({ procRoot: tree.root });
    reader.snapshot(0);
    writeFileSync(join(tree.root, '201', 'cmdline'), 'changed\0');
    const [again] = reader.rescan([201]);
    expect(again?.cmdline).toEqual(['nginx: worker process']);
    reader.invalidate(201);
    expect(reader.rescan([201])[0]?.cmdline).toEqual(['changed']);
  });

  it('drops the cache when the pid was reused (new start time)', () => {
    const tree = build(world());
    const reader = new ProcfsReader({ procRoot: tree.root });
    reader.snapshot(0);
    const statPath = join(tree.root, '600', 'stat');
    const newStat = nodeProcFs.readFile(statPath).replace(/^(.*\) \S+(?: \S+){18}) 1000 /, '$1 5000 ');
    writeFileSync(statPath, newStat);
    writeFileSync(join(tree.root, '600', 'cmdline'), 'reborn\0');
    expect(reader.rescan([600])[0]).toMatchObject({ cmdline: ['reborn'], startTimeMs: BOOT_S * 1000 + 50_000 });
  });

  it('walks the fds of a pid that was a zombie at the last scan and is now reused', () => {
    const tree = build(world());
    const reader = new ProcfsReader({ procRoot: tree.root });
    expect(reader.snapshot(0).processes.get(300)?.zombie).toBe(true);
    const dir = join(tree.root, '300');
    writeFileSync(join(dir, 'stat'), nodeProcFs.readFile(join(dir, 'stat')).replace(') Z ', ') S ').replace(' 1000 ', ' 9000 '));
    symlinkSync('/usr/bin/reborn', join(dir, 'exe'));
    symlinkSync('/', join(dir, 'cwd'));
    mkdirSync(join(dir, 'fd'), { recursive: true });
    symlinkSync('socket:[1002]', join(dir, 'fd', '5'));
    expect(reader.snapshot(1).processes.get(300)).toMatchObject({ zombie: false, exePath: '/usr/bin/reborn', socketInodes: [1002] });
  });
});
