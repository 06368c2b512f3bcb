import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_SERVER_CONFIG, logAnalyticsLimitsOf, resolveServerConfig } from './config.js';
import { DEFAULT_LOG_ANALYTICS_LIMITS } from './http/log-analytics/log-query-service.js';

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

  it('sets the Log Analytics limits from file, environment and flags, defaulting to Log Analytics\' own', () => {
    expect(logAnalyticsLimitsOf(resolveServerConfig({}))).toEqual(DEFAULT_LOG_ANALYTICS_LIMITS);
    const file = join(dir, 'd.json');
    writeFileSync(file, JSON.stringify({ queryMaxRows: 500, queryMaxConcurrent: 4, queryMaxWaitSeconds: 120 }));
    const config = resolveServerConfig({
      configFile: file,
      env: { SERVICEMAP_QUERY_MAX_ROWS: '1000', SERVICEMAP_QUERY_MAX_RESULT_BYTES: '1048576', SERVICEMAP_QUERY_DEFAULT_WAIT_SECONDS: '30' },
      flags: { queryMaxConcurrent: '8' },
    });
    expect(logAnalyticsLimitsOf(config)).toEqual({
      maxRows: 1000, maxResultBytes: 1048576, maxConcurrentQueries: 8, defaultWaitSeconds: 30, maxWaitSeconds: 120,
    });
  });

  it('refuses query limits below 1 and a default wait past the maximum', () => {
    expect(() => resolveServerConfig({ env: { SERVICEMAP_QUERY_MAX_CONCURRENT: '0' } })).toThrow(/queryMaxConcurrent must be at least 1/);
    expect(() => resolveServerConfig({ env: { SERVICEMAP_QUERY_MAX_ROWS: 'lots' } })).toThrow(/non-negative integer/);
    expect(() => resolveServerConfig({ flags: { queryMaxWaitSeconds: 60 } })).toThrow(/must not exceed queryMaxWaitSeconds \(60\)/);
    expect(resolveServerConfig({ flags: { queryMaxWaitSeconds: 60, queryDefaultWaitSeconds: 60 } }).queryDefaultWaitSeconds).toBe(60);
  });
});
