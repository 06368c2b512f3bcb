// deploy/install-agent.sh into a scratch root: the bundle, the wrapper, the config and the unit
// land where they should, and the installed command runs.
import { execFile, spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'sm-install-'));
const env = {
  ...process.env,
  PREFIX: join(scratch, 'opt'),
  BINDIR: join(scratch, 'bin'),
  SYSCONFDIR: join(scratch, 'etc'),
  UNITDIR: join(scratch, 'systemd'),
};
const WORKSPACE = '4b9c93f9-bc37-46df-b43c-899ba829e07b';

function install(args: string[]) {
  return spawnSync('bash', [join(ROOT, 'deploy', 'install-agent.sh'), '--no-start', ...args], { env, encoding: 'utf8' });
}

describe('deploy/install-agent.sh', () => {
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('refuses to write a config without the server settings', () => {
    const result = install([]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('--server, --workspace and --key are needed');
  });

  it('installs the command, a private config and the unit, and the command runs', async () => {
    const result = install(['--server', 'https://sm.example:8080', '--workspace', WORKSPACE, '--key', 's3cret']);
    expect(result.status, result.stderr).toBe(0);
    const config = join(env.SYSCONFDIR, 'agent.json');
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({ server: 'https://sm.example:8080', workspace: WORKSPACE, key: 's3cret' });
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(env.UNITDIR, 'servicemap-agent.service'), 'utf8')).toContain(
      'ExecStart=/usr/local/bin/servicemap agent run --config /etc/servicemap/agent.json',
    );
    // A listener of this test process, for the installed command to find.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const { stdout } = await promisify(execFile)(join(env.BINDIR, 'servicemap'), ['agent', 'snapshot', '--json'], { maxBuffer: 1 << 28 });
      const snapshot = JSON.parse(stdout) as { pools: { process: string; pids: number[]; listening: { port: number }[] }[] };
      const mine = snapshot.pools.find((p) => p.pids.includes(process.pid));
      expect(mine?.listening.map((l) => l.port)).toContain(port);
      expect(snapshot.pools.every((p) => /^p-[0-9a-f]{40}$/.test(p.process))).toBe(true);
    } finally {
      server.close();
    }
  });

  it('keeps an existing config when run again without settings', () => {
    const result = install([]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('keeping');
    expect(JSON.parse(readFileSync(join(env.SYSCONFDIR, 'agent.json'), 'utf8'))).toMatchObject({ key: 's3cret' });
  });
});
