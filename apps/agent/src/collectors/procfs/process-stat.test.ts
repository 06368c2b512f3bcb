import { describe, expect, it } from 'vitest';
import { parseBootTimeMs, parseCmdline, parseNamespaceInode, parseProcessStat, parseStatusIds } from './process-stat.js';

const tail = (state: string, ppid: number, startTicks: number) =>
  `${state} ${ppid} 7 7 0 -1 4194560 1 0 0 0 3 4 0 0 20 0 1 0 ${startTicks} 1000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n`;

describe('parseProcessStat', () => {
  it('reads comm up to the last parenthesis, however odd the name', () => {
    const stat = parseProcessStat(`42 (a) b (c) d) ${tail('S', 1, 12345)}`);
    expect(stat).toEqual({ comm: 'a) b (c) d', state: 'S', ppid: 1, flags: 4194560, startTicks: 12345 });
  });

  it('reads a zombie state and an empty comm', () => {
    expect(parseProcessStat(`7 () ${tail('Z', 3, 9)}`)).toMatchObject({ comm: '', state: 'Z', ppid: 3, startTicks: 9 });
  });

  it('rejects text that is not a stat line', () => {
    expect(parseProcessStat('')).toBeUndefined();
    expect(parseProcessStat('42 (x) S 1')).toBeUndefined();
  });
});

describe('parseStatusIds', () => {
  it('takes the effective uid and gid', () => {
    const text = 'Name:\tsu\nUid:\t1000\t0\t0\t0\nGid:\t100\t50\t50\t50\n';
    expect(parseStatusIds(text)).toEqual({ uid: 0, gid: 50 });
    expect(parseStatusIds('Name:\tx\n')).toEqual({ uid: -1, gid: -1 });
  });
});

describe('parseCmdline', () => {
  it('splits NUL-separated argv, keeping empty arguments in the middle', () => {
    expect(parseCmdline('/usr/bin/node\0server.js\0\0--x\0')).toEqual(['/usr/bin/node', 'server.js', '', '--x']);
  });

  it('keeps a setproctitle string whole and drops its NUL padding', () => {
    expect(parseCmdline('nginx: worker process\0\0\0\0')).toEqual(['nginx: worker process']);
    expect(parseCmdline('postgres: checkpointer ')).toEqual(['postgres: checkpointer ']);
  });

  it('gives no arguments for an empty file', () => {
    expect(parseCmdline('')).toEqual([]);
  });
});

describe('parseBootTimeMs and parseNamespaceInode', () => {
  it('reads btime in milliseconds and the inode of a namespace link', () => {
    expect(parseBootTimeMs('cpu  1 2 3\nbtime 1700000000\nprocesses 5\n')).toBe(1_700_000_000_000);
    expect(parseBootTimeMs('cpu 1\n')).toBeUndefined();
    expect(parseNamespaceInode('net:[4026531833]')).toBe(4026531833);
    expect(parseNamespaceInode('garbage')).toBe(0);
  });
});
