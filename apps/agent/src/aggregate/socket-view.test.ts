import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../model/process-info.js';
import type { ProcessPool } from '../pools/process-pools.js';
import { poolProcessName } from './socket-view.js';
import { proc } from './test-world.test-support.js';

function pool(leader: ProcessInfo): ProcessPool {
  return { id: 'p-0000000000000000000000000000000000000000', leader, pids: [leader.pid], startTimeMs: leader.startTimeMs };
}

describe('poolProcessName', () => {
  it('names a process after its executable', () => {
    expect(poolProcessName(pool(proc(1, { comm: 'nginx', exePath: '/usr/sbin/nginx', cmdline: ['nginx: master process /usr/sbin/nginx'] })))).toBe('nginx');
    expect(poolProcessName(pool(proc(2, { comm: 'python3', exePath: '/usr/bin/python3.11', cmdline: ['/usr/bin/python3', 'app.py'] })))).toBe('python3');
  });

  it('names a process started through a link to a multi-call binary after the link, as ps does', () => {
    // Debian: /usr/bin/redis-server -> redis-check-rdb; redis retitles argv[0] to "path addr:port".
    const redis = proc(3, { comm: 'redis-server', exePath: '/usr/bin/redis-check-rdb', cmdline: ['/usr/bin/redis-server 10.0.0.3:6379'] });
    expect(poolProcessName(pool(redis))).toBe('redis-server');
    const applet = proc(4, { comm: 'httpd', exePath: '/bin/busybox', cmdline: ['httpd', '-f'] });
    expect(poolProcessName(pool(applet))).toBe('httpd');
    // comm holds 15 characters: a longer link name still matches.
    const long = proc(5, { comm: 'clickhouse-serv', exePath: '/usr/bin/clickhouse', cmdline: ['/usr/bin/clickhouse-server', '--config=x'] });
    expect(poolProcessName(pool(long))).toBe('clickhouse-server');
  });

  it('keeps the executable when argv[0] was set to something else or comm was renamed', () => {
    expect(poolProcessName(pool(proc(6, { comm: 'redis-server', exePath: '/usr/bin/redis-check-rdb', cmdline: ['fake'] })))).toBe('redis-check-rdb');
    expect(poolProcessName(pool(proc(7, { comm: 'MainThread', exePath: '/usr/bin/java', cmdline: ['/usr/bin/java', '-jar', 'app.jar'] })))).toBe('java');
    expect(poolProcessName(pool(proc(8, { comm: 'kworker/0:1', exePath: '', cmdline: [] })))).toBe('kworker/0:1');
  });
});
