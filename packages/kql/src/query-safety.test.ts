import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileKql } from './compile-kql.js';
import type { FixtureDatabase } from './testing/fixture-database.js';
import { compileForTest } from './testing/run-kql.js';
import { NOW, OTHER_WORKSPACE, WORKSPACE, serviceMapFixture } from './testing/service-map-fixture.js';

let db: FixtureDatabase;
beforeAll(async () => {
  db = await serviceMapFixture();
});
afterAll(() => {
  db.close();
});

const HOSTILE = `x'); DROP TABLE "ServiceMapComputer_CL"; --`;

describe('query text never reaches SQL as text', () => {
  it('binds every literal as a parameter', () => {
    const query = compileForTest(`ServiceMapComputer_CL | where ComputerName_s == "${HOSTILE.replace(/"/g, '\\"')}" or ComputerName_s has "needle42" | extend n = 12345678, d = datetime(2031-02-03), s = 7d | take 99`);
    for (const text of ['DROP', 'needle42', '12345678', '2031', '99']) expect(query.sql).not.toContain(text);
    expect(query.params).toContain(HOSTILE);
    expect(query.params).toContain(99);
  });

  it('keeps user-chosen column names out of SQL', () => {
    const query = compileForTest(`ServiceMapComputer_CL | extend ['a"; DROP TABLE x; --'] = 1, Fine = 2 | project ['a"; DROP TABLE x; --'], Fine`);
    expect(query.sql).not.toContain('DROP');
    expect(query.columns.map((c) => c.name)).toEqual(['a"; DROP TABLE x; --', 'Fine']);
  });

  it('runs hostile literals as plain values', async () => {
    const rows = await db.run(compileForTest(`ServiceMapComputer_CL | where ComputerName_s == @"${HOSTILE.replace(/"/g, '""')}" | count`));
    expect(rows).toEqual([[0]]);
    expect(await db.run(compileForTest('ServiceMapComputer_CL | count'))).toEqual([[4]]);
  });
});

describe('the workspace filter belongs to the plan', () => {
  it('filters every table read, however the query reaches it', () => {
    const queries = [
      'ServiceMapComputer_CL | join (ServiceMapProcess_CL) on $left.ResourceName_s == $right.MachineResourceName_s',
      'union ServiceMapComputer_CL, ServiceMapProcess_CL | count',
      'search "x"',
      'let T = ServiceMapProcess_CL; T | where ResourceName_s in ((T | distinct ResourceName_s))',
    ];
    for (const text of queries) {
      const { sql } = compileForTest(text);
      const reads = sql.match(/FROM "[A-Za-z_]+"/g) ?? [];
      const filters = sql.match(/"WorkspaceId" = CAST\(\$1 AS VARCHAR\)/g) ?? [];
      expect(reads.length).toBeGreaterThan(0);
      expect(filters.length).toBe(reads.length);
    }
  });

  it('returns only the requested workspace\'s rows', async () => {
    const mine = await db.run(compileForTest('ServiceMapComputer_CL | where ComputerName_s == "intruder" | count'));
    expect(mine).toEqual([[0]]);
    const result = compileKql('ServiceMapComputer_CL | distinct ComputerName_s', { dialect: 'duckdb', workspaceId: OTHER_WORKSPACE, now: NOW });
    if (!result.ok) throw new Error(result.error.message);
    expect(await db.run(result.query)).toEqual([['intruder']]);
  });

  it('ANDs the request timespan with the query\'s own filters', async () => {
    const window = { start: new Date('2024-05-01T10:30:00Z'), end: new Date('2024-05-01T12:00:00Z') };
    const rows = await db.run(compileForTest('ServiceMapComputer_CL | where PhysicalMemory_d > 3000 | project ComputerName_s, PhysicalMemory_d', window));
    expect(rows.sort()).toEqual([['db-01', 16384], ['web-01', 8192]]);
    expect(WORKSPACE).not.toBe(OTHER_WORKSPACE);
  });
});

describe('render', () => {
  it('returns render information and leaves the rows alone', () => {
    const query = compileForTest('ServiceMapComputer_CL | summarize count() by OperatingSystemFullName_s | render piechart with (title="Operating systems")');
    expect(query.render).toMatchObject({ visualization: 'piechart', title: 'Operating systems', kind: 'default' });
    expect(query.columns.map((c) => c.name)).toEqual(['OperatingSystemFullName_s', 'count_']);
    expect(query.render?.isQuerySorted).toBe(false);
    expect(compileForTest('ServiceMapComputer_CL | summarize n = count() by bin(TimeGenerated, 1h) | sort by TimeGenerated asc | render timechart').render)
      .toMatchObject({ visualization: 'timechart', isQuerySorted: true, accumulate: false });
  });
});
