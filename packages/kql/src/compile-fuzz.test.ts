import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileKql } from './compile-kql.js';
import type { FixtureDatabase } from './testing/fixture-database.js';
import { NOW, WORKSPACE } from './testing/service-map-fixture.js';
import { vmFixture } from './testing/vm-fixture.js';
import { CORPUS, MARK, mutate, random, soup } from './testing/kql-fuzz.js';

let db: FixtureDatabase;
beforeAll(async () => {
  db = await vmFixture();
});
afterAll(() => {
  db.close();
});

describe('fuzz: random and mutated queries', () => {
  it('never crashes, never puts a literal into SQL, and every accepted query runs', async () => {
    const next = random(20240501);
    let accepted = 0;
    const failures: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const base = CORPUS[i % CORPUS.length] ?? '';
      const text = i % 3 === 0 ? soup(next) : mutate(base, next);
      const result = compileKql(text, { dialect: i % 2 === 0 ? 'duckdb' : 'clickhouse', workspaceId: WORKSPACE, now: NOW });
      if (!result.ok) {
        expect(typeof result.error.code).toBe('string');
        expect(result.error.message.length).toBeGreaterThan(0);
        continue;
      }
      accepted++;
      expect(result.query.sql).not.toContain(MARK);
      if (result.query.dialect !== 'duckdb') continue;
      try {
        await db.run(result.query);
      } catch (error) {
        failures.push(`${text}\n  ${String(error).split('\n')[0] ?? ''}`);
      }
    }
    expect(accepted).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  }, 120_000);
});
