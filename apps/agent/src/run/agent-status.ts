import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { defaultStateDir, DEFAULT_CONFIG_FILE } from '../config/index.js';
import { isAlive, readStatus, type AgentStatus } from './status-file.js';

/** What `servicemap agent status` reports. */
export interface AgentStatusReport {
  readonly stateDir: string;
  /** An agent process that wrote this state dir's status is alive. */
  readonly running: boolean;
  readonly status: AgentStatus | null;
}

/**
 * Finds the state dir the way `agent run` would (flag, SERVICEMAP_STATE_DIR, the config file's
 * `stateDir`, the default) without needing the server settings `run` requires, and reads the
 * status the agent keeps there.
 */
export function readAgentStatus(options: { stateDir?: string; configFilePath?: string } = {}): AgentStatusReport {
  const env = process.env;
  const stateDir =
    options.stateDir ??
    env.SERVICEMAP_STATE_DIR ??
    stateDirFromFile(options.configFilePath ?? env.SERVICEMAP_CONFIG ?? DEFAULT_CONFIG_FILE, options.configFilePath !== undefined) ??
    defaultStateDir(process.getuid?.() === 0, homedir(), env);
  const status = readStatus(stateDir) ?? null;
  return { stateDir, running: status !== null && isAlive(status.pid), status };
}

function stateDirFromFile(path: string, required: boolean): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { stateDir?: unknown };
    return typeof parsed.stateDir === 'string' ? parsed.stateDir : undefined;
  } catch (error) {
    if (required) throw new Error(`cannot read config file ${path}: ${(error as Error).message}`);
    return undefined;
  }
}

/** The human form of a status report. */
export function describeStatus(report: AgentStatusReport): string {
  const s = report.status;
  if (!s) return `no agent status in ${report.stateDir} (has the agent run with this state dir?)\n`;
  const lines = [
    `agent      ${s.agentId} (m-${s.agentId}), version ${s.version}`,
    `state      ${report.running ? `running, pid ${s.pid}` : `not running (last pid ${s.pid})`}; since ${s.startedAt}; updated ${s.updatedAt}`,
    `mode       ${s.mode === 'events' ? 'events (kernel tracepoints) + periodic snapshots' : 'snapshots only'}; namespaces ${s.namespaces}`,
    `server     ${s.server ?? '(none)'}`,
    `last send  ${s.lastSuccessfulSendAt ?? 'never'}`,
    `last error ${s.lastError ? `${s.lastError.at} ${s.lastError.status === undefined ? '' : `HTTP ${s.lastError.status} `}${s.lastError.message}` : 'none'}`,
    `queue      ${s.queueDepth} batches, ${s.queueBytes} bytes; dropped ${s.batchesDropped}; set aside ${s.batchesSetAside}`,
    `events     lost ${s.eventsLost}; unattributed events ${s.unattributedEvents}; unattributed sockets ${s.unattributedSockets}`,
    `windows    last closed ${s.lastWindowAt ?? 'none yet'}`,
  ];
  for (const l of s.limitations) lines.push(`limitation ${l}`);
  return `${lines.join('\n')}\n`;
}
