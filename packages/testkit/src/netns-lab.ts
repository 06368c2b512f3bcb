/**
 * A lab of hosts as network namespaces joined by a bridge that lives in its own namespace, so
 * nothing is added to the root namespace (unless `rootLink` asks for one veth, see below).
 * Addresses are private (10.213.X.0/24, fd00:213:X::/64) and exist only inside the lab. Needs
 * root and iproute2 (nftables for `blackhole`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { execFile, execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import { cmdlineIs, endStaleRootProcesses, forgetRootProcesses, recordRootProcess, type RootProcessRecord } from './lab-root-processes.js';
import { labCreatorPid, parseNetnsList, planLab, type LabHostPlan, type LabPlan } from './netns-lab-plan.js';

const execFileAsync = promisify(execFile);

/** Options of {@link NetnsLab.create}. */
export interface NetnsLabOptions {
  /** Host names: [a-z][a-z0-9]{0,11}. */
  readonly hosts: readonly string[];
  /** Third octet of 10.213.X.0/24; random 1..254 by default so parallel labs differ. */
  readonly subnet?: number;
  /**
   * Also join the root namespace to the bridge with one veth addressed 10.213.X.254/24
   * ({@link NetnsLab.rootIp}), so a process in the root namespace (a server) can listen where the
   * hosts reach it. The link goes away with the lab. Off by default: nothing touches the root
   * namespace then.
   */
  readonly rootLink?: boolean;
}

