// deploy/install-agent.sh into a scratch root: the bundle, the wrapper, the config and the unit
// land where they should, and the installed command runs.
import { execFileSync, spawnSync } from 'node:child_process';
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

  it('installs the command, a private config and the unit, and the command runs', () => {
    const result = install(['--server', 'https://sm.example:8080', '--workspace', WORKSPACE, '--key', 's3cret']);
    expect(result.status, result.stderr).toBe(0);
    const config = join(env.SYSCONFDIR, 'agent.json');
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({ server: 'https://sm.example:8080', workspace: WORKSPACE, key: 's3cret' });
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(env.UNITDIR, 'servicemap-agent.service'), 'utf8')).toContain(
      'ExecStart=/usr/local/bin/servicemap agent run --config /etc/servicemap/agent.json',
    );
    const snapshot = JSON.parse(execFileSync(join(env.BINDIR, 'servicemap'), ['agent', 'snapshot', '--json'], { encoding: 'utf8' })) as {
      pools: { process: string }[];
    };
    expect(snapshot.pools.length).toBeGreaterThan(0);
    expect(snapshot.pools.every((p) => /^p-[0-9a-f]{40}$/.test(p.process))).toBe(true);
  });

  it('keeps an existing config when run again without settings', () => {
    const result = install([]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('keeping');
    expect(JSON.parse(readFileSync(join(env.SYSCONFDIR, 'agent.json'), 'utf8'))).toMatchObject({ key: 's3cret' });
  });
});
