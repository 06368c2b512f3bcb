import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeReport } from '../../testing/make-report.js';
import { runStorageContract } from '../storage.contract.js';
import { DuckDBLockedError, DuckDBStorage } from './duckdb-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'sm-duckdb-'));
let n = 0;
const freshPath = (): string => join(dir, `db${++n}.duckdb`);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

runStorageContract('duckdb file', () => DuckDBStorage.open({ path: freshPath(), threads: 2 }));

describe('DuckDB adapter specifics', () => {
  it('keeps committed batches across a reopen and exposes the Azure tables and legacy views', async () => {
    const path = freshPath();
    const first = await DuckDBStorage.open({ path });
    const workspaceId = '00000000-0000-0000-0000-000000000001';
    await first.createWorkspace({
      id: workspaceId, name: 'w', agentKeyHash: 'x', retentionDays: 30,
      createdAt: '2025-01-01T00:00:00.000Z', keyRotatedAt: '2025-01-01T00:00:00.000Z',
    });
    const report = makeReport({ connections: 3 });
    await first.ingestReport({ workspaceId, report, receivedAt: new Date('2025-01-01T00:00:00Z') });
    await first.close();

    const second = await DuckDBStorage.open({ path });
    try {
      expect(await second.hasBatch(workspaceId, report.batchId)).toBe(true);
      const stats = await second.stats();
      expect(stats.rows.VMConnection).toBe(3);
      expect(stats.bytesOnDisk).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  });

  it('fills empty latest-inventory tables from the history on open (stores from before them, bulk loads)', async () => {
    const path = freshPath();
    const first = await DuckDBStorage.open({ path });
    const report = makeReport({ processes: 2, hostName: 'db9' });
    await first.ingestReport({ workspaceId: 'w', report, receivedAt: new Date('2025-01-01T00:00:00Z') });
    await first.close();
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(path);
    const c = await instance.connect();
    await c.run('DELETE FROM VMComputer_Latest');
    await c.run('DELETE FROM VMProcess_Latest');
    c.closeSync();
    instance.closeSync();

    const second = await DuckDBStorage.open({ path });
    try {
      const asOf = new Date('2025-01-02T00:00:00Z');
      expect((await second.latestComputers({ workspaceId: 'w', asOf })).map((m) => m.hostName)).toEqual(['db9']);
      expect(await second.latestProcesses({ workspaceId: 'w', asOf })).toHaveLength(2);
    } finally {
      await second.close();
    }
  });

  it('names the azure columns, generated columns and legacy view columns', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const path = freshPath();
    await (await DuckDBStorage.open({ path })).close();
    const instance = await DuckDBInstance.create(path);
    const c = await instance.connect();
    try {
      const columns = async (table: string): Promise<string[]> =>
        (await c.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_name = '${table}'`))
          .getRows().map((r) => String(r[0]));
      expect(await columns('VMConnection')).toEqual(expect.arrayContaining([
        'TimeGenerated', 'Computer', 'AgentId', 'Machine', 'Process', 'ProcessName', 'Direction', 'SourceIp',
        'DestinationIp', 'DestinationPort', 'Protocol', 'ConnectionId', 'LinksEstablished', 'LinksTerminated',
        'LinksFailed', 'LinksLive', 'BytesSent', 'BytesReceived', 'Responses', 'ResponseTimeMax', 'RemoteIp',
        'IndicatorThreatType', 'TLPLevel', 'Severity', 'SourceSystem', 'Type', '_ResourceId', 'WorkspaceId',
        'FailedRefused', 'FailedTimedOut', 'IsSelfLink', '_TimeReceived',
      ]));
      expect(await columns('VMBoundPort')).toEqual(expect.arrayContaining(['Ip', 'Port', 'PortId', 'IsWildcardBind']));
      expect(await columns('VMComputer')).toEqual(expect.arrayContaining(['HostName', 'Ipv4Addresses', 'Cpus', 'CpuSpeed', 'AzureVmId']));
      expect(await columns('ServiceMapComputer_CL')).toEqual(expect.arrayContaining([
        'ResourceName_s', 'ComputerName_s', 'PhysicalMemory_d', 'VirtualMachineNativeMachineId_g', 'BootTime_t',
      ]));
      expect(await columns('ServiceMapProcess_CL')).toEqual(expect.arrayContaining([
        'MachineResourceName_s', 'StartTime_t', 'FirstPid_d', 'ExecutablePath_s', 'UserName', 'UserDomain',
      ]));
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });

  it('derives RemoteIp, ConnectionId and the legacy process view from stored columns', async () => {
    const path = freshPath();
    const storage = await DuckDBStorage.open({ path });
    const report = makeReport({ connections: 2 });
    await storage.ingestReport({ workspaceId: 'w', report, receivedAt: new Date('2025-01-01T00:00:00Z') });
    await storage.close();
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(path);
    const c = await instance.connect();
    try {
      const rows = (await c.runAndReadAll(
        'SELECT Direction, SourceIp, DestinationIp, RemoteIp, ConnectionId, Type FROM VMConnection ORDER BY Direction',
      )).getRowObjectsJS();
      expect(rows.map((r) => [r.Direction, r.RemoteIp, r.Type])).toEqual([
        ['inbound', rows[0]?.SourceIp, 'VMConnection'],
        ['outbound', rows[1]?.DestinationIp, 'VMConnection'],
      ]);
      expect(rows[1]?.ConnectionId).toContain(report.machine);
      const legacy = (await c.runAndReadAll('SELECT MachineResourceName_s, ExecutableName_s FROM ServiceMapProcess_CL'))
        .getRows();
      expect(legacy[0]).toEqual([report.machine, 'nginx']);
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });

  it('reports a database locked by another process as DuckDBLockedError', async () => {
    const path = freshPath();
    await (await DuckDBStorage.open({ path })).close();
    const { spawn } = await import('node:child_process');
    const holder = spawn(process.execPath, ['--input-type=module', '-e',
      `import { DuckDBInstance } from '@duckdb/node-api'; await DuckDBInstance.create(${JSON.stringify(path)});
       console.log('locked'); setInterval(() => {}, 1000);`], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => { resolve(); }));
      await expect(DuckDBStorage.open({ path })).rejects.toBeInstanceOf(DuckDBLockedError);
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
