import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentReport, ConnectionRecord } from '@servicemap/protocol';
import { buildApp, type ServerApp } from '../../app.js';
import { DuckDBStorage } from '../../storage/duckdb/duckdb-storage.js';
import { processId } from '../../testing/make-report.js';
import { clientReport, machineOf, serverReport, WORLD } from './maps-test-world.js';

/**
 * Test support (not used in production): the maps world (a client calling a server's postgres and
 * a failing agentless back-end, one agentless client) plus three more agentless clients of
 * postgres and a redis on the server that only listens. Server clock {@link RELATIONS_NOW}.
 */
export const RELATIONS_NOW = new Date('2025-01-01T00:30:00.000Z');
export const CLIENT = machineOf(WORLD.client.agentId);
export const SERVER = machineOf(WORLD.server.agentId);
/** The failing agentless back-end 10.0.7.7, reached on 443. */
export const BACKEND = 't-0a000707';
export const BACKEND_PORT = 'b-0a000707_443';
export const BACKEND_PROCESS = 'ts-m@t-0a000707@b@b-0a000707_443';
export const POSTGRES = WORLD.server.process;
export const POSTGRES_PORT = 'b-0a000002_5432';
export const REDIS = processId(3);
export const REDIS_PORT = 'b-0a000002_6379';
export const APP = WORLD.client.process;
/** Every agentless client of postgres, in member-name order. */
export const AGENTLESS = ['10.0.9.9', '10.0.9.10', '10.0.9.11', '10.0.9.12'];
/** The whole window of the world's records. */
export const INTERVAL = { startTime: '2025-01-01T00:00:00.000Z', endTime: '2025-01-01T00:30:00.000Z' };

function moreOfServer(): AgentReport {
  const base = serverReport();
  const inbound = (sourceIp: string): ConnectionRecord => ({
    timeGenerated: WORLD.time, direction: 'inbound', process: POSTGRES, processName: 'postgres', sourceIp,
    destinationIp: WORLD.server.ip, destinationPort: 5432, protocol: 'tcp', linksEstablished: 1, linksTerminated: 1,
    linksFailed: 0, linksLive: 0, bytesSent: 10, bytesReceived: 20, selfLink: false,
  });
  const [postgres] = base.processes;
  if (postgres === undefined) throw new Error('server report without processes');
  return {
    ...base,
    connections: AGENTLESS.slice(1).map(inbound),
    boundPorts: [{
      timeGenerated: WORLD.time, process: REDIS, processName: 'redis-server', ip: WORLD.server.ip, port: 6379, protocol: 'tcp',
      isWildcardBind: false, linksEstablished: 0, linksTerminated: 0, linksLive: 0, bytesSent: 0, bytesReceived: 0,
    }],
    processes: [{ ...postgres, process: REDIS, executableName: 'redis-server', displayName: 'redis-server', roles: ['databaseServer'] }],
  };
}

/** The app on a DuckDB file in a temp dir, loaded through storage.ingestReport. */
export interface RelationsWorld {
  readonly app: ServerApp;
  readonly workspaceId: string;
  readonly readerToken: string;
  readonly contributorToken: string;
  close(): Promise<void>;
}

export async function openRelationsWorld(): Promise<RelationsWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'servicemap-relations-'));
  const storage = await DuckDBStorage.open({ path: join(dir, 'servicemap.duckdb'), threads: 1 });
  const app = await buildApp({ storage, now: () => RELATIONS_NOW });
  const { workspace } = await app.adminService.createWorkspace('prod');
  for (const report of [clientReport(), serverReport(), moreOfServer()]) {
    await storage.ingestReport({ workspaceId: workspace.id, report, receivedAt: RELATIONS_NOW });
  }
  return {
    app,
    workspaceId: workspace.id,
    readerToken: (await app.adminService.createToken(workspace.id, 'reader')).secret,
    contributorToken: (await app.adminService.createToken(workspace.id, 'contributor')).secret,
    async close() {
      await app.close();
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
