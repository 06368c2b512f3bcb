import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentConfigError } from './agent-config-error.js';
import { defaultStateDir, loadAgentConfig, type AgentConfigInput } from './agent-config.js';

const WS_FILE = '11111111-1111-4111-8111-111111111111';
const WS_ENV = '22222222-2222-4222-8222-222222222222';
const WS_FLAG = '33333333-3333-4333-8333-333333333333';

let dir: string;
let noFile: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemap-config-'));
  noFile = join(dir, 'absent.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function configFile(values: unknown, name = 'agent.json'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof values === 'string' ? values : JSON.stringify(values));
  return path;
}

/** Loads with no ambient machine state: no /etc file, not root, home in the temp dir. */
function load(input: AgentConfigInput): ReturnType<typeof loadAgentConfig> {
  return loadAgentConfig({ env: {}, defaultConfigFilePath: noFile, isRoot: false, homeDir: dir, ...input });
}

async function failure(input: AgentConfigInput): Promise<AgentConfigError> {
  const error = await load(input).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AgentConfigError);
  return error as AgentConfigError;
}

const required = { server: 'https://sm.example:8443', workspace: WS_FLAG, key: 'k' };

describe('loadAgentConfig', () => {
  it('fills the defaults around the required settings', async () => {
    const config = await load({ flags: required });
    expect(config).toMatchObject({
      server: 'https://sm.example:8443',
      workspace: WS_FLAG,
      key: 'k',
      caFile: undefined,
      insecureSkipVerify: false,
      stateDir: join(dir, '.local', 'state', 'servicemap-agent'),
      namespaces: 'all',
      queueMaxBytes: 256 * 1024 * 1024,
      queueMaxBatches: 10_000,
      snapshotIntervalMs: 15_000,
      flushIntervalMs: 60_000,
      logLevel: 'info',
      configFile: undefined,
    });
    expect(config.sources.server).toBe('flag --server');
    expect(config.sources.queueMaxBytes).toBe('default');
  });

  it('takes flags over environment over the config file over defaults', async () => {
    const file = await configFile({ server: 'https://file.example', workspace: WS_FILE, key: 'file-key', logLevel: 'debug', namespaces: 'own' });
    const config = await load({
      configFilePath: file,
      env: { SERVICEMAP_WORKSPACE: WS_ENV, SERVICEMAP_KEY: 'env-key', SERVICEMAP_LOG_LEVEL: 'warn' },
      flags: { key: 'flag-key', 'queue-max-batches': '50' },
    });
    expect(config.server).toBe('https://file.example');
    expect(config.workspace).toBe(WS_ENV);
    expect(config.key).toBe('flag-key');
    expect(config.logLevel).toBe('warn');
    expect(config.namespaces).toBe('own');
    expect(config.queueMaxBatches).toBe(50);
    expect(config.configFile).toBe(file);
    expect(config.sources).toMatchObject({
      server: `config file ${file} (key "server")`,
      workspace: 'environment SERVICEMAP_WORKSPACE',
      key: 'flag --key',
      logLevel: 'environment SERVICEMAP_LOG_LEVEL',
      queueMaxBatches: 'flag --queue-max-batches',
      flushIntervalMs: 'default',
    });
  });

  it('treats empty environment variables as unset', async () => {
    const config = await load({ flags: required, env: { SERVICEMAP_LOG_LEVEL: '' } });
    expect(config.logLevel).toBe('info');
  });

  it('reads the default config file when present, and finds it via SERVICEMAP_CONFIG or --config', async () => {
    const file = await configFile({ ...required, flushInterval: '30s' });
    expect((await load({ defaultConfigFilePath: file })).flushIntervalMs).toBe(30_000);
    expect((await load({ env: { SERVICEMAP_CONFIG: file } })).flushIntervalMs).toBe(30_000);
    expect((await load({ flags: { config: file } })).flushIntervalMs).toBe(30_000);
  });

  it('resolves paths in the config file against its directory', async () => {
    await writeFile(join(dir, 'ca.pem'), 'PEM');
    const file = await configFile({ ...required, caFile: 'ca.pem', stateDir: 'state' });
    const config = await load({ configFilePath: file });
    expect(config.caFile).toBe(join(dir, 'ca.pem'));
    expect(config.stateDir).toBe(join(dir, 'state'));
  });

  it('names every missing required setting with all the ways to give it', async () => {
    const error = await failure({ flags: { server: 'https://sm.example' } });
    expect(error.code).toBe('AGENT_CONFIG_MISSING');
    expect(error.message).toContain(`workspace (workspace GUID): give --workspace, SERVICEMAP_WORKSPACE or "workspace" in ${noFile}`);
    expect(error.message).toContain('key (workspace agent key): give --key, SERVICEMAP_KEY');
    expect(error.message).not.toContain('server (');
  });

  it('names the bad setting and where its value came from', async () => {
    const fromEnv = await failure({ flags: required, env: { SERVICEMAP_NAMESPACES: 'some' } });
    expect(fromEnv).toMatchObject({ code: 'AGENT_CONFIG_INVALID', setting: 'namespaces', source: 'environment SERVICEMAP_NAMESPACES' });
    expect(fromEnv.message).toBe('namespaces: expected one of own, all, got "some" (from environment SERVICEMAP_NAMESPACES)');

    const file = await configFile({ ...required, snapshotInterval: '10ms' });
    const fromFile = await failure({ configFilePath: file });
    expect(fromFile.setting).toBe('snapshotInterval');
    expect(fromFile.message).toContain(`(from config file ${file} (key "snapshotInterval"))`);

    const fromFlag = await failure({ flags: { ...required, server: 'ftp://x' } });
    expect(fromFlag.source).toBe('flag --server');
  });

  it('rejects a missing CA file and a retry cap below the base', async () => {
    const ca = await failure({ flags: { ...required, 'ca-file': join(dir, 'nope.pem') } });
    expect(ca).toMatchObject({ code: 'AGENT_CONFIG_INVALID', setting: 'caFile', source: 'flag --ca-file' });
    expect(ca.message).toMatch(/ENOENT/);
    const retry = await failure({ flags: { ...required, 'retry-base': '10s', 'retry-max': '5s' } });
    expect(retry).toMatchObject({ code: 'AGENT_CONFIG_INVALID', setting: 'retryMax' });
  });

  it('requires a config file that was named, but not the default one', async () => {
    expect((await load({ flags: required })).configFile).toBeUndefined();
    const named = await failure({ flags: required, configFilePath: noFile });
    expect(named.code).toBe('AGENT_CONFIG_FILE_UNREADABLE');
    expect(named.message).toContain(noFile);
  });

  it('reports an unreadable default config file instead of ignoring it', async () => {
    // A directory in its place gives a read error other than ENOENT, even for root.
    const path = join(dir, 'agent.d');
    await mkdir(path);
    const error = await failure({ flags: required, defaultConfigFilePath: path });
    expect(error.code).toBe('AGENT_CONFIG_FILE_UNREADABLE');
  });

  it('rejects config files that are not a JSON object or have unknown keys', async () => {
    const broken = await failure({ configFilePath: await configFile('{"server": ', 'broken.json') });
    expect(broken.code).toBe('AGENT_CONFIG_FILE_INVALID');
    expect(broken.message).toMatch(/not valid JSON/);
    const array = await failure({ configFilePath: await configFile([1], 'array.json') });
    expect(array.message).toMatch(/must hold a JSON object/);
    const typo = await failure({ configFilePath: await configFile({ ...required, severUrl: 'x' }, 'typo.json') });
    expect(typo).toMatchObject({ code: 'AGENT_CONFIG_FILE_INVALID', setting: 'severUrl' });
  });

  it('accepts typed JSON values in the file', async () => {
    const file = await configFile({ ...required, insecureSkipVerify: true, queueMaxBytes: 2 * 1024 * 1024, requestTimeout: 5000 });
    const config = await load({ configFilePath: file });
    expect(config).toMatchObject({ insecureSkipVerify: true, queueMaxBytes: 2 * 1024 * 1024, requestTimeoutMs: 5_000 });
  });
});

describe('defaultStateDir', () => {
  it('uses /var/lib for root and the XDG state home otherwise', () => {
    expect(defaultStateDir(true, '/home/u', {})).toBe('/var/lib/servicemap-agent');
    expect(defaultStateDir(false, '/home/u', {})).toBe('/home/u/.local/state/servicemap-agent');
    expect(defaultStateDir(false, '/home/u', { XDG_STATE_HOME: '/xdg' })).toBe('/xdg/servicemap-agent');
    expect(defaultStateDir(false, '/home/u', { XDG_STATE_HOME: 'relative' })).toBe('/home/u/.local/state/servicemap-agent');
  });
});
