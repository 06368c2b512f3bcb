import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureDatabase } from './testing/fixture-database.js';
import { compileForTest, runKql } from './testing/run-kql.js';
import { serviceMapFixture } from './testing/service-map-fixture.js';

let db: FixtureDatabase;
beforeAll(async () => {
  db = await serviceMapFixture();
});
afterAll(() => {
  db.close();
});

const count = async (kql: string): Promise<unknown> => (await runKql(db, `${kql} | count`)).rows[0]?.[0];

// The fixture's seven processes have no Description_s (NULL in storage, "" to Kusto) and three
// run curl. Tests read bare in a filter must still treat NULL exactly as Kusto treats "".
describe('text tests read without coalesce in filters', () => {
  it('drops the coalesce where a NULL and "" keep the same rows, and keeps it elsewhere', () => {
    expect(compileForTest('ServiceMapProcess_CL | where ExecutableName_s == "curl"').sql).not.toContain('coalesce(c6');
    expect(compileForTest('ServiceMapProcess_CL | where ExecutableName_s contains_cs "cur" and not(CommandLine_s contains "x")').sql).not.toMatch(/coalesce\(c(6|15),/);
    expect(compileForTest('ServiceMapProcess_CL | where ExecutableName_s == ""').sql).toContain('coalesce(c6');
    expect(compileForTest('ServiceMapProcess_CL | where ExecutableName_s != "curl"').sql).toContain('coalesce(c6');
    expect(compileForTest('ServiceMapProcess_CL | extend b = ExecutableName_s == "curl"').sql).toContain('coalesce(c6');
  });

  it('gives the rows Kusto gives for empty and missing strings', async () => {
    const all = '(ServiceMapProcess_CL)';
    expect(await count(`${all} | where ExecutableName_s == "curl"`)).toBe(3);
    expect(await count(`${all} | where Description_s == "x" or ExecutableName_s =~ "CURL"`)).toBe(3);
    expect(await count(`${all} | where Description_s == ""`)).toBe(7);
    expect(await count(`${all} | where Description_s != "x"`)).toBe(7);
    expect(await count(`${all} | where not(Description_s contains "x")`)).toBe(7);
    expect(await count(`${all} | where not(Description_s startswith "x" or Description_s endswith_cs "y")`)).toBe(7);
    expect(await count(`${all} | extend b = Description_s contains "x" | where b == false`)).toBe(7);
    expect(await count(`${all} | where isempty(Description_s) and ExecutableName_s contains "CUR"`)).toBe(3);
  });
});
