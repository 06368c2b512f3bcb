import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueryWorld, type QueryWorld } from './log-analytics-test-world.js';

// Random and mutated KQL through HTTP against a listening server: whatever the text, the answer is
// a 200 or a 4xx with a code (504 if a query runs away), never a 500, and the stored data is
// untouched (query text never reaches SQL as text). The seed is printed so a failure replays.

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const RUNS = 400;

/** mulberry32: small, seedable, good enough to pick tokens. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SAMPLES = [
  'ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId',
  'ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId | project PhysicalMemory_d, ComputerName_s',
  'ServiceMapProcess_CL | where CommandLine_s contains_cs "sql" | summarize arg_max(TimeGenerated, *) by ResourceId',
  'search in (ServiceMapComputer_CL) "10.229.243.232" | summarize arg_max(TimeGenerated, *) by ResourceId',
  'ServiceMapComputer_CL | where ResourceName_s in ((search in (ServiceMapProcess_CL) "*sql*" | distinct MachineResourceName_s)) | distinct ComputerName_s',
  'ServiceMapProcess_CL | where ExecutableName_s == "curl" | distinct ProductVersion_s',
  'VMConnection | where TimeGenerated > ago(1d) | summarize sum(BytesSent) by Computer, bin(TimeGenerated, 1h) | order by Computer asc',
  'VMConnection | extend r = strcat(SourceIp, ":", tostring(DestinationPort)) | project r, LinksFailed | top 5 by LinksFailed desc',
  'VMBoundPort | where Port between (1 .. 1024) | summarize dcount(Machine) by Port | render barchart',
  'VMComputer | mv-expand ip = Ipv4Addresses | project HostName, tostring(ip) | take 10',
  'let m = VMProcess | where ExecutableName == "nginx" | distinct Machine; VMConnection | where Machine in (m) | count',
  'VMConnection | join kind=inner (VMComputer | project Machine, HostName) on Machine | project HostName, DestinationIp | limit 3',
];
const WORDS = [
  '|', 'where', 'project', 'extend', 'summarize', 'by', 'count()', 'take', 'limit', 'sort', 'order', 'asc', 'desc', 'distinct',
  'search', 'in', 'join', 'kind=inner', 'on', 'union', 'let', ';', 'top', 'mv-expand', 'parse', 'with', 'render', 'timechart',
  'and', 'or', 'not', '==', '!=', '=~', '<', '>=', '+', '-', '*', '/', '%', '(', ')', '[', ']', '{', '}', ',', '.', '..', '=',
  'contains', 'contains_cs', 'has', 'startswith', 'matches regex', 'between', '!in', 'ago(1h)', 'now()', 'bin(TimeGenerated, 5m)',
  'strcat(', 'tostring(', 'toint(', 'todynamic(', 'parse_json(', 'iff(', 'case(', 'isnull(', 'dcount(', 'sum(', 'avg(', 'arg_max(',
  'make_set(', 'datetime(2025-01-01)', 'timespan(1d)', '1d', '30m', '42', '-1', '3.5e10', '9223372036854775807', '0x1F',
  'dynamic([1,"a",{"b":null}])', '"x"', "'y'", '@"c:\\\\path"', '"\\""', '"*sql*"', "'; DROP TABLE VMConnection_Stored; --",
  '"\' OR 1=1 --"', '$1', '/* c */', '// c\n', 'true', 'false', 'null', 'VMConnection', 'VMComputer', 'VMProcess', 'VMBoundPort',
  'ServiceMapComputer_CL', 'ServiceMapProcess_CL', 'NoSuchTable', 'Computer', 'Machine', 'TimeGenerated', 'BytesSent',
  'DestinationPort', 'Ipv4Addresses', 'WorkspaceId', '_TimeReceived', 'ResourceId', '*', 'x', 'Ünïcødé', '\u0000', '\t', '\n',
];

const TAILS = [
  'take 0', 'take 100000', 'count', 'where TimeGenerated > ago(365d)', 'where TimeGenerated < datetime(1601-01-01)',
  "where tostring(TimeGenerated) contains \"'; DROP TABLE VMComputer_Stored; --\"", 'extend n = 9223372036854775807 + 1',
  'extend d = 1 / 0', 'extend t = todatetime("not a date")', 'extend j = parse_json("{bad")', 'extend s = substring("abc", -5, 100)',
  'summarize count() by bin(TimeGenerated, 1ms)', 'sort by TimeGenerated desc', 'distinct TimeGenerated', 'project-away TimeGenerated',
];

function mutate(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  switch (Math.floor(next() * 6)) {
    case 0: return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 8));
    case 1: return `${text.slice(0, at)} ${pick(WORDS)} ${text.slice(at)}`;
    case 2: return text.slice(0, at) + String.fromCharCode(Math.floor(next() * 0x250)) + text.slice(at);
    case 3: return text.slice(0, at);
    case 4: return `${text} | ${pick(SAMPLES).split('|').slice(1).join('|')}`;
    default: return text.replace(/"[^"]*"/, pick(WORDS));
  }
}

function generate(next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const roll = next();
  if (roll < 0.2) return Array.from({ length: 1 + Math.floor(next() * 14) }, () => pick(WORDS)).join(' ');
  if (roll < 0.35) return pick(SAMPLES);
  // Valid queries with tails and literals that stress types and limits, so many reach the database.
  if (roll < 0.6) return `${pick(SAMPLES)} | ${pick(TAILS)}`;
  let text = pick(SAMPLES);
  for (let i = 0, n = 1 + Math.floor(next() * 3); i < n; i++) text = mutate(text, next);
  return text;
}

const TIMESPANS = [undefined, 'P1D', 'PT1H', 'garbage', '2025-01-01/2024-01-01', 'P99999Y', '2025-01-01T00:00:00Z/PT2H'];

let w: QueryWorld;
beforeAll(async () => {
  w = await openQueryWorld({ logAnalytics: { limits: { maxRows: 1000 } }, tls: false });
});
afterAll(async () => {
  await w.close();
});

describe('fuzzed queries through HTTP', () => {
  it(`never answer 500 (seed ${SEED}), and leave the data as it was`, { timeout: 240_000 }, async () => {
    const before = await w.storage.stats();
    const next = random(SEED);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < RUNS; i++) {
      const query = generate(next);
      const timespan = TIMESPANS[Math.floor(next() * TIMESPANS.length)];
      const res = await fetch(`${w.url}/v1/workspaces/${w.workspaceId}/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${w.readerToken}`, 'content-type': 'application/json', prefer: 'wait=20' },
        body: JSON.stringify({ query, ...(timespan === undefined ? {} : { timespan }) }),
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const body = await res.json() as { error?: { code?: string }; tables?: unknown[] };
      const wellFormed = res.status === 200 ? Array.isArray(body.tables) : typeof body.error?.code === 'string';
      if (res.status >= 500 && res.status !== 504) failures.push(`${res.status} ${JSON.stringify(query)}`);
      else if (!wellFormed) failures.push(`malformed ${res.status} ${JSON.stringify(query)}`);
    }
    // Both outcomes must occur, or the generator is not exercising the compiler.
    expect(statuses.get(200) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(RUNS / 10);
    expect(statuses.get(400) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(RUNS / 20);
    expect(failures).toEqual([]);
    expect(await w.storage.stats()).toEqual(before);
  });
});
