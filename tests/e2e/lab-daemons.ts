/**
 * The real daemons of the end-to-end lab: nginx and Redis from Debian's packages, run with
 * configs in the lab's work dir as children of the test (never as system services), and our
 * own small programs (tests/e2e/programs). Each logs to `<work>/logs/<name>.log`.
 */
import { existsSync, mkdirSync, openSync, readFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { NetnsLab } from '@servicemap/testkit';

export const NGINX = '/usr/sbin/nginx';
export const REDIS = '/usr/bin/redis-server';

/** What nginx.conf needs: where its files go and where it proxies. */
export interface NginxSite {
  readonly dir: string;
  readonly port: number;
  readonly upstream: string;
}

/**
 * An nginx.conf for a reverse proxy on `port` (IPv4 and IPv6) in front of `upstream`, with every
 * file in `dir`. Workers run as root: the work dir is private to root (mkdtemp, 0700), and
 * nobody-owned workers could not write their temp files there.
 */
export function nginxConfig(site: NginxSite): string {
  const d = site.dir;
  return `worker_processes 2;
user root;
daemon off;
pid ${d}/nginx.pid;
error_log ${d}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${d}/body;
  proxy_temp_path ${d}/proxy;
  fastcgi_temp_path ${d}/fastcgi;
  uwsgi_temp_path ${d}/uwsgi;
  scgi_temp_path ${d}/scgi;
  server {
    listen ${site.port};
    listen [::]:${site.port};
    location / { proxy_pass http://${site.upstream}; }
  }
}
`;
}

/** Opens `<logs>/<name>.log` for a child's stdout and stderr; the child keeps its own copy. */
function logFile(logs: string, name: string): number {
  mkdirSync(logs, { recursive: true });
  return openSync(join(logs, `${name}.log`), 'a');
}

/**
 * Starts `cmd` in `host` with its output in `<logs>/<name>.log`, and `env` added to ours. Each
 * child leads its own process group, so a Ctrl-C at the terminal reaches only us and we stop
 * the lab in order (agents first, while the server still takes their last window).
 */
export function spawnLogged(lab: NetnsLab, host: string, logs: string, name: string, cmd: string, args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  const fd = logFile(logs, name);
  try {
    return lab.spawn(host, cmd, args, { stdio: ['ignore', fd, fd], env: { ...process.env, ...env }, detached: true });
  } finally {
    closeSync(fd);
  }
}

/** The text of a child's log so far ('' before it wrote anything). */
export function readLog(logs: string, name: string): string {
  const path = join(logs, `${name}.log`);
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** Polls `check` every 100 ms until it holds; throws naming `what` (and `detail()`) at the deadline. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, detail: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail() === '' ? '' : `: ${detail()}`}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until something in `host` listens on TCP `port` (as `ss` inside the namespace sees it). */
export async function waitForListener(lab: NetnsLab, host: string, port: number, child: ChildProcess, logs: string, name: string): Promise<void> {
  await waitUntil(
    async () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited: ${readLog(logs, name)}`);
      const { stdout } = await lab.exec(host, 'ss', ['-Htln', `sport = :${port}`]);
      return stdout.trim() !== '';
    },
    15_000,
    `${name} to listen on ${host}:${port}`,
    () => readLog(logs, name),
  );
}

/** Stops a child with SIGTERM and waits for it; SIGKILL after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
