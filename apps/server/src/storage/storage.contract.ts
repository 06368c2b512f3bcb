import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { foldBoundPortRows, foldConnectionRows } from '@servicemap/topology';
import { makeReport, processId } from '../testing/make-report.js';
import type { ApiToken, Workspace } from './records.js';
import { StorageClosedError, StorageConflictError, type Storage } from './storage.js';
import { describeQueryContract } from './storage-query.contract.js';

/** Creates a fresh, empty store for one test. */
export type StorageFactory = () => Promise<Storage>;

const T0 = '2025-01-01T00:00:00.000Z';
const at = (iso: string): Date => new Date(iso);
const plusMinutes = (iso: string, minutes: number): string =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

function workspace(name: string, retentionDays = 30): Workspace {
  return {
    id: randomUUID(), name, agentKeyHash: 'a'.repeat(64), retentionDays,
    createdAt: T0, keyRotatedAt: T0,
  };
}

/**
 * The behaviour every storage adapter must have. Each adapter's own test calls this with a
 * factory; the suite closes each store after its test.
 */
export function runStorageContract(adapterName: string, factory: StorageFactory): void {
  describe(`storage contract: ${adapterName}`, () => {
    let store: Storage | undefined;
    const open = async (): Promise<Storage> => {
      store = await factory();
      return store;
    };
    const withWorkspace = async (name = 'ws'): Promise<[Storage, Workspace]> => {
      const s = await open();
      const w = workspace(name);
      await s.createWorkspace(w);
      return [s, w];
    };
    const window = (w: Workspace, from = T0, to = plusMinutes(T0, 1)) => ({ workspaceId: w.id, from: at(from), to: at(to) });

    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    it('stores a report and reads every row back as sent', async () => {
      const [s, w] = await withWorkspace();
      const report = makeReport({ connections: 5, boundPorts: 2, processes: 3 });
      expect(await s.ingestReport({ workspaceId: w.id, report, receivedAt: at(T0) })).toEqual({ stored: true });
      const origin = { machine: report.machine, agentId: report.agentId, computer: 'web1.example.internal' };
      const connections = await s.connections(window(w));
      expect(connections).toHaveLength(5);
      expect(connections).toEqual(expect.arrayContaining(report.connections.map((c) => ({ ...c, ...origin }))));
      expect(await s.boundPorts(window(w))).toEqual(expect.arrayContaining(report.boundPorts.map((b) => ({ ...b, ...origin }))));
      expect(await s.processes(window(w))).toEqual(report.processes.map((p) => ({ ...p, ...origin })));
      expect(await s.computers(window(w))).toEqual([{ ...report.computer, ...origin }]);
      expect(await s.hasBatch(w.id, report.batchId)).toBe(true);
    });

    it('stores a batch id once: a second send writes nothing', async () => {
      const [s, w] = await withWorkspace();
      const report = makeReport({ connections: 4 });
      await s.ingestReport({ workspaceId: w.id, report, receivedAt: at(T0) });
      expect(await s.ingestReport({ workspaceId: w.id, report, receivedAt: at(T0) })).toEqual({ stored: false });
      const both = await Promise.all([1, 2].map(() => s.ingestReport({ workspaceId: w.id, report: { ...report, batchId: report.batchId.toUpperCase() }, receivedAt: at(T0) })));
      expect(both).toEqual([{ stored: false }, { stored: false }]);
      expect(await s.connections(window(w))).toHaveLength(4);
    });

    it('dedupes two sends of one new batch that arrive together', async () => {
      const [s, w] = await withWorkspace();
      const report = makeReport({ connections: 2 });
      const results = await Promise.all([1, 2, 3].map(() => s.ingestReport({ workspaceId: w.id, report, receivedAt: at(T0) })));
      expect(results.filter((r) => r.stored)).toHaveLength(1);
      expect(await s.connections(window(w))).toHaveLength(2);
    });

    it('keeps workspaces apart, batch ids included', async () => {
      const [s, a] = await withWorkspace('a');
      const b = workspace('b');
      await s.createWorkspace(b);
      const report = makeReport({ connections: 3 });
      await s.ingestReport({ workspaceId: a.id, report, receivedAt: at(T0) });
      expect(await s.connections(window(b))).toEqual([]);
      expect(await s.machinesSeen(window(b))).toEqual([]);
      expect(await s.ingestReport({ workspaceId: b.id, report, receivedAt: at(T0) })).toEqual({ stored: true });
      expect(await s.connections(window(b))).toHaveLength(3);
    });

    it('reads half-open windows and filters by machine', async () => {
      const [s, w] = await withWorkspace();
      const one = makeReport({ connections: 2, time: T0 });
      const two = makeReport({ connections: 3, time: plusMinutes(T0, 1) });
      for (const report of [one, two]) await s.ingestReport({ workspaceId: w.id, report, receivedAt: at(T0) });
      expect(await s.connections(window(w, T0, plusMinutes(T0, 1)))).toHaveLength(2);
      expect(await s.connections(window(w, T0, plusMinutes(T0, 2)))).toHaveLength(5);
      expect(await s.connections({ ...window(w, T0, plusMinutes(T0, 2)), machines: [two.machine] })).toHaveLength(3);
      expect(await s.connections({ ...window(w, T0, plusMinutes(T0, 2)), machines: [] })).toEqual([]);
      const seen = await s.machinesSeen(window(w, T0, plusMinutes(T0, 2)));
      expect(seen.map((m) => m.machine).sort()).toEqual([one.machine, two.machine].sort());
      expect(seen.find((m) => m.machine === two.machine)?.lastSeen).toBe(plusMinutes(T0, 1));
    });

    it('folds a window of connection and bound-port rows as the reference fold does', async () => {
      const [s, w] = await withWorkspace();
      const agentId = randomUUID();
      const other = makeReport({ connections: 4, time: plusMinutes(T0, 1) });
      // Two reports of minute 2 (an agent restarted within it): linksLive is their sum.
      const minutes = [0, 1, 2, 2, 3].map((m, i) => {
        const report = makeReport({ agentId, connections: 9, boundPorts: 3, time: plusMinutes(T0, m), tag: m });
        return { ...report, connections: report.connections.map((c) => ({ ...c, linksLive: i + 1 })) };
      });
      for (const report of [...minutes, other]) await s.ingestReport({ workspaceId: w.id, report, receivedAt: at(T0) });
      const q = { ...window(w, plusMinutes(T0, 1), plusMinutes(T0, 3)), machines: [`m-${agentId}`] };
      const byKey = <R extends { machine: string; process: string; timeGenerated: string }>(rows: R[]): R[] =>
        rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      const summaries = await s.connectionSummaries(q);
      expect(summaries).toHaveLength(9);
      expect(byKey(summaries)).toEqual(byKey(foldConnectionRows(await s.connections(q))));
      expect(summaries.map((r) => [r.linksEstablished, r.linksLive, r.processName, r.timeGenerated, r.lastTimeGenerated]))
        .toEqual(summaries.map(() => [3, 3 + 4, 'proc1', plusMinutes(T0, 1), plusMinutes(T0, 2)]));
      const single = await s.connectionSummaries({ ...q, to: at(plusMinutes(T0, 2)) });
      expect(single.map((r) => r.linksLive)).toEqual(single.map(() => 2));
      expect(byKey(await s.listeners(q))).toEqual(byKey(foldBoundPortRows(await s.boundPorts(q))));
      expect(await s.connectionSummaries({ ...q, machines: [] })).toEqual([]);
      expect(await s.connectionSummaries({ ...q, machines: undefined })).toHaveLength(13);
    });

    it('answers the latest inventory as of a time', async () => {
      const [s, w] = await withWorkspace();
      const agentId = randomUUID();
      const early = makeReport({ agentId, time: T0, hostName: 'old', processes: 2 });
      const late = makeReport({ agentId, time: plusMinutes(T0, 60), hostName: 'new', processes: 1 });
      for (const report of [early, late]) await s.ingestReport({ workspaceId: w.id, report, receivedAt: at(T0) });
      const asOf = async (minutes: number) => s.latestComputers({ workspaceId: w.id, asOf: at(plusMinutes(T0, minutes)) });
      expect((await asOf(30)).map((c) => c.hostName)).toEqual(['old']);
      expect((await asOf(61)).map((c) => c.hostName)).toEqual(['new']);
      for (const minutes of [30, 61]) {
        const addresses = await s.machineAddresses({ workspaceId: w.id, asOf: at(plusMinutes(T0, minutes)) });
        expect(addresses).toEqual((await asOf(minutes)).map((c) => ({
          machine: c.machine, addresses: [...c.ipv4Interfaces.map((i) => i.ipAddress), ...c.ipv6Addresses],
        })));
        expect(addresses[0]?.addresses.length).toBeGreaterThan(0);
      }
      const processes = await s.latestProcesses({ workspaceId: w.id, asOf: at(plusMinutes(T0, 61)) });
      expect(processes.map((p) => [p.process, p.timeGenerated])).toEqual([
        [processId(0), plusMinutes(T0, 60)], [processId(1), T0],
      ]);
      const recent = await s.latestProcesses({ workspaceId: w.id, asOf: at(plusMinutes(T0, 61)), notBefore: at(plusMinutes(T0, 1)) });
      expect(recent.map((p) => p.process)).toEqual([processId(0)]);
    });

    it('keeps the newest inventory whatever order batches arrive in, ties going to the later receipt', async () => {
      const [s, w] = await withWorkspace();
      const agentId = randomUUID();
      const late = makeReport({ agentId, time: plusMinutes(T0, 60), hostName: 'new', processes: 1 });
      const early = makeReport({ agentId, time: T0, hostName: 'old', processes: 2 });
      for (const report of [late, early]) await s.ingestReport({ workspaceId: w.id, report, receivedAt: at(plusMinutes(T0, 60)) });
      const hosts = async (minutes: number) =>
        (await s.latestComputers({ workspaceId: w.id, asOf: at(plusMinutes(T0, minutes)) })).map((c) => c.hostName);
      expect(await hosts(90)).toEqual(['new']);
      expect(await hosts(30)).toEqual(['old']);
      const processes = await s.latestProcesses({ workspaceId: w.id, asOf: at(plusMinutes(T0, 90)), machines: [`m-${agentId}`] });
      expect(processes.map((p) => [p.process, p.timeGenerated])).toEqual([[processId(0), plusMinutes(T0, 60)], [processId(1), T0]]);
      const resent = makeReport({ agentId, time: plusMinutes(T0, 60), hostName: 'newer', processes: 0 });
      await s.ingestReport({ workspaceId: w.id, report: resent, receivedAt: at(plusMinutes(T0, 61)) });
      expect(await hosts(90)).toEqual(['newer']);
      expect(await s.latestComputers({ workspaceId: w.id, asOf: at(plusMinutes(T0, 90)), notBefore: at(plusMinutes(T0, 61)) })).toEqual([]);
    });

    it('stamps rows of batches without inventory with the machine name last reported', async () => {
      const [s, w] = await withWorkspace();
      const agentId = randomUUID();
      await s.ingestReport({ workspaceId: w.id, report: makeReport({ agentId, hostName: 'db1' }), receivedAt: at(T0) });
      const bare = makeReport({ agentId, withComputer: false, time: plusMinutes(T0, 1), connections: 1 });
      await s.ingestReport({ workspaceId: w.id, report: bare, receivedAt: at(T0) });
      const rows = await s.connections(window(w, plusMinutes(T0, 1), plusMinutes(T0, 2)));
      expect(rows.map((r) => r.computer)).toEqual(['db1.example.internal']);
    });

    it('stamps rows with machine names when several machines first report at once', async () => {
      const [s, w] = await withWorkspace();
      const agents = Array.from({ length: 4 }, () => randomUUID());
      // As agents do at a window's end: their first batches arrive one just after the other, so
      // a store with parallel writers commits them side by side.
      const first: Promise<unknown>[] = [];
      for (const [i, agentId] of agents.entries()) {
        first.push(s.ingestReport({ workspaceId: w.id, report: makeReport({ agentId, hostName: `h${i}` }), receivedAt: at(T0) }));
        await new Promise((r) => setImmediate(r));
      }
      await Promise.all(first);
      await Promise.all(agents.map((agentId) =>
        s.ingestReport({ workspaceId: w.id, report: makeReport({ agentId, withComputer: false, time: plusMinutes(T0, 1), connections: 1 }), receivedAt: at(T0) })));
      const rows = await s.connections(window(w, plusMinutes(T0, 1), plusMinutes(T0, 2)));
      expect(rows.map((r) => r.computer).sort()).toEqual(agents.map((_, i) => `h${i}.example.internal`));
    });

    it('drops records older than the workspace retention at ingest', async () => {
      const s = await open();
      const w = workspace('short', 1);
      await s.createWorkspace(w);
      const report = makeReport({ connections: 2, time: T0 });
      await s.ingestReport({ workspaceId: w.id, report, receivedAt: at('2025-01-03T00:00:00.000Z') });
      expect(await s.connections(window(w))).toEqual([]);
      expect(await s.hasBatch(w.id, report.batchId)).toBe(true);
    });

    it('purges rows past each workspace retention', async () => {
      const [s, long] = await withWorkspace('long');
      const short = workspace('short', 1);
      await s.createWorkspace(short);
      for (const ws of [long, short]) {
        await s.ingestReport({ workspaceId: ws.id, report: makeReport({ connections: 2 }), receivedAt: at(T0) });
      }
      const removed = await s.purgeExpired(at('2025-01-02T12:00:00.000Z'));
      expect(removed.VMConnection).toBe(2);
      expect(await s.connections(window(short))).toEqual([]);
      expect(await s.connections(window(long))).toHaveLength(2);
      const asOf = at('2025-01-02T12:00:00.000Z');
      expect(await s.latestComputers({ workspaceId: short.id, asOf })).toEqual([]);
      expect(await s.latestProcesses({ workspaceId: short.id, asOf })).toEqual([]);
      expect(await s.latestComputers({ workspaceId: long.id, asOf })).toHaveLength(1);
      const stats = await s.stats();
      expect(stats.rows.VMConnection).toBe(2);
      expect(stats.rows.IngestBatches).toBe(2);
    });

    it('stores every batch of a burst of concurrent ingests', async () => {
      const [s, w] = await withWorkspace();
      const reports = Array.from({ length: 40 }, (_, i) => makeReport({ connections: 10, tag: i }));
      const results = await Promise.all(reports.map((report) => s.ingestReport({ workspaceId: w.id, report, receivedAt: at(T0) })));
      expect(results.every((r) => r.stored)).toBe(true);
      expect(await s.connections(window(w))).toHaveLength(400);
    });

    it('creates, finds and updates workspaces, refusing duplicates', async () => {
      const [s, w] = await withWorkspace('main');
      await expect(s.createWorkspace({ ...workspace('main') })).rejects.toBeInstanceOf(StorageConflictError);
      expect(await s.getWorkspace(w.id)).toEqual(w);
      expect(await s.getWorkspaceByName('main')).toEqual(w);
      expect(await s.getWorkspace(randomUUID())).toBeUndefined();
      expect(await s.setAgentKeyHash(w.id, 'b'.repeat(64), at(plusMinutes(T0, 5)))).toBe(true);
      expect(await s.setRetentionDays(w.id, 7)).toBe(true);
      expect(await s.setRetentionDays(randomUUID(), 7)).toBe(false);
      const updated = await s.getWorkspace(w.id);
      expect(updated).toMatchObject({ agentKeyHash: 'b'.repeat(64), retentionDays: 7, keyRotatedAt: plusMinutes(T0, 5) });
      expect((await s.listWorkspaces()).map((x) => x.name)).toEqual(['main']);
    });

    it('stores tokens by hash and revokes them', async () => {
      const [s, w] = await withWorkspace();
      const token: ApiToken = {
        id: randomUUID(), workspaceId: w.id, role: 'reader', name: 'ci', tokenHash: 'c'.repeat(64),
        createdAt: T0, revokedAt: null,
      };
      await s.createToken(token);
      await expect(s.createToken({ ...token, id: randomUUID() })).rejects.toBeInstanceOf(StorageConflictError);
      expect(await s.findTokenByHash('c'.repeat(64))).toEqual(token);
      expect(await s.listTokens(w.id)).toEqual([token]);
      expect(await s.listTokens(randomUUID())).toEqual([]);
      expect(await s.revokeToken(token.id, at(T0))).toBe(true);
      expect(await s.revokeToken(token.id, at(T0))).toBe(false);
      expect((await s.findTokenByHash('c'.repeat(64)))?.revokedAt).toBe(T0);
    });

    it('keeps machine groups with etags', async () => {
      const [s, w] = await withWorkspace();
      const id = randomUUID();
      const created = await s.createMachineGroup(w.id, id, { displayName: 'web', machines: ['m-a'] }, at(T0));
      expect(created).toMatchObject({ id, workspaceId: w.id, displayName: 'web', machines: ['m-a'], createdAt: T0 });
      await expect(s.createMachineGroup(w.id, id, { displayName: 'x', machines: [] }, at(T0))).rejects.toBeInstanceOf(StorageConflictError);
      const updated = await s.updateMachineGroup(w.id, id, { displayName: 'web2', machines: ['m-a', 'm-b'] }, at(plusMinutes(T0, 1)), created.etag);
      expect(updated).toMatchObject({ displayName: 'web2', machines: ['m-a', 'm-b'], updatedAt: plusMinutes(T0, 1) });
      expect(updated?.etag).not.toBe(created.etag);
      await expect(s.updateMachineGroup(w.id, id, { displayName: 'z', machines: [] }, at(T0), created.etag))
        .rejects.toBeInstanceOf(StorageConflictError);
      expect(await s.updateMachineGroup(w.id, randomUUID(), { displayName: 'z', machines: [] }, at(T0))).toBeUndefined();
      const other = workspace('other');
      await s.createWorkspace(other);
      expect(await s.getMachineGroup(other.id, id)).toBeUndefined();
      expect(await s.listMachineGroups(w.id)).toHaveLength(1);
      expect(await s.deleteMachineGroup(other.id, id)).toBe(false);
      expect(await s.deleteMachineGroup(w.id, id)).toBe(true);
      expect(await s.getMachineGroup(w.id, id)).toBeUndefined();
    });

    it('finds the machines whose outbound rows reached an address in a window', async () => {
      const [s, w] = await withWorkspace();
      // makeReport: outbound rows (even indexes) go to fd00::1 (i % 5 === 0) or 10.1.0.1; odd ones are inbound.
      const one = makeReport({ connections: 3, time: T0 });
      const two = makeReport({ connections: 1, time: plusMinutes(T0, 1) });
      for (const report of [one, two]) await s.ingestReport({ workspaceId: w.id, report, receivedAt: at(T0) });
      const reach = (ips: string[], to = plusMinutes(T0, 2)) => s.machinesReaching({ ...window(w, T0, to), destinationIps: ips });
      expect(await reach(['10.1.0.1'])).toEqual([one.machine]);
      expect(await reach(['fd00::1'])).toEqual([one.machine, two.machine].sort());
      expect(await reach(['fd00::1'], plusMinutes(T0, 1))).toEqual([one.machine]);
      expect(await reach(['10.0.0.0'])).toEqual([]);
      expect(await reach([])).toEqual([]);
      const other = workspace('other');
      await s.createWorkspace(other);
      expect(await s.machinesReaching({ ...window(other, T0, plusMinutes(T0, 2)), destinationIps: ['fd00::1'] })).toEqual([]);
    });

    it('finds callers of an address in any spelling and stores connection and port addresses canonical', async () => {
      const [s, w] = await withWorkspace();
      const base = makeReport({ connections: 2, boundPorts: 1, time: T0 });
      const [first, second] = base.connections;
      const [port] = base.boundPorts;
      if (first === undefined || second === undefined || port === undefined) throw new Error('makeReport gives rows');
      const report = {
        ...base,
        connections: [
          { ...first, direction: 'outbound' as const, sourceIp: '::FFFF:10.0.0.5', destinationIp: 'fd00:0213:0005:0000:0000:0000:0000:0002' },
          { ...second, direction: 'outbound' as const, sourceIp: '10.0.0.5', destinationIp: '::ffff:10.0.0.1' },
        ],
        boundPorts: [{ ...port, ip: 'FD00:0:0::0009' }],
      };
      await s.ingestReport({ workspaceId: w.id, report, receivedAt: at(T0) });
      const reach = (ip: string) => s.machinesReaching({ ...window(w, T0, plusMinutes(T0, 1)), destinationIps: [ip] });
      for (const ip of ['fd00:213:5::2', 'FD00:213:5:0::2', 'fd00:0213:0005:0000:0000:0000:0000:0002']) expect(await reach(ip)).toEqual([base.machine]);
      for (const ip of ['10.0.0.1', '::ffff:10.0.0.1', '::ffff:a00:1']) expect(await reach(ip)).toEqual([base.machine]);
      expect(await reach('fd00:213:5::3')).toEqual([]);
      const rows = await s.connections(window(w, T0, plusMinutes(T0, 1)));
      expect(rows.map((r) => [r.sourceIp, r.destinationIp]).sort()).toEqual([['10.0.0.5', '10.0.0.1'], ['10.0.0.5', 'fd00:213:5::2']]);
      expect((await s.boundPorts(window(w, T0, plusMinutes(T0, 1)))).map((r) => r.ip)).toEqual(['fd00::9']);
    });

    it('refuses work once closed', async () => {
      const [s, w] = await withWorkspace();
      await s.close();
      expect(s.isOpen()).toBe(false);
      await expect(s.ingestReport({ workspaceId: w.id, report: makeReport(), receivedAt: at(T0) }))
        .rejects.toBeInstanceOf(StorageClosedError);
    });

    describeQueryContract(factory);
  });
}
