// KQL compile cost: our grammar + planner + SQL renderer (packages/kql) against the baseline of
// Microsoft's own parser (@kusto/language-service-next, parse only) on the same query texts, in
// the same process. Prints load time, resident memory growth and time per query.
//   node bench/run.mjs bench/kql-compile/main.ts [--rounds 2000]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { compileKql } from '@servicemap/kql';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] ?? '') || 2000;
const QUERIES = [
  'ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId',
  'ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId | project PhysicalMemory_d, ComputerName_s',
  'ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId | project ComputerName_s, OperatingSystemFullName_s, DnsNames_s, Ipv4Addresses_s',
  'ServiceMapProcess_CL | where CommandLine_s contains_cs "sql" | summarize arg_max(TimeGenerated, *) by ResourceId',
  'search in (ServiceMapComputer_CL) "m-4b9c93f9-bc37-46df-b43c-899ba829e07b" | summarize arg_max(TimeGenerated, *) by ResourceId',
  'search in (ServiceMapComputer_CL) "10.229.243.232" | summarize arg_max(TimeGenerated, *) by ResourceId',
  'ServiceMapProcess_CL | where MachineResourceName_s == "m-559dbcd8-3130-454d-8d1d-f624e57961bc" | summarize arg_max(TimeGenerated, *) by ResourceId',
  'ServiceMapComputer_CL | where ResourceName_s in ((search in (ServiceMapProcess_CL) "*sql*" | distinct MachineResourceName_s)) | distinct ComputerName_s',
  'ServiceMapProcess_CL | where ExecutableName_s == "curl" | distinct ProductVersion_s',
  'ServiceMapComputer_CL | where OperatingSystemFullName_s contains_cs "CentOS" | distinct ComputerName_s',
];
const options = { dialect: 'duckdb', workspaceId: 'w', now: new Date() } as const;
const rssMB = (): number => process.memoryUsage().rss / 1e6;

function timeEach(run: (q: string) => void): number {
  for (const q of QUERIES) run(q); // warm
  const start = performance.now();
  for (let i = 0; i < rounds; i++) for (const q of QUERIES) run(q);
  return ((performance.now() - start) * 1000) / (rounds * QUERIES.length);
}

const rss0 = rssMB();
const ours = timeEach((q) => {
  if (!compileKql(q, options).ok) throw new Error(q);
});
const rssOurs = rssMB();

const loadStart = performance.now();
const dir = dirname(createRequire(import.meta.url).resolve('@kusto/language-service-next/package.json'));
(globalThis as Record<string, unknown>).window = globalThis;
runInThisContext(readFileSync(join(dir, 'bridge.min.js'), 'utf8'));
runInThisContext(readFileSync(join(dir, 'Kusto.Language.Bridge.min.js'), 'utf8'));
const kusto = (globalThis as unknown as { Kusto: { Language: { KustoCode: { Parse: (q: string) => unknown } } } }).Kusto;
const loadMs = performance.now() - loadStart;
const firstStart = performance.now();
kusto.Language.KustoCode.Parse(QUERIES[0] ?? '');
const firstMs = performance.now() - firstStart;
const theirs = timeEach((q) => kusto.Language.KustoCode.Parse(q));
const rssTheirs = rssMB();

console.log(`queries: ${QUERIES.length} sample searches × ${rounds} rounds`);
console.log(`ours (parse+plan+DuckDB SQL): ${ours.toFixed(1)} µs/query, RSS +${(rssOurs - rss0).toFixed(0)} MB`);
console.log(`baseline Kusto.Language parse only: ${theirs.toFixed(1)} µs/query, load ${loadMs.toFixed(0)} ms, first parse ${firstMs.toFixed(0)} ms, RSS +${(rssTheirs - rssOurs).toFixed(0)} MB`);
console.log(`ratio baseline/ours per query: ${(theirs / ours).toFixed(1)}x`);
