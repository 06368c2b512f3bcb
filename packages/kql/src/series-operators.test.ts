import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureDatabase, WireCell } from './testing/fixture-database.js';
import { compileForTest, runKql } from './testing/run-kql.js';
import { vmFixture } from './testing/vm-fixture.js';

// serialize and the window functions, range, make-series: rows as Kusto gives them, on the VM
// fixture (testing/vm-fixture.ts) or on the Kusto docs' own datatable examples.

let db: FixtureDatabase;
beforeAll(async () => {
  db = await vmFixture();
});
afterAll(() => {
  db.close();
});

interface Case {
  readonly kql: string;
  readonly header: string[];
  /** Dynamic cells as the JSON values they hold. */
  readonly rows: unknown[][];
  /** Row order is part of the answer (serialized output). */
  readonly ordered?: boolean;
}

const AXIS_10_TO_10_15 = ['2024-05-01T10:00:00.0000000Z', '2024-05-01T10:05:00.0000000Z', '2024-05-01T10:10:00.0000000Z'];
const SALARIES = 'datatable (name:string, month:int, salary:long) ["Alice", 1, 1000, "Bob", 1, 1000, "Alice", 2, 2000, "Bob", 2, 1950, "Alice", 3, 1400, "Bob", 3, 1450]';

const WINDOWS: Record<string, Case> = {
  'row_cumsum after serialize (the docs example)': {
    kql: 'datatable (a:long) [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] | where a % 2 == 0 | serialize cs = row_cumsum(a)',
    header: ['a:long', 'cs:long'], rows: [[2, 2], [4, 6], [6, 12], [8, 20], [10, 30]], ordered: true,
  },
  'row_cumsum and row_number restarted by prev (the docs example)': {
    kql: `${SALARIES} | order by name asc, month asc | extend total = row_cumsum(salary, name != prev(name)), n = row_number(1, name != prev(name))`,
    header: ['name:string', 'month:int', 'salary:long', 'total:long', 'n:long'],
    rows: [['Alice', 1, 1000, 1000, 1], ['Alice', 2, 2000, 3000, 2], ['Alice', 3, 1400, 4400, 3], ['Bob', 1, 1000, 1000, 1], ['Bob', 2, 1950, 2950, 2], ['Bob', 3, 1450, 4400, 3]],
    ordered: true,
  },
  'row_number, prev and next after sort, through project': {
    kql: 'VMConnection | sort by BytesSent asc | project BytesSent, Machine | project BytesSent, rn = row_number(), p = prev(BytesSent), n = next(Machine, 1, "none")',
    header: ['BytesSent:long', 'rn:long', 'p:long', 'n:string'],
    rows: [[10, 1, null, 'm-app'], [30, 2, 10, 'm-web'], [100, 3, 30, 'm-app'], [500, 4, 100, 'm-web'], [1000, 5, 500, 'm-web'], [3000, 6, 1000, 'none']],
    ordered: true,
  },
  'prev in where': {
    kql: 'VMConnection | sort by BytesSent asc | project BytesSent, Machine | where prev(Machine) == Machine',
    header: ['BytesSent:long', 'Machine:string'], rows: [[30, 'm-app'], [3000, 'm-web']], ordered: true,
  },
  'prev with an offset, next with a default': {
    kql: 'range x from 1 to 5 step 1 | extend p2 = prev(x, 2), n = next(x, 1, -1)',
    header: ['x:long', 'p2:long', 'n:long'], rows: [[1, null, 2], [2, null, 3], [3, 1, 4], [4, 2, 5], [5, 3, -1]], ordered: true,
  },
  'row_number with a start after top': {
    kql: 'VMConnection | top 3 by BytesSent | extend rank = row_number(10) | project BytesSent, rank',
    header: ['BytesSent:long', 'rank:long'], rows: [[3000, 10], [1000, 11], [500, 12]], ordered: true,
  },
  'serialize numbers unordered rows once each': {
    kql: 'VMConnection | serialize rn = row_number() | summarize min(rn), max(rn), dcount(rn)',
    header: ['min_rn:long', 'max_rn:long', 'dcount_rn:long'], rows: [[1, 6, 6]],
  },
  'take keeps the serialized order': {
    kql: 'range x from 1 to 10 step 1 | take 3 | extend c = row_cumsum(x)',
    header: ['x:long', 'c:long'], rows: [[1, 1], [2, 3], [3, 6]], ordered: true,
  },
};

const RANGES: Record<string, Case> = {
  'long': { kql: 'range x from 1 to 10 step 3', header: ['x:long'], rows: [[1], [4], [7], [10]], ordered: true },
  'real': { kql: 'range x from 0.5 to 2 step 0.5', header: ['x:real'], rows: [[0.5], [1], [1.5], [2]], ordered: true },
  'downwards': { kql: 'range x from 3 to 1 step -1', header: ['x:long'], rows: [[3], [2], [1]], ordered: true },
  'a step away from the end gives no rows': { kql: 'range x from 5 to 1 step 1 | count', header: ['Count:long'], rows: [[0]] },
  'datetime': {
    kql: 'range t from datetime(2024-05-01) to datetime(2024-05-01 02:00) step 1h',
    header: ['t:datetime'], rows: [['2024-05-01T00:00:00Z'], ['2024-05-01T01:00:00Z'], ['2024-05-01T02:00:00Z']], ordered: true,
  },
  'timespan': { kql: 'range d from 0s to 1m step 30s', header: ['d:timespan'], rows: [['00:00:00'], ['00:00:30'], ['00:01:00']], ordered: true },
  'in a let and a join': {
    kql: 'let r = range x from 1 to 3 step 1; r | join kind=inner (range x from 2 to 5 step 1) on x',
    header: ['x:long', 'x1:long'], rows: [[2, 2], [3, 3]],
  },
  'joined to a table': {
    kql: 'VMConnection | summarize n = count() by h = tolong(hourofday(TimeGenerated)) | join kind=rightouter (range h from 9 to 12 step 1) on h | project h1, n',
    header: ['h1:long', 'n:long'], rows: [[9, null], [10, 5], [11, 1], [12, null]],
  },
};

