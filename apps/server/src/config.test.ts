import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_SERVER_CONFIG, resolveServerConfig } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'sm-config-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('resolveServerConfig', () => {
  it('applies defaults < config file < environment < flags', () => {
    const file = join(dir, 'a.json');
    writeFileSync(file, JSON.stringify({ port: 9000, host: '127.0.0.1', dataDir: '/from/file', logLevel: 'debug' }));
    const config = resolveServerConfig({
      configFile: file,
      env: { SERVICEMAP_PORT: '9100', SERVICEMAP_DATA_DIR: '/from/env' },
      flags: { dataDir: '/from/flags' },
    });
    expect(config).toMatchObject({ port: 9100, host: '127.0.0.1', dataDir: '/from/flags', logLevel: 'debug' });
    expect(config.purgeIntervalMs).toBe(DEFAULT_SERVER_CONFIG.purgeIntervalMs);
  });

  it('reads the config file named by SERVICEMAP_CONFIG', () => {
    const file = join(dir, 'b.json');
    writeFileSync(file, JSON.stringify({ port: 7000 }));
    expect(resolveServerConfig({ env: { SERVICEMAP_CONFIG: file } }).port).toBe(7000);
  });

  it('refuses bad ports, unknown file keys and half a TLS pair', () => {
    expect(() => resolveServerConfig({ env: { SERVICEMAP_PORT: 'http' } })).toThrow(ConfigError);
    expect(() => resolveServerConfig({ flags: { port: 70000 } })).toThrow(/at most 65535/);
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ prot: 1 }));
    expect(() => resolveServerConfig({ configFile: file })).toThrow(/unknown key prot/);
    expect(() => resolveServerConfig({ flags: { tlsCertPath: '/c.pem' } })).toThrow(/both/);
  });
});
