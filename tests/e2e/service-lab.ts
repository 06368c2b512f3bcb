/**
 * The end-to-end lab: a small service landscape in network namespaces, one Servicemap agent per
 * monitored host and one server in the root namespace. Used by the e2e live test and by
 * `npm run demo`.
 *
 * Monitored: `web` (nginx), `app` (our HTTP service, tests/e2e/programs/app-service.mjs), `db`
 * (Redis, and a feed client holding one connection to the legacy back-end). Without an agent: `legacy` (a back-end on two ports), `payments` (drops every SYN to
 * its port: connections time out), `client1..3` (clients of the web server). The app also calls
 * a cache on `db` where nothing listens (refused).
 *
 * The server listens on the lab's root link (10.213.X.254, a veth from the root namespace into
 * the lab bridge), the one address both the root namespace and the hosts reach; nothing of the
 * lab is reachable from outside this machine.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetnsLab } from '@servicemap/testkit';
import { nginxConfig, NGINX, readLog, REDIS, spawnLogged, stopChild, waitForListener, waitUntil } from './lab-daemons.js';

export const MONITORED = ['web', 'app', 'db'] as const;
export type MonitoredHost = (typeof MONITORED)[number];
export const CLIENTS = ['client1', 'client2', 'client3'] as const;
const HOSTS = [...MONITORED, 'legacy', 'payments', ...CLIENTS];

/** Ports of the landscape. */
export const PORTS = { web: 80, app: 8080, redis: 6379, legacy: [7001, 7002], cache: 11211, payments: 8443 } as const;

/** The password in the app's (unused) database URL; it must never reach the server. */
export const ORDERS_PASSWORD = 'Shop-Pw-4711';

/** Where the lab finds the command and our programs. */
export interface ServiceLabOptions {
  /** apps/cli/dist/servicemap.mjs, built. */
  readonly cli: string;
  /** tests/e2e/programs. */
  readonly programs: string;
  /** The server's port on the root link (0: any free port). */
  readonly serverPort?: number;
  /**
   * Serve HTTPS with a throwaway self-signed certificate for the root link's address (the Azure
   * SDK sends bearer tokens only over TLS); the agents trust it through SERVICEMAP_CA_FILE.
   */
  readonly tls?: boolean;
}

/** The server's address and the bootstrap credentials it wrote. */
export interface LabServer {
  readonly url: string;
  readonly workspaceId: string;
  readonly agentKey: string;
  readonly adminToken: string;
  /** The certificate to trust, with `tls`. */
  readonly ca?: Buffer;
}

interface AgentStatusFile {
  readonly agentId: string;
  readonly lastWindowAt: string | null;
}

/** A running lab; `stop()` removes everything it made, and runs at process exit too. */
export class ServiceLab {
  readonly #agents = new Map<MonitoredHost, ChildProcess>();
  #serverChild: ChildProcess | undefined;
  #server: LabServer | undefined;
  #stopped = false;
  readonly #exitHook = (): void => {
    // Last resort when stop() never ran: the lab kills its own children and namespaces itself.
    if (this.#serverChild?.pid !== undefined && this.#serverChild.exitCode === null) this.#serverChild.kill('SIGKILL');
    rmSync(this.work, { recursive: true, force: true });
  };

