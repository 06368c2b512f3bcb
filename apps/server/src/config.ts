import { readFileSync } from 'node:fs';
import { DEFAULT_LOG_ANALYTICS_LIMITS, type LogAnalyticsLimits } from './http/log-analytics/log-query-service.js';
import { DEFAULT_MAX_FUTURE_SKEW_MS } from './services/report-checks.js';

/** Everything `startServer` needs. */
export interface ServerConfig {
  /** Holds the database, `bootstrap.json` and `server.json`. */
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** PEM files; TLS is on when both are set. */
  readonly tlsCertPath?: string;
  readonly tlsKeyPath?: string;
  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  readonly logLevel: string;
  /** How often expired rows are purged. */
  readonly purgeIntervalMs: number;
  readonly maxFutureSkewMs: number;
  /** DuckDB worker threads (default: one per core). */
  readonly duckdbThreads?: number;
  /** DuckDB memory limit, e.g. `4GB` (default: DuckDB's, 80 % of RAM). */
  readonly duckdbMemoryLimit?: string;
  /** Log Analytics queries: rows returned before the result is cut and marked partial. */
  readonly queryMaxRows: number;
  /** Log Analytics queries: bytes of rows (as JSON) before the result is cut. */
  readonly queryMaxResultBytes: number;
  /** Log Analytics queries that run at once; more wait for a slot within their wait time. */
  readonly queryMaxConcurrent: number;
  /** Wait of a query that sends no `Prefer: wait=`, in seconds (at most {@link queryMaxWaitSeconds}). */
  readonly queryDefaultWaitSeconds: number;
  /** Upper bound of `Prefer: wait=`, in seconds. */
  readonly queryMaxWaitSeconds: number;
}

export const DEFAULT_SERVER_CONFIG: ServerConfig = {
  dataDir: '/var/lib/servicemap',
  host: '0.0.0.0',
  port: 8080,
  logLevel: 'info',
  purgeIntervalMs: 60 * 60_000,
  maxFutureSkewMs: DEFAULT_MAX_FUTURE_SKEW_MS,
  queryMaxRows: DEFAULT_LOG_ANALYTICS_LIMITS.maxRows,
  queryMaxResultBytes: DEFAULT_LOG_ANALYTICS_LIMITS.maxResultBytes,
  queryMaxConcurrent: DEFAULT_LOG_ANALYTICS_LIMITS.maxConcurrentQueries,
  queryDefaultWaitSeconds: DEFAULT_LOG_ANALYTICS_LIMITS.defaultWaitSeconds,
  queryMaxWaitSeconds: DEFAULT_LOG_ANALYTICS_LIMITS.maxWaitSeconds,
};

/** Environment variables read by {@link resolveServerConfig}, by config key. */
export const SERVER_ENV: Readonly<Record<keyof ServerConfig, string>> = {
  dataDir: 'SERVICEMAP_DATA_DIR',
  host: 'SERVICEMAP_HOST',
  port: 'SERVICEMAP_PORT',
  tlsCertPath: 'SERVICEMAP_TLS_CERT',
  tlsKeyPath: 'SERVICEMAP_TLS_KEY',
  logLevel: 'SERVICEMAP_LOG_LEVEL',
  purgeIntervalMs: 'SERVICEMAP_PURGE_INTERVAL_MS',
  maxFutureSkewMs: 'SERVICEMAP_MAX_FUTURE_SKEW_MS',
  duckdbThreads: 'SERVICEMAP_DUCKDB_THREADS',
  duckdbMemoryLimit: 'SERVICEMAP_DUCKDB_MEMORY_LIMIT',
  queryMaxRows: 'SERVICEMAP_QUERY_MAX_ROWS',
  queryMaxResultBytes: 'SERVICEMAP_QUERY_MAX_RESULT_BYTES',
  queryMaxConcurrent: 'SERVICEMAP_QUERY_MAX_CONCURRENT',
  queryDefaultWaitSeconds: 'SERVICEMAP_QUERY_DEFAULT_WAIT_SECONDS',
  queryMaxWaitSeconds: 'SERVICEMAP_QUERY_MAX_WAIT_SECONDS',
};

