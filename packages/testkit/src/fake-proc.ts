import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProcNetTcp, type FakeTcpRow } from './fake-proc-net-tcp.js';

/** One process of a fake /proc tree. Every field has a plain default. */
export interface FakeProcess {
  readonly pid: number;
  /** Default 1. */
  readonly ppid?: number;
  /** Written between the parentheses of stat as is (spaces and parentheses allowed). */
  readonly comm?: string;
  /** stat state letter; default 'S'. 'Z' makes a zombie. */
  readonly state?: string;
  /** stat field 9; 0x00200000 (PF_KTHREAD) makes a kernel thread. Default 0x400100. */
  readonly flags?: number;
  /** stat field 22, clock ticks since boot. Default 1000. */
  readonly startTicks?: number;
  readonly uid?: number;
  readonly gid?: number;
  /** argv joined with NULs (and one trailing NUL), or a raw string written as is. */
  readonly cmdline?: readonly string[] | string;
  /** Symlink target of exe, any text (`/usr/sbin/nginx (deleted)`); null: no link. Default `/usr/bin/<comm>`. */
  readonly exe?: string | null;
  /** Symlink target of cwd; null: no link. Default '/'. */
  readonly cwd?: string | null;
  /** Inode for the ns/net link `net:[N]`; null: no link. Default {@link FAKE_ROOT_NETNS}. */
  readonly netns?: number | null;
  /** Text of the cgroup file. Default `0::/system.slice/<comm>.service`. */
  readonly cgroup?: string;
  /** fd number → symlink target (`socket:[12345]`, `/dev/null`, `pipe:[7]`). */
  readonly fds?: Readonly<Record<number, string>>;
  /** Files left out, as when the process exits between the listing of /proc and reading it. */
  readonly omit?: readonly ('stat' | 'status' | 'cmdline' | 'cgroup' | 'fd' | 'net')[];
}

/** The TCP tables of one fake network namespace: rows, or raw file text. */
export interface FakeNetnsTables {
  readonly tcp?: readonly FakeTcpRow[] | string;
  readonly tcp6?: readonly FakeTcpRow[] | string;
}

/** A fake /proc written to a temp dir; call remove() when done. */
export interface FakeProcTree {
  readonly root: string;
  remove(): void;
}

/** The namespace inode the default processes live in. */
export const FAKE_ROOT_NETNS = 4026531833;

/**
 * Builds a fake /proc tree in a temp dir: /proc/stat with btime, and per process stat, status,
 * cmdline, cgroup, exe/cwd/ns/net/fd symlinks and the net/tcp{,6} of its namespace.
 */
export class FakeProcBuilder {
  private bootTimeSeconds = 1_700_000_000;
  private readonly processes: FakeProcess[] = [];
  private readonly tables = new Map<number, FakeNetnsTables>();
  private selfPid: number | undefined;

  /** Sets btime (seconds since the epoch). */
  bootTime(seconds: number): this {
    this.bootTimeSeconds = seconds;
    return this;
  }

  process(process: FakeProcess): this {
    this.processes.push(process);
    return this;
  }

  /** TCP tables of a namespace; written into the net dir of each of its processes. */
  netns(inode: number, tables: FakeNetnsTables): this {
    this.tables.set(inode, tables);
    return this;
  }

  /** Makes `<root>/self` a symlink to this pid's dir, as /proc/self is. */
  self(pid: number): this {
    this.selfPid = pid;
    return this;
  }

  build(): FakeProcTree {
    const root = mkdtempSync(join(tmpdir(), 'fake-proc-'));
    writeFileSync(join(root, 'stat'), `cpu  10 0 10 1000 0 0 0 0 0 0\nbtime ${this.bootTimeSeconds}\nprocesses 4242\n`);
    for (const process of this.processes) this.writeProcess(root, process);
    if (this.selfPid !== undefined) symlinkSync(String(this.selfPid), join(root, 'self'));
    return {
      root,
      remove: () => {
        rmSync(root, { recursive: true, force: true });
      },
    };
  }

  private writeProcess(root: string, p: FakeProcess): void {
    const dir = join(root, String(p.pid));
    mkdirSync(join(dir, 'ns'), { recursive: true });
    const comm = p.comm ?? `proc${p.pid}`;
    const omit = new Set(p.omit ?? []);
    const write = (name: 'stat' | 'status' | 'cmdline' | 'cgroup', text: string): void => {
      if (!omit.has(name)) writeFileSync(join(dir, name), text);
    };
    write('stat', statLine(p, comm));
    write('status', statusText(p, comm));
    const cmdline = p.cmdline ?? [comm];
    write('cmdline', typeof cmdline === 'string' ? cmdline : cmdline.map((a) => `${a}\0`).join(''));
    write('cgroup', p.cgroup ?? `0::/system.slice/${comm}.service\n`);
    const link = (target: string | null, name: string) => {
      if (target !== null) symlinkSync(target, join(dir, name));
    };
    link(p.exe === undefined ? `/usr/bin/${comm}` : p.exe, 'exe');
    link(p.cwd === undefined ? '/' : p.cwd, 'cwd');
    const netns = p.netns === undefined ? FAKE_ROOT_NETNS : p.netns;
    link(netns === null ? null : `net:[${netns}]`, 'ns/net');
    if (!omit.has('fd')) {
      mkdirSync(join(dir, 'fd'));
      for (const [fd, target] of Object.entries(p.fds ?? {})) symlinkSync(target, join(dir, 'fd', fd));
    }
    const tables = netns === null ? undefined : this.tables.get(netns);
    if (tables !== undefined && !omit.has('net')) writeTables(join(dir, 'net'), tables);
  }
}

function writeTables(netDir: string, tables: FakeNetnsTables): void {
  mkdirSync(netDir);
  const text = (t: readonly FakeTcpRow[] | string | undefined, family: 4 | 6) =>
    typeof t === 'string' ? t : formatProcNetTcp(t ?? [], family);
  writeFileSync(join(netDir, 'tcp'), text(tables.tcp, 4));
  writeFileSync(join(netDir, 'tcp6'), text(tables.tcp6, 6));
}

function statLine(p: FakeProcess, comm: string): string {
  const fields = [
    p.state ?? 'S', // 3 state
    p.ppid ?? 1, // 4 ppid
    p.pid, // 5 pgrp
    p.pid, // 6 session
    0, // 7 tty_nr
    -1, // 8 tpgid
    p.flags ?? 0x400100, // 9 flags
    ...new Array<number>(12).fill(0), // 10-21 faults, times, priority, nice, threads, itrealvalue
    p.startTicks ?? 1000, // 22 starttime
    ...new Array<number>(30).fill(0), // 23-52
  ];
  return `${p.pid} (${comm}) ${fields.join(' ')}\n`;
}

function statusText(p: FakeProcess, comm: string): string {
  const uid = p.uid ?? 0;
  const gid = p.gid ?? 0;
  return [
    `Name:\t${comm}`,
    'Umask:\t0022',
    `State:\t${p.state ?? 'S'}`,
    `Tgid:\t${p.pid}`,
    `Pid:\t${p.pid}`,
    `PPid:\t${p.ppid ?? 1}`,
    `Uid:\t${uid}\t${uid}\t${uid}\t${uid}`,
    `Gid:\t${gid}\t${gid}\t${gid}\t${gid}`,
    '',
  ].join('\n');
}