  private constructor(
    readonly lab: NetnsLab,
    readonly work: string,
    private readonly options: ServiceLabOptions,
  ) {
    process.on('exit', this.#exitHook);
  }

  /** Creates the lab, starts the server, the daemons and the agents; on failure removes all. */
  static async start(options: ServiceLabOptions): Promise<ServiceLab> {
    await NetnsLab.cleanupStale();
    const lab = await NetnsLab.create({ hosts: HOSTS, rootLink: true });
    const self = new ServiceLab(lab, mkdtempSync(join(tmpdir(), 'sm-e2e-')), options);
    try {
      await self.#startServer();
      await self.#startDaemons();
      await self.#startAgents();
    } catch (error) {
      await self.stop();
      throw error;
    }
    return self;
  }

  /** A program of tests/e2e/programs, by file name. */
  programFile(name: string): string {
    return join(this.options.programs, name);
  }

  get logs(): string {
    return join(this.work, 'logs');
  }

  get server(): LabServer {
    if (!this.#server) throw new Error('the lab server is not running');
    return this.#server;
  }

  /** The `m-<agent id>` machine name of a monitored host. */
  machineName(host: MonitoredHost): string {
    return `m-${this.#status(host).agentId}`;
  }

  #stateDir(host: MonitoredHost): string {
    return join(this.work, 'agents', host);
  }

  #status(host: MonitoredHost): AgentStatusFile {
    return JSON.parse(readFileSync(join(this.#stateDir(host), 'status.json'), 'utf8')) as AgentStatusFile;
  }

  async #startServer(): Promise<void> {
    const dataDir = join(this.work, 'server');
    const fd = openSync(join(this.work, 'server.log'), 'a');
    const args = [this.options.cli, 'server', '--data-dir', dataDir, '--host', this.lab.rootIp, '--port', String(this.options.serverPort ?? 0), '--log-level', 'warn'];
    const tls = this.options.tls === true ? this.#certificate() : undefined;
    if (tls) args.push('--tls-cert', tls.cert, '--tls-key', tls.key);
    const child = spawn(process.execPath, args, { stdio: ['ignore', fd, fd], detached: true });
    closeSync(fd);
    this.#serverChild = child;
    // The server is outside the namespaces: if we are SIGKILLed, the next lab's cleanup ends it.
    if (child.pid !== undefined) this.lab.recordRootProcess(child.pid, [process.execPath, ...args]);
    const state = join(dataDir, 'server.json');
    await waitUntil(
      () => {
        if (child.exitCode !== null) throw new Error(`the server exited: ${readFileSync(join(this.work, 'server.log'), 'utf8')}`);
        return existsSync(state) && (JSON.parse(readFileSync(state, 'utf8')) as { pid: number }).pid === child.pid;
      },
      30_000,
      'the server to listen',
    );
    const { url } = JSON.parse(readFileSync(state, 'utf8')) as { url: string };
    const creds = JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as LabServer;
    const ca = tls ? readFileSync(tls.cert) : undefined;
    this.#server = { url, workspaceId: creds.workspaceId, agentKey: creds.agentKey, adminToken: creds.adminToken, ...(ca ? { ca } : {}) };
  }

  /** A self-signed certificate for the root link's address, valid one day. */
  #certificate(): { cert: string; key: string } {
    const dir = join(this.work, 'tls');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    const ip = this.lab.rootIp;
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
      '-subj', `/CN=${ip}`, '-addext', `subjectAltName=IP:${ip}`], { stdio: 'ignore' });
    return { cert, key };
  }

  async #startDaemons(): Promise<void> {
    const { lab, logs } = this;
    const redisDir = join(this.work, 'redis');
    const nginxDir = join(this.work, 'nginx');
    for (const dir of [redisDir, nginxDir]) mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Failed connects give up after one SYN retry (about 3 s) instead of six (about 2 min).
    await lab.exec('app', 'sysctl', ['-q', '-w', 'net.ipv4.tcp_syn_retries=1']);
    await lab.blackhole('payments', PORTS.payments);

    const redis = spawnLogged(lab, 'db', logs, 'redis', REDIS, [
      '--port', String(PORTS.redis), '--bind', lab.ip('db'), lab.ip6('db'), '--protected-mode', 'no',
      '--save', '', '--appendonly', 'no', '--dir', redisDir, '--daemonize', 'no', '--logfile', '',
    ]);
    const legacy = spawnLogged(lab, 'legacy', logs, 'legacy', process.execPath, [this.programFile('legacy-backend.mjs'), ...PORTS.legacy.map(String)]);
    const appConfig = {
      port: PORTS.app,
      redis: { host: lab.ip('db'), port: PORTS.redis },
      legacy: { host: lab.ip('legacy'), ports: PORTS.legacy },
      cache: { host: lab.ip('db'), port: PORTS.cache },
      payments: { host: lab.ip('payments'), port: PORTS.payments },
      // Never used: a connection string with a password on the command line, which the map must
      // show redacted (and which makes the app the lab's one process with "sql" in it).
      orders: `postgresql://shop:${ORDERS_PASSWORD}@${lab.ip('db')}/orders`,
    };
    const app = spawnLogged(lab, 'app', logs, 'app', process.execPath, [this.programFile('app-service.mjs'), JSON.stringify(appConfig)]);
    const conf = join(nginxDir, 'nginx.conf');
    writeFileSync(conf, nginxConfig({ dir: nginxDir, port: PORTS.web, upstream: `${lab.ip('app')}:${PORTS.app}` }));
    const nginx = spawnLogged(lab, 'web', logs, 'nginx', NGINX, ['-c', conf, '-p', nginxDir, '-e', join(nginxDir, 'error.log')]);
    const listening = Promise.all([
      waitForListener(lab, 'db', PORTS.redis, redis, logs, 'redis'),
      ...PORTS.legacy.map((port) => waitForListener(lab, 'legacy', port, legacy, logs, 'legacy')),
      waitForListener(lab, 'app', PORTS.app, app, logs, 'app'),
      waitForListener(lab, 'web', PORTS.web, nginx, logs, 'nginx'),
    ]);
    await listening;
    spawnLogged(lab, 'db', logs, 'feed', process.execPath, [this.programFile('feed-client.mjs'), lab.ip('legacy'), String(PORTS.legacy[1])]);
    await waitUntil(() => readLog(logs, 'feed').includes('CONNECTED'), 10_000, 'the feed client to connect', () => readLog(logs, 'feed'));
  }

  async #startAgents(): Promise<void> {
    const { url, workspaceId, agentKey } = this.server;
    for (const host of MONITORED) {
      const args = [this.options.cli, 'agent', 'run', '--namespaces', 'own', '--state-dir', this.#stateDir(host), '--retry-max', '5s'];
      // Credentials belong in the environment; the database host's agent takes its key as a flag
      // anyway, as a careless operator would, to show the map gets it redacted.
      if (host === 'db') args.push('--key', agentKey);
      const env: Record<string, string> = { SERVICEMAP_SERVER: url, SERVICEMAP_WORKSPACE: workspaceId, SERVICEMAP_KEY: agentKey };
      if (this.options.tls === true) env.SERVICEMAP_CA_FILE = join(this.work, 'tls', 'cert.pem');
      // Each host gets its own UTS namespace and host name, so the map shows web, app and db
      // rather than this machine's name three times; unshare and sh exec, so the pid is node's.
      const child = spawnLogged(this.lab, host, this.logs, `agent-${host}`, 'unshare', ['--uts', 'sh', '-c', 'hostname "$0" && exec "$@"', host, process.execPath, ...args], env);
      this.#agents.set(host, child);
    }
    await waitUntil(
      () => MONITORED.every((host) => existsSync(join(this.#stateDir(host), 'status.json'))),
      30_000,
      'the agents to take their first look',
      () => MONITORED.map((host) => readLog(this.logs, `agent-${host}`)).join('\n'),
    );
  }

  /**
   * Waits until every agent has closed the window holding `atMs` and shipped its queue, so the
   * server has everything that happened before `atMs`. Windows close on the minute (+1.5 s).
   */
  async waitForWindowsAfter(atMs: number, timeoutMs = 100_000): Promise<void> {
    const windowEnd = Math.floor(atMs / 60_000) * 60_000 + 60_000;
    await waitUntil(
      () => MONITORED.every((host) => {
        const closed = this.#status(host).lastWindowAt;
        return closed !== null && Date.parse(closed) >= windowEnd && queuedBatches(this.#stateDir(host)) === 0;
      }),
      timeoutMs,
      `the agents to ship the window ending ${new Date(windowEnd).toISOString()}`,
      () => MONITORED.map((host) => `${host}: ${JSON.stringify(this.#status(host))}`).join('\n'),
    );
  }

  /** Stops the agents (they ship their partial window), the server and the daemons; removes the lab. Idempotent. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await Promise.all([...this.#agents.values()].map((agent) => stopChild(agent)));
    if (this.#serverChild) await stopChild(this.#serverChild);
    await this.lab.destroy();
    process.off('exit', this.#exitHook);
    if (process.env.KEEP_LIVE_STATE === undefined) rmSync(this.work, { recursive: true, force: true });
  }
}

function queuedBatches(stateDir: string): number {
  const queue = join(stateDir, 'queue');
  return existsSync(queue) ? readdirSync(queue).filter((f) => f.endsWith('.json.gz')).length : 0;
}
