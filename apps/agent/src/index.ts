/**
 * @servicemap/agent: the discovery agent's public entry, used by the `servicemap` CLI.
 */
export { runAgent, takeSnapshot, type RunAgentOptions } from './run/start-agent.js';
export { formatSnapshotText, type SnapshotReport, type SnapshotPool, type SnapshotSocket } from './run/snapshot-view.js';
export { readAgentStatus, describeStatus, type AgentStatusReport } from './run/agent-status.js';
export type { AgentStatus } from './run/status-file.js';
export {
  AGENT_SETTINGS,
  AgentConfigError,
  loadAgentConfig,
  type AgentConfig,
  type NamespaceScope,
} from './config/index.js';
