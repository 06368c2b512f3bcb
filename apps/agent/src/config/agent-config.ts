import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { AgentConfigError } from './agent-config-error.js';
import {
  AGENT_SETTINGS,
  SETTING_DEFAULTS,
  type AgentSettings,
  type SettingName,
  type SettingSpec,
} from './agent-config-settings.js';

/** Read when no config file is named; a missing file there is fine. */
export const DEFAULT_CONFIG_FILE = '/etc/servicemap/agent.json';

/** Where `loadAgentConfig` looks for settings. */
export interface AgentConfigInput {
  /** Parsed command-line options by long name (`server`, `ca-file`, ...); unknown names are ignored. */
  readonly flags?: Readonly<Record<string, unknown>>;
  /** Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A config file that must exist (wins over `--config` and `SERVICEMAP_CONFIG`). */
  readonly configFilePath?: string;
  /** The optional file read when none is named. Default {@link DEFAULT_CONFIG_FILE}. */
  readonly defaultConfigFilePath?: string;
  /** Default: the process runs as uid 0. */
  readonly isRoot?: boolean;
  /** Default: `os.homedir()`. */
  readonly homeDir?: string;
}

/** The agent's validated configuration. */
export interface AgentConfig extends AgentSettings {
  /** The config file that was read, if any. */
  readonly configFile: string | undefined;
  /** Where each setting's value came from, e.g. `flag --server` or `default`. */
  readonly sources: Readonly<Record<SettingName, string>>;
}

