/** Agent configuration: settings from flags, environment and file, and the agent's identity. */
export { AgentConfigError, type AgentConfigErrorCode } from './agent-config-error.js';
export {
  AGENT_SETTINGS,
  LOG_LEVELS,
  NAMESPACE_SCOPES,
  SETTING_DEFAULTS,
  type AgentSettings,
  type LogLevel,
  type NamespaceScope,
  type SettingName,
  type SettingSpec,
} from './agent-config-settings.js';
export {
  DEFAULT_CONFIG_FILE,
  defaultStateDir,
  loadAgentConfig,
  type AgentConfig,
  type AgentConfigInput,
} from './agent-config.js';
export { AGENT_ID_FILE, agentIdentity } from './agent-identity.js';
