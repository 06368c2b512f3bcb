import {
  parseBoolean,
  parseByteSize,
  parseChoice,
  parseCount,
  parseDurationMs,
  parseServerUrl,
  parseText,
  parseUuid,
} from './config-values.js';

/** Which network namespaces the agent watches: its own, or every one on the host. */
export type NamespaceScope = 'own' | 'all';
export const NAMESPACE_SCOPES: readonly NamespaceScope[] = ['own', 'all'];

/** pino's levels. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** The settings an operator can give, by their config-file key, as typed values. */
export interface AgentSettings {
  readonly server: string;
  readonly workspace: string;
  readonly key: string;
  readonly caFile: string | undefined;
  readonly insecureSkipVerify: boolean;
  readonly stateDir: string;
  readonly namespaces: NamespaceScope;
  readonly queueMaxBytes: number;
  readonly queueMaxBatches: number;
  readonly snapshotIntervalMs: number;
  readonly flushIntervalMs: number;
  readonly requestTimeoutMs: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly logLevel: LogLevel;
}

export type SettingName = keyof AgentSettings;

/** How one setting is spelled in each source, and how its value is read. */
export interface SettingSpec {
  readonly name: SettingName;
  /** Long option without the dashes, as `node:util` parseArgs reports it (`ca-file`). */
  readonly flag: string;
  readonly env: string;
  /** Key in the JSON config file. */
  readonly fileKey: string;
  readonly description: string;
  /** Required settings have no default. */
  readonly required: boolean;
  readonly parse: (raw: unknown) => unknown;
}

const MIB = 1024 * 1024;

function spec(
  name: SettingName,
  flag: string,
  fileKey: string,
  description: string,
  parse: (raw: unknown) => unknown,
  required = false,
): SettingSpec {
  const env = `SERVICEMAP_${flag.toUpperCase().replaceAll('-', '_')}`;
  return { name, flag, env, fileKey, description, required, parse };
}

/**
 * Every agent setting. The CLI builds its options and help from this table, so the flag, the
 * environment variable and the file key of a setting cannot drift apart.
 */
export const AGENT_SETTINGS: readonly SettingSpec[] = [
  spec('server', 'server', 'server', 'server base URL (http or https)', parseServerUrl, true),
  spec('workspace', 'workspace', 'workspace', 'workspace GUID', parseUuid, true),
  spec('key', 'key', 'key', 'workspace agent key', parseText, true),
  spec('caFile', 'ca-file', 'caFile', 'PEM file of the CA to trust for the server', parseText),
  spec('insecureSkipVerify', 'insecure-skip-verify', 'insecureSkipVerify', 'accept any server certificate (labs only)', parseBoolean),
  spec('stateDir', 'state-dir', 'stateDir', 'directory for the queue and the agent id', parseText),
  spec('namespaces', 'namespaces', 'namespaces', 'network namespaces to watch: own or all', parseChoice(NAMESPACE_SCOPES)),
  spec('queueMaxBytes', 'queue-max-bytes', 'queueMaxBytes', 'bound of the on-disk queue in bytes', parseByteSize(MIB, 64 * 1024 * MIB)),
  spec('queueMaxBatches', 'queue-max-batches', 'queueMaxBatches', 'bound of the on-disk queue in batches', parseCount(1, 10_000_000)),
  spec('snapshotIntervalMs', 'snapshot-interval', 'snapshotInterval', 'time between full socket snapshots', parseDurationMs(1_000, 3_600_000)),
  spec('flushIntervalMs', 'flush-interval', 'flushInterval', 'time between queued batches', parseDurationMs(1_000, 3_600_000)),
  spec('requestTimeoutMs', 'request-timeout', 'requestTimeout', 'deadline of one request to the server', parseDurationMs(1_000, 600_000)),
  spec('retryBaseMs', 'retry-base', 'retryBase', 'first retry delay ceiling', parseDurationMs(10, 600_000)),
  spec('retryMaxMs', 'retry-max', 'retryMax', 'largest retry delay', parseDurationMs(10, 3_600_000)),
  spec('logLevel', 'log-level', 'logLevel', 'log level', parseChoice(LOG_LEVELS)),
];

/** Defaults of the optional settings (the state directory's depends on the user; see the loader). */
export const SETTING_DEFAULTS: Omit<AgentSettings, 'server' | 'workspace' | 'key' | 'stateDir'> = {
  caFile: undefined,
  insecureSkipVerify: false,
  namespaces: 'all',
  queueMaxBytes: 256 * MIB,
  queueMaxBatches: 10_000,
  snapshotIntervalMs: 15_000,
  flushIntervalMs: 60_000,
  requestTimeoutMs: 30_000,
  retryBaseMs: 1_000,
  retryMaxMs: 300_000,
  logLevel: 'info',
};
