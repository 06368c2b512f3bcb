import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentReport } from '@servicemap/protocol';
import { buildApp, type ServerApp } from '../../app.js';
import { DuckDBStorage } from '../../storage/duckdb/duckdb-storage.js';
import { makeReport } from '../../testing/make-report.js';

/** Server clock of the world. */
export const WORLD_NOW = new Date('2025-01-01T00:05:00.000Z');
export const WEB1 = '11111111-1111-4111-8111-111111111111';
export const DB1 = '22222222-2222-4222-8222-222222222222';
/** Reported four hours before now: known, but neither live nor in the current inventory. */
export const OLD1 = '33333333-3333-4333-8333-333333333333';
/** Agents of the paging test: live machines beyond web1 and db1. */
export const EXTRA_AGENTS = ['44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555',
  '66666666-6666-4666-8666-666666666666'];

/** A test world: an app on a DuckDB file in a temp dir, loaded through storage.ingestReport. */
export interface MachinesWorld {
  readonly app: ServerApp;
  readonly storage: DuckDBStorage;
  readonly workspaceId: string;
  readonly workspaceName: string;
  readonly readerToken: string;
  /** A reader token of another workspace. */
  readonly otherToken: string;
  readonly otherWorkspaceId: string;
  close(): Promise<void>;
}

function windowsDb(report: AgentReport): AgentReport {
  if (report.computer === undefined) return report;
  return {
    ...report,
    computer: {
      ...report.computer, operatingSystemFamily: 'windows', operatingSystemFullName: 'Windows Server 2022',
      virtualMachineType: 'hyperv', virtualMachineNativeName: 'db1-vm',
    },
  };
}

/** Builds the world; `close()` removes everything it made. */
export async function openMachinesWorld(now: () => Date = () => WORLD_NOW): Promise<MachinesWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'servicemap-machines-'));
  const storage = await DuckDBStorage.open({ path: join(dir, 'servicemap.duckdb'), threads: 1 });
  const app = await buildApp({ storage, now });
  const { workspace } = await app.adminService.createWorkspace('prod');
  const other = await app.adminService.createWorkspace('other');
  const readerToken = (await app.adminService.createToken(workspace.id, 'reader')).secret;
  const otherToken = (await app.adminService.createToken(other.workspace.id, 'reader')).secret;
  const reports = [
    makeReport({ agentId: WEB1, time: '2025-01-01T00:00:00.000Z', hostName: 'web1' }),
    windowsDb(makeReport({ agentId: DB1, time: '2025-01-01T00:01:00.000Z', hostName: 'db1', processes: 1 })),
    makeReport({ agentId: OLD1, time: '2024-12-31T20:00:00.000Z', hostName: 'old1' }),
    ...EXTRA_AGENTS.map((agentId, i) => makeReport({ agentId, time: '2025-01-01T00:02:00.000Z', hostName: `extra${i}` })),
    // Another workspace's machine, which must never show.
    makeReport({ agentId: '77777777-7777-4777-8777-777777777777', time: '2025-01-01T00:00:00.000Z', hostName: 'foreign' }),
  ];
  for (const [i, report] of reports.entries()) {
    const workspaceId = i === reports.length - 1 ? other.workspace.id : workspace.id;
    await storage.ingestReport({ workspaceId, report, receivedAt: new Date(report.sentAt) });
  }
  return {
    app, storage, workspaceId: workspace.id, workspaceName: workspace.name, readerToken, otherToken,
    otherWorkspaceId: other.workspace.id,
    async close() {
      await app.close();
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The Service Map base path of a workspace (GUID or name). */
export const serviceMapPath = (workspace: string): string =>
  `/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.OperationalInsights/workspaces/${workspace}/features/serviceMap`;