/** The variable naming a JSON config file. */
export const CONFIG_FILE_ENV = 'SERVICEMAP_CONFIG';

/** Query limits of 0 would refuse every query (or wait for none): they must be at least 1. */
const POSITIVE = new Set<keyof ServerConfig>([
  'queryMaxRows', 'queryMaxResultBytes', 'queryMaxConcurrent', 'queryDefaultWaitSeconds', 'queryMaxWaitSeconds',
]);
const NUMERIC = new Set<keyof ServerConfig>(['port', 'purgeIntervalMs', 'maxFutureSkewMs', 'duckdbThreads', ...POSITIVE]);

/** A config value that cannot be used, named by where it came from. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type ConfigLayer = Partial<Record<keyof ServerConfig, unknown>>;

function fromEnv(env: Readonly<Record<string, string | undefined>>): ConfigLayer {
  const out: ConfigLayer = {};
  for (const [key, name] of Object.entries(SERVER_ENV) as [keyof ServerConfig, string][]) {
    const value = env[name];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

function coerce(key: keyof ServerConfig, value: unknown, source: string): string | number {
  if (NUMERIC.has(key)) {
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${source}: ${key} must be a non-negative integer, got ${String(value)}`);
    if (key === 'port' && n > 65535) throw new ConfigError(`${source}: port must be at most 65535, got ${n}`);
    if (POSITIVE.has(key) && n < 1) throw new ConfigError(`${source}: ${key} must be at least 1, got ${n}`);
    return n;
  }
  if (typeof value !== 'string') throw new ConfigError(`${source}: ${key} must be a string`);
  return value;
}

/** Reads a JSON config file whose keys are {@link ServerConfig} keys. */
export function readConfigFile(path: string): ConfigLayer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`config file ${path}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`config file ${path}: expected a JSON object`);
  }
  const known = new Set(Object.keys(SERVER_ENV));
  for (const key of Object.keys(parsed)) {
    if (!known.has(key)) throw new ConfigError(`config file ${path}: unknown key ${key}`);
  }
  return parsed;
}

/**
 * Merges defaults < config file < environment < command-line flags (the usual precedence: the
 * most specific, most recent intent wins). Pure apart from reading the config file.
 */
export function resolveServerConfig(sources: {
  readonly flags?: ConfigLayer;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly configFile?: string;
}): ServerConfig {
  const env = sources.env ?? {};
  const filePath = sources.configFile ?? env[CONFIG_FILE_ENV];
  const layers: [string, ConfigLayer][] = [
    ['config file', filePath === undefined ? {} : readConfigFile(filePath)],
    ['environment', fromEnv(env)],
    ['flags', sources.flags ?? {}],
  ];
  const merged: Record<string, unknown> = { ...DEFAULT_SERVER_CONFIG };
  for (const [source, layer] of layers) {
    for (const [key, value] of Object.entries(layer) as [keyof ServerConfig, unknown][]) {
      if (value !== undefined) merged[key] = coerce(key, value, source);
    }
  }
  const config = merged as unknown as ServerConfig;
  if ((config.tlsCertPath === undefined) !== (config.tlsKeyPath === undefined)) {
    throw new ConfigError('TLS needs both a certificate (--tls-cert) and a key (--tls-key)');
  }
  if (config.queryDefaultWaitSeconds > config.queryMaxWaitSeconds) {
    throw new ConfigError(`queryDefaultWaitSeconds (${config.queryDefaultWaitSeconds}) must not exceed queryMaxWaitSeconds (${config.queryMaxWaitSeconds})`);
  }
  return config;
}

/** The Log Analytics query API's limits as the server settings give them. */
export function logAnalyticsLimitsOf(config: ServerConfig): LogAnalyticsLimits {
  return {
    maxRows: config.queryMaxRows,
    maxResultBytes: config.queryMaxResultBytes,
    maxConcurrentQueries: config.queryMaxConcurrent,
    defaultWaitSeconds: config.queryDefaultWaitSeconds,
    maxWaitSeconds: config.queryMaxWaitSeconds,
  };
}
