import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentReport, ProcessInventory } from '@servicemap/protocol';
import { buildApp, type AppDeps, type ServerApp } from '../../app.js';
import { DuckDBStorage } from '../../storage/duckdb/duckdb-storage.js';
import { makeReport, processId } from '../../testing/make-report.js';

/** Server clock of the world: an hour after the newest inventory. */
export const QUERY_WORLD_NOW = new Date('2025-01-01T02:00:00.000Z');

/** One process of a machine in the world. */
export interface WorldProcess {
  readonly exe: string;
  readonly commandLine: string;
  readonly productVersion: string;
}

/** One machine: its hourly inventory (the newest has `memoryMB`), and its processes. */
export interface WorldMachine {
  readonly agentId: string;
  readonly host: string;
  readonly os: string;
  readonly ip: string;
  readonly oldMemoryMB: number;
  readonly memoryMB: number;
  readonly processes: readonly WorldProcess[];
}

// Ids from the product documentation's sample searches, so they run verbatim.
export const QUERY_WORLD: readonly WorldMachine[] = [
  {
    agentId: '559dbcd8-3130-454d-8d1d-f624e57961bc', host: 'web1', os: 'Debian GNU/Linux 12 (bookworm)', ip: '10.0.0.5',
    oldMemoryMB: 4096, memoryMB: 8192,
    processes: [
      { exe: 'nginx', commandLine: 'nginx -g daemon off;', productVersion: '1.22.1' },
      { exe: 'curl', commandLine: 'curl -s http://db1/health', productVersion: '7.88.1' },
    ],
  },
  {
    agentId: '4b9c93f9-bc37-46df-b43c-899ba829e07b', host: 'db1', os: 'CentOS Linux 7 (Core)', ip: '10.229.243.232',
    oldMemoryMB: 16384, memoryMB: 32768,
    processes: [
      { exe: 'mysqld', commandLine: '/usr/sbin/mysqld --defaults-file=/etc/my.cnf', productVersion: '8.0.36' },
      { exe: 'curl', commandLine: 'curl -s http://web1/', productVersion: '7.29.0' },
    ],
  },
  {
    agentId: '8a0e6c1e-5f0c-4c55-9b1a-3f7d2a1c9e11', host: 'app1', os: 'CentOS Stream 9', ip: '10.0.0.7',
    oldMemoryMB: 2048, memoryMB: 2048,
    processes: [
      // Upper-case only: found by `search "*sql*"` (case-insensitive), not by `contains_cs "sql"`.
      { exe: 'SQLRunner', commandLine: '/opt/app/SQLRunner --queue jobs', productVersion: '2.1' },
      { exe: 'curl', commandLine: 'curl -s http://db1/', productVersion: '7.88.1' },
    ],
  },
];

/** A machine of another workspace, which no query of ours may ever see. */
export const FOREIGN_MACHINE: WorldMachine = {
  agentId: '77777777-7777-4777-8777-777777777777', host: 'foreign-sql', os: 'CentOS Linux 8', ip: '10.9.9.9',
  oldMemoryMB: 1024, memoryMB: 1024,
  processes: [{ exe: 'postgres', commandLine: 'postgres -D /var/lib/pgsql', productVersion: '15' }],
};

function processOf(time: string, p: WorldProcess, i: number): ProcessInventory {
  return {
    timeGenerated: time, process: processId(i), executableName: p.exe, executablePath: `/usr/bin/${p.exe}`,
    commandLine: p.commandLine, workingDirectory: '/', userName: 'svc', groupName: 'svc', startTime: '2024-12-31T00:00:00.000Z',
    firstPid: 100 + i, processCount: 1, displayName: p.exe, description: '', companyName: '', productName: p.exe,
    productVersion: p.productVersion, roles: [], group: p.exe, containerId: '', netns: 4026531840,
  };
}

/** The machine's report of one hour: inventory, processes, a few connections. */
export function reportOf(m: WorldMachine, time: string, memoryMB: number): AgentReport {
  const base = makeReport({ agentId: m.agentId, time, hostName: m.host, connections: 3 });
  if (base.computer === undefined) throw new Error('makeReport made no inventory');
  return {
    ...base,
    computer: {
      ...base.computer, operatingSystemFullName: m.os, physicalMemoryMB: memoryMB,
      ipv4Interfaces: [{ ipAddress: m.ip, subnetMask: '255.255.255.0' }],
    },
    processes: m.processes.map((p, i) => processOf(time, p, i)),
  };
}

/** A listening server over a world, over HTTPS unless asked (the Azure SDK sends bearer tokens only over TLS). */
export interface QueryWorld {
  readonly app: ServerApp;
  readonly storage: DuckDBStorage;
  readonly url: string;
  /** The self-signed certificate the server presents (for the client's trust); empty over plain HTTP. */
  readonly ca: Buffer;
  readonly workspaceId: string;
  readonly otherWorkspaceId: string;
  readonly readerToken: string;
  readonly otherToken: string;
  close(): Promise<void>;
}

async function selfSignedCertificate(dir: string): Promise<{ cert: Buffer; key: Buffer }> {
  const [certPath, keyPath] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath,
    '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { cert: await readFile(certPath), key: await readFile(keyPath) };
}

/** Builds the world and listens on loopback; `close()` removes everything it made. */
export async function openQueryWorld(
  options: { readonly logAnalytics?: AppDeps['logAnalytics']; readonly tls?: boolean } = {},
): Promise<QueryWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'servicemap-query-'));
  const https = options.tls === false ? undefined : await selfSignedCertificate(dir);
  const storage = await DuckDBStorage.open({ path: join(dir, 'servicemap.duckdb'), threads: 2 });
  const app = await buildApp({
    storage, now: () => QUERY_WORLD_NOW, ...(https === undefined ? {} : { https }),
    ...(options.logAnalytics === undefined ? {} : { logAnalytics: options.logAnalytics }),
  });
  const { workspace } = await app.adminService.createWorkspace('prod');
  const other = await app.adminService.createWorkspace('other');
  const readerToken = (await app.adminService.createToken(workspace.id, 'reader')).secret;
  const otherToken = (await app.adminService.createToken(other.workspace.id, 'reader')).secret;
  const load = async (workspaceId: string, m: WorldMachine): Promise<void> => {
    for (const [time, memory] of [['2025-01-01T00:00:00.000Z', m.oldMemoryMB], ['2025-01-01T01:00:00.000Z', m.memoryMB]] as const) {
      await storage.ingestReport({ workspaceId, report: reportOf(m, time, memory), receivedAt: new Date(time) });
    }
  };
  for (const m of QUERY_WORLD) await load(workspace.id, m);
  await load(other.workspace.id, FOREIGN_MACHINE);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app, storage, url, ca: https?.cert ?? Buffer.alloc(0), workspaceId: workspace.id, otherWorkspaceId: other.workspace.id, readerToken, otherToken,
    async close() {
      await app.close();
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
