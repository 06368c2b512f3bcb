import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CollectionMode } from '@servicemap/protocol';

/** What a running agent tells `servicemap agent status`, through a file in its state dir. */
export interface AgentStatus {
  readonly pid: number;
  readonly agentId: string;
  readonly version: string;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly mode: CollectionMode;
  readonly namespaces: 'own' | 'all';
  readonly limitations: readonly string[];
  readonly server: string | null;
  readonly lastWindowAt: string | null;
  readonly lastSuccessfulSendAt: string | null;
  readonly lastError: { readonly at: string; readonly message: string; readonly status?: number } | null;
  readonly queueDepth: number;
  readonly queueBytes: number;
  readonly batchesDropped: number;
  readonly batchesSetAside: number;
  readonly eventsLost: number;
  readonly unattributedEvents: number;
  readonly unattributedSockets: number;
}

export const STATUS_FILE = 'status.json';

/** Writes the status atomically (readers never see half a file). */
export function writeStatus(stateDir: string, status: AgentStatus): void {
  const path = join(stateDir, STATUS_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(status, null, 2)}\n`, { mode: 0o644 });
  renameSync(temp, path);
}

/** Reads the status a running or stopped agent left, or undefined when there is none. */
export function readStatus(stateDir: string): AgentStatus | undefined {
  try {
    return JSON.parse(readFileSync(join(stateDir, STATUS_FILE), 'utf8')) as AgentStatus;
  } catch {
    return undefined;
  }
}

/** Is the agent that wrote the status still running? */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