function ip(args: readonly string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Kills whatever runs in a namespace we created, then deletes it. */
function removeNetns(name: string): void {
  try {
    const pids = execFileSync('ip', ['netns', 'pids', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    for (const pid of pids.split(/\s+/).filter(Boolean)) killQuietly(Number(pid));
  } catch {
    // No such namespace: nothing runs in it.
  }
  try {
    ip(['netns', 'del', name]);
  } catch {
    // Already deleted: destroy is idempotent.
  }
}

/** A running lab; always `destroy()` it (it is also destroyed at process exit). */
export class NetnsLab {
  private readonly children = new Set<ChildProcess>();
  private destroyed = false;
  private hasRootLink = false;
  private readonly rootProcesses: RootProcessRecord[] = [];
  private readonly exitHook = (): void => {
    this.destroySync();
  };

  private constructor(readonly plan: LabPlan) {
    process.on('exit', this.exitHook);
  }

  /** Creates the namespaces, the bridge and the addresses; on failure removes what it made. */
  static create(options: NetnsLabOptions): Promise<NetnsLab> {
    let plan = planLab(process.pid, randomBytes(2).toString('hex'), options.hosts, options.subnet ?? randomInt(1, 255));
    // A root link must not share its /24 with another lab's root link: routes would clash.
    for (let tries = 0; options.rootLink === true && rootHasSubnet(plan.subnet); tries++) {
      if (options.subnet !== undefined || tries > 50) {
        return Promise.reject(new Error(`10.213.${plan.subnet}.0/24 is already on a root-namespace link`));
      }
      plan = planLab(process.pid, randomBytes(2).toString('hex'), options.hosts, randomInt(1, 255));
    }
    const lab = new NetnsLab(plan);
    try {
      const br = plan.bridgeNetns;
      ip(['netns', 'add', br]);
      ip(['-n', br, 'link', 'set', 'lo', 'up']);
      // Snooping off: with no multicast querier the bridge could drop IPv6 neighbour discovery.
      ip(['-n', br, 'link', 'add', 'br0', 'type', 'bridge', 'mcast_snooping', '0']);
      ip(['-n', br, 'link', 'set', 'br0', 'up']);
      for (const host of plan.hosts) addHost(br, host);
      if (options.rootLink === true) {
        lab.hasRootLink = true;
        addRootLink(plan);
      }
    } catch (e) {
      lab.destroySync();
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    return Promise.resolve(lab);
  }

  /**
   * Removes labs whose creator process is dead (and only those): their namespaces, with every
   * process in them, and the root-namespace processes they recorded ({@link recordRootProcess}).
   * Returns the namespaces removed.
   */
  static cleanupStale(): Promise<string[]> {
    endStaleRootProcesses(isAlive);
    const removed: string[] = [];
    const list = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
    for (const name of parseNetnsList(list)) {
      const pid = labCreatorPid(name);
      if (pid === undefined || pid === process.pid || isAlive(pid)) continue;
      removeNetns(name);
      removed.push(name);
    }
    return Promise.resolve(removed);
  }

  private host(name: string): LabHostPlan {
    const host = this.plan.hosts.find((h) => h.name === name);
    if (!host) throw new Error(`no host ${name} in this lab`);
    return host;
  }

  /** The host's IPv4 address. */
  ip(host: string): string {
    return this.host(host).ip;
  }

  /** The host's IPv6 (ULA) address. */
  ip6(host: string): string {
    return this.host(host).ip6;
  }

  /** The root namespace's address on the lab bridge; only with the `rootLink` option. */
  get rootIp(): string {
    if (!this.hasRootLink) throw new Error('this lab has no root link: create it with rootLink: true');
    return this.plan.rootIp;
  }

  /** The host's namespace name (for `ip netns exec` or /run/netns/<name>). */
  netns(host: string): string {
    return this.host(host).netns;
  }

  /**
   * Starts `cmd` inside the host. `ip netns exec` execs the command itself, so the child's pid
   * is the command's pid. The child is killed by `destroy()`.
   */
  spawn(host: string, cmd: string, args: readonly string[] = [], options: SpawnOptions = {}): ChildProcess {
    if (this.destroyed) throw new Error('lab destroyed');
    const child = spawn('ip', ['netns', 'exec', this.netns(host), cmd, ...args], { stdio: 'pipe', ...options });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** Runs `cmd` inside the host and returns its output; rejects on a non-zero exit. */
  async exec(host: string, cmd: string, args: readonly string[] = [], timeoutMs = 30_000): Promise<{ stdout: string; stderr: string }> {
    const { stdout, stderr } = await execFileAsync('ip', ['netns', 'exec', this.netns(host), cmd, ...args], {
      encoding: 'utf8',
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { stdout, stderr };
  }

  /**
   * Records a process this lab started in the root namespace (`argv` exactly as started), so
   * that a later {@link NetnsLab.cleanupStale} ends it if our own process dies without
   * `destroy()` (SIGKILL). `destroy()` ends it too if it still runs.
   */
  recordRootProcess(pid: number, argv: readonly string[]): void {
    const record = { pid, argv: [...argv] };
    this.rootProcesses.push(record);
    recordRootProcess(this.plan.prefix, record);
  }

  /** Drops incoming TCP to `port` in `host` (nftables table `smlab`, gone with the namespace). */
  async blackhole(host: string, port: number): Promise<void> {
    await this.exec(host, 'nft', ['add', 'table', 'inet', 'smlab']);
    await this.exec(host, 'nft', ['add', 'chain', 'inet', 'smlab', 'input', '{', 'type', 'filter', 'hook', 'input', 'priority', '0', ';', 'policy', 'accept', ';', '}']);
    await this.exec(host, 'nft', ['add', 'rule', 'inet', 'smlab', 'input', 'tcp', 'dport', String(port), 'drop']);
  }

  /** Kills the children it started (by pid) and anything left in its namespaces, then deletes them. Idempotent. */
  destroy(): Promise<void> {
    this.destroySync();
    return Promise.resolve();
  }

  private destroySync(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    process.off('exit', this.exitHook);
    for (const child of this.children) if (child.pid !== undefined && child.exitCode === null) killQuietly(child.pid);
    this.children.clear();
    for (const { pid, argv } of this.rootProcesses) {
      let cmdline = '';
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      } catch {
        // Exited.
      }
      if (cmdlineIs(cmdline, argv)) killQuietly(pid);
    }
    forgetRootProcesses(this.plan.prefix);
    for (const host of this.plan.hosts) removeNetns(host.netns);
    // Deleting the bridge namespace deletes the veth pair, root end included; this is a backstop.
    removeNetns(this.plan.bridgeNetns);
    if (this.hasRootLink) {
      try {
        ip(['link', 'del', this.plan.rootLink]);
      } catch {
        // Gone with the bridge namespace, as expected.
      }
    }
  }
}

function addHost(br: string, host: LabHostPlan): void {
  ip(['netns', 'add', host.netns]);
  // Both ends are created directly in their namespaces: the root namespace never sees them.
  ip(['-n', br, 'link', 'add', host.bridgePort, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.netns]);
  ip(['-n', br, 'link', 'set', host.bridgePort, 'master', 'br0', 'up']);
  ip(['-n', host.netns, 'link', 'set', 'lo', 'up']);
  ip(['-n', host.netns, 'addr', 'add', `${host.ip}/24`, 'dev', 'eth0']);
  // nodad: the address is usable at once instead of after duplicate detection (~1 s).
  ip(['-n', host.netns, 'addr', 'add', `${host.ip6}/64`, 'dev', 'eth0', 'nodad']);
  ip(['-n', host.netns, 'link', 'set', 'eth0', 'up']);
}

/** Whether some root-namespace link already holds an address in 10.213.<subnet>.0/24. */
function rootHasSubnet(subnet: number): boolean {
  const out = execFileSync('ip', ['-4', '-o', 'addr', 'show', 'to', `10.213.${subnet}.0/24`], { encoding: 'utf8' });
  return out.trim() !== '';
}

function addRootLink(plan: LabPlan): void {
  const br = plan.bridgeNetns;
  ip(['link', 'add', plan.rootLink, 'type', 'veth', 'peer', 'name', 'root0', 'netns', br]);
  try {
    // IPv4 only: an IPv6 link-local address in the root namespace would serve no one.
    writeFileSync(`/proc/sys/net/ipv6/conf/${plan.rootLink}/disable_ipv6`, '1');
  } catch {
    // IPv6 disabled system-wide: nothing to turn off.
  }
  ip(['-n', br, 'link', 'set', 'root0', 'master', 'br0', 'up']);
  ip(['addr', 'add', `${plan.rootIp}/24`, 'dev', plan.rootLink]);
  ip(['link', 'set', plan.rootLink, 'up']);
}