interface ConfigFile {
  readonly path: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** `/var/lib/servicemap-agent` for root, else `$XDG_STATE_HOME` or `~/.local/state`, `/servicemap-agent`. */
export function defaultStateDir(isRoot: boolean, homeDir: string, env: Readonly<Record<string, string | undefined>>): string {
  if (isRoot) return '/var/lib/servicemap-agent';
  const xdg = env.XDG_STATE_HOME;
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(homeDir, '.local', 'state');
  return join(base, 'servicemap-agent');
}

/**
 * Builds the agent's configuration. Precedence: flags > environment (`SERVICEMAP_*`) > config
 * file (JSON) > defaults. Every error names the setting and where the bad value came from.
 */
export async function loadAgentConfig(input: AgentConfigInput = {}): Promise<AgentConfig> {
  const flags = input.flags ?? {};
  const env = input.env ?? process.env;
  const file = await readConfigFile(input, flags, env);
  const values: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  const missing: SettingSpec[] = [];
  for (const setting of AGENT_SETTINGS) {
    const found = lookup(setting, flags, env, file);
    if (found === undefined) {
      if (setting.required) missing.push(setting);
      continue;
    }
    values[setting.name] = parseSetting(setting, found.raw, found.source, found.baseDir);
    sources[setting.name] = found.source;
  }
  if (missing.length > 0) throw missingError(missing, file?.path ?? input.defaultConfigFilePath ?? DEFAULT_CONFIG_FILE);
  const isRoot = input.isRoot ?? process.getuid?.() === 0;
  const withDefaults = {
    ...SETTING_DEFAULTS,
    stateDir: defaultStateDir(isRoot, input.homeDir ?? homedir(), env),
    ...values,
  } as AgentSettings;
  for (const setting of AGENT_SETTINGS) sources[setting.name] ??= 'default';
  const config: AgentConfig = {
    ...withDefaults,
    configFile: file?.path,
    sources: sources as Record<SettingName, string>,
  };
  await checkConsistency(config);
  return config;
}

function lookup(
  setting: SettingSpec,
  flags: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  file: ConfigFile | undefined,
): { raw: unknown; source: string; baseDir: string } | undefined {
  const flag = flags[setting.flag];
  if (flag !== undefined) return { raw: flag, source: `flag --${setting.flag}`, baseDir: process.cwd() };
  const fromEnv = env[setting.env];
  // An empty variable is how shells and unit files unset things; treat it as absent.
  if (fromEnv !== undefined && fromEnv !== '') {
    return { raw: fromEnv, source: `environment ${setting.env}`, baseDir: process.cwd() };
  }
  const fromFile = file?.values[setting.fileKey];
  if (file !== undefined && fromFile !== undefined) {
    return { raw: fromFile, source: `config file ${file.path} (key "${setting.fileKey}")`, baseDir: dirname(file.path) };
  }
  return undefined;
}

/** Paths are resolved against the config file's directory when they come from it. */
function parseSetting(setting: SettingSpec, raw: unknown, source: string, baseDir: string): unknown {
  let value: unknown;
  try {
    value = setting.parse(raw);
  } catch (error) {
    throw new AgentConfigError(
      'AGENT_CONFIG_INVALID',
      `${setting.fileKey}: ${(error as Error).message} (from ${source})`,
      setting.fileKey,
      source,
    );
  }
  return setting.name === 'caFile' || setting.name === 'stateDir' ? resolve(baseDir, value as string) : value;
}

function missingError(missing: readonly SettingSpec[], filePath: string): AgentConfigError {
  const lines = missing.map((s) => `${s.fileKey} (${s.description}): give --${s.flag}, ${s.env} or "${s.fileKey}" in ${filePath}`);
  return new AgentConfigError(
    'AGENT_CONFIG_MISSING',
    `required settings are not set:\n  ${lines.join('\n  ')}`,
    missing[0]?.fileKey,
  );
}

async function readConfigFile(
  input: AgentConfigInput,
  flags: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ConfigFile | undefined> {
  const flag = flags.config;
  const named =
    input.configFilePath ??
    (typeof flag === 'string' && flag !== '' ? flag : undefined) ??
    (env.SERVICEMAP_CONFIG === '' ? undefined : env.SERVICEMAP_CONFIG);
  const path = resolve(named ?? input.defaultConfigFilePath ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (named === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AgentConfigError('AGENT_CONFIG_FILE_UNREADABLE', `cannot read config file ${path}: ${(error as Error).message}`);
  }
  return { path, values: parseConfigFile(path, text) };
}

function parseConfigFile(path: string, text: string): Readonly<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AgentConfigError('AGENT_CONFIG_FILE_INVALID', `config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AgentConfigError('AGENT_CONFIG_FILE_INVALID', `config file ${path} must hold a JSON object`);
  }
  const known = new Set(AGENT_SETTINGS.map((s) => s.fileKey));
  // A misspelt key would otherwise be silently ignored and the default used instead.
  const unknown = Object.keys(parsed).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new AgentConfigError(
      'AGENT_CONFIG_FILE_INVALID',
      `config file ${path} has unknown keys: ${unknown.join(', ')} (known: ${[...known].join(', ')})`,
      unknown[0],
      `config file ${path}`,
    );
  }
  return parsed as Record<string, unknown>;
}

async function checkConsistency(config: AgentConfig): Promise<void> {
  if (config.retryMaxMs < config.retryBaseMs) {
    throw new AgentConfigError(
      'AGENT_CONFIG_INVALID',
      `retryMax (${config.retryMaxMs} ms, from ${config.sources.retryMaxMs}) is below retryBase (${config.retryBaseMs} ms, from ${config.sources.retryBaseMs})`,
      'retryMax',
      config.sources.retryMaxMs,
    );
  }
  if (config.caFile !== undefined) {
    const info = await stat(config.caFile).catch((error: unknown) => error as Error);
    if (info instanceof Error || !info.isFile()) {
      const why = info instanceof Error ? info.message : 'not a regular file';
      throw new AgentConfigError(
        'AGENT_CONFIG_INVALID',
        `caFile: cannot use ${config.caFile}: ${why} (from ${config.sources.caFile})`,
        'caFile',
        config.sources.caFile,
      );
    }
  }
}