const SERIES: Record<string, Case> = {
  'count by machine over fixed bins': {
    kql: 'VMConnection | make-series count() on TimeGenerated from datetime(2024-05-01 10:00) to datetime(2024-05-01 10:15) step 5m by Machine',
    header: ['Machine:string', 'count_:dynamic', 'TimeGenerated:dynamic'],
    rows: [['m-app', [0, 2, 0], AXIS_10_TO_10_15], ['m-web', [3, 0, 0], AXIS_10_TO_10_15]],
  },
  'sum, avg, min, max, dcount with a default': {
    kql: 'VMConnection | make-series total = sum(BytesSent) default = -1, avg(BytesSent), min(BytesSent), max(BytesSent), dcount(Process) on TimeGenerated from datetime(2024-05-01 10:00) to datetime(2024-05-01 10:10) step 5m by Machine',
    header: ['Machine:string', 'total:dynamic', 'avg_BytesSent:dynamic', 'min_BytesSent:dynamic', 'max_BytesSent:dynamic', 'dcount_Process:dynamic', 'TimeGenerated:dynamic'],
    rows: [
      ['m-app', [-1, 510], [0, 255], [0, 10], [0, 500], [0, 1], AXIS_10_TO_10_15.slice(0, 2)],
      ['m-web', [4100, -1], [4100 / 3, 0], [100, 0], [3000, 0], [2, 0], AXIS_10_TO_10_15.slice(0, 2)],
    ],
  },
  'without from and to: the data\'s bins, one axis for all series': {
    kql: 'VMConnection | make-series count() on TimeGenerated step 1h by Machine',
    header: ['Machine:string', 'count_:dynamic', 'TimeGenerated:dynamic'],
    rows: [['m-app', [2, 1], ['2024-05-01T10:00:00.0000000Z', '2024-05-01T11:00:00.0000000Z']], ['m-web', [3, 0], ['2024-05-01T10:00:00.0000000Z', '2024-05-01T11:00:00.0000000Z']]],
  },
  'from without to: bins from start up to the last value': {
    kql: 'VMConnection | where Machine == "m-app" | make-series count() on TimeGenerated from datetime(2024-05-01 10:30) step 1h',
    header: ['count_:dynamic', 'TimeGenerated:dynamic'], rows: [[[0, 1], ['2024-05-01T10:30:00.0000000Z', '2024-05-01T11:30:00.0000000Z']]],
  },
  'a number axis': {
    kql: 'VMConnection | make-series count() on BytesSent from 0 to 4000 step 1000',
    header: ['count_:dynamic', 'BytesSent:dynamic'], rows: [[[4, 1, 0, 1], [0, 1000, 2000, 3000]]],
  },
  'in range(): bins by bin(), the stop included': {
    kql: 'VMConnection | make-series count() on TimeGenerated in range(datetime(2024-05-01 10:02), datetime(2024-05-01 10:05), 5m)',
    header: ['count_:dynamic', 'TimeGenerated:dynamic'], rows: [[[3, 2], AXIS_10_TO_10_15.slice(0, 2)]],
  },
  'kind=nonempty on no rows': {
    kql: 'VMConnection | where Machine == "none" | make-series kind=nonempty count() on TimeGenerated from datetime(2024-05-01 10:00) to datetime(2024-05-01 10:10) step 5m',
    header: ['count_:dynamic', 'TimeGenerated:dynamic'], rows: [[[0, 0], AXIS_10_TO_10_15.slice(0, 2)]],
  },
  'no rows, no series': {
    kql: 'VMConnection | where Machine == "none" | make-series count() on TimeGenerated from datetime(2024-05-01 10:00) to datetime(2024-05-01 10:10) step 5m | count',
    header: ['Count:long'], rows: [[0]],
  },
};

const round = (v: unknown): unknown => (typeof v === 'number' ? Number(v.toPrecision(12)) : Array.isArray(v) ? v.map(round) : v);

/** Dynamic cells parsed, numbers to 12 digits, so arrays compare by value. */
function normalise(rows: WireCell[][], header: readonly string[]): unknown[][] {
  return rows.map((row) => row.map((cell, i) => round(header[i]?.endsWith(':dynamic') && typeof cell === 'string' ? JSON.parse(cell) as unknown : cell)));
}

const sorted = (rows: unknown[][]): unknown[][] => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe.each([['window functions', WINDOWS], ['range', RANGES], ['make-series', SERIES]] as const)('%s on DuckDB', (_, cases) => {
  it.each(Object.entries(cases))('%s', async (_name, c) => {
    const { header, rows } = await runKql(db, c.kql);
    expect(header).toEqual(c.header);
    const got = normalise(rows, header);
    const want = c.rows.map((row) => row.map(round));
    if (c.ordered) expect(got).toEqual(want);
    else expect(sorted(got)).toEqual(sorted(want));
  });
});

describe('make-series and render', () => {
  it('keeps render timechart after make-series', async () => {
    const kql = 'VMConnection | make-series count() on TimeGenerated step 1h by Machine | render timechart';
    expect(compileForTest(kql).render).toMatchObject({ visualization: 'timechart' });
    expect((await runKql(db, kql)).rows).toHaveLength(2);
  });
});
