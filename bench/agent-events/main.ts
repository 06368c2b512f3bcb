/*
 * Agent events benchmark: the tracefs collector (TracefsEventSource) reading a storm of short
 * TCP connections made by bench/connstorm in a private netns. Not a timed test: it prints what
 * was decoded, lost and correlated, and the reader's CPU, next to a baseline storm in the same
 * run with the events disabled (the storm's own CPU shows the kernel-side cost of tracing).
 *   node bench/run.mjs bench/agent-events/main.ts [--rate 20000] [--seconds 10] [--workers 2] [--no-filter]
 */
import { cpus } from 'node:os';
import type { TcpEvent } from '../../apps/agent/src/model/tcp-event.js';
import { TracefsEventSource } from '../../apps/agent/src/collectors/tracefs/index.js';
import { StormNetns, compileConnstorm, type StormResult } from './connstorm-runner.js';

const PORT = 47_000;

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
}

interface Tally {
  connected: number;
  accepted: number;
  closedConnected: number;
  closedAccepted: number;
  closedUnknown: number;
  failed: number;
}

function tally(into: Tally, events: readonly TcpEvent[]): void {
  for (const e of events) {
    if (e.common.remotePort !== PORT && e.common.localPort !== PORT) continue;
    switch (e.kind) {
      case 'connected':
        into.connected++;
        break;
      case 'accepted':
        into.accepted++;
        break;
      case 'failed':
        into.failed++;
        break;
      case 'closed':
        if (e.origin === 'connected') into.closedConnected++;
        else if (e.origin === 'accepted') into.closedAccepted++;
        else into.closedUnknown++;
        break;
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function withEvents(netns: StormNetns, binary: string, rate: number, seconds: number, workers: number, kernelFilter: boolean) {
  const opened = TracefsEventSource.open({ kernelFilter });
  if (!opened.ok) throw new Error(`tracefs unavailable: ${opened.reason}: ${opened.message}`);
  const source = opened.source;
  const counts: Tally = { connected: 0, accepted: 0, closedConnected: 0, closedAccepted: 0, closedUnknown: 0, failed: 0 };
  try {
    source.drain(); // start from an empty buffer
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const state = { running: true };
    const storm = netns.run(binary, rate, seconds, PORT, workers).finally(() => (state.running = false));
    // What an agent does: drain now and then; the source's own 20 ms timer does the reading.
    while (state.running) {
      tally(counts, source.drain());
      await sleep(100);
    }
    const result = await storm;
    for (let i = 0; i < 5; i++) {
      await sleep(20);
      tally(counts, source.drain());
    }
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const readerCpuS = (cpu.user + cpu.system) / 1e6;
    return { result, counts, wallS, readerCpuS, lost: source.lostEvents(), stats: source.stats() };
  } finally {
    await source.close();
  }
}

function stormLine(label: string, r: StormResult): string {
  const cpu = r.cpuUserS + r.cpuSysS;
  return `${label.padEnd(22)} ${r.ok} ok / ${r.attempts} (${(r.ok / r.seconds).toFixed(0)}/s), failed ${r.failed}, storm CPU ${cpu.toFixed(2)} s (user ${r.cpuUserS.toFixed(2)}, sys ${r.cpuSysS.toFixed(2)})`;
}

async function main(): Promise<void> {
  const rate = arg('rate', 20_000);
  const seconds = arg('seconds', 10);
  const workers = arg('workers', 2);
  const kernelFilter = !process.argv.includes('--no-filter');
  console.log(`agent-events: ${rate} connections/s for ${seconds} s, ${workers} workers, kernel filter ${kernelFilter ? 'on' : 'off'}`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}`);
  const binary = compileConnstorm();
  const netns = new StormNetns();
  try {
    const baseline = await netns.run(binary, rate, seconds, PORT, workers);
    const traced = await withEvents(netns, binary, rate, seconds, workers, kernelFilter);
    const { result, counts, wallS, readerCpuS, lost, stats } = traced;
    console.log(stormLine('baseline (no events)', baseline));
    console.log(stormLine('with events', result));
    const baseCpu = baseline.cpuUserS + baseline.cpuSysS;
    const tracedCpu = result.cpuUserS + result.cpuSysS;
    console.log(`storm CPU with events / without: ${(tracedCpu / baseCpu).toFixed(3)}`);
    console.log(`records decoded ${stats.recordsDecoded} (${(stats.recordsDecoded / result.seconds).toFixed(0)}/s), pages ${stats.pagesRead}, malformed ${stats.malformedPages}, lost ${lost}`);
    console.log(
      `correlated: connected ${counts.connected}, accepted ${counts.accepted}, closed ${counts.closedConnected} (connected) + ${counts.closedAccepted} (accepted) + ${counts.closedUnknown} (unknown), failed ${counts.failed}; storm ok ${result.ok}`,
    );
    const share = readerCpuS / wallS;
    console.log(
      `reader CPU ${readerCpuS.toFixed(2)} s over ${wallS.toFixed(2)} s = ${(share * 100).toFixed(1)} % of one core, ${((readerCpuS / Math.max(stats.recordsDecoded, 1)) * 1e6).toFixed(2)} µs per record`,
    );
    const exact = counts.connected === result.ok && counts.accepted === result.ok && counts.closedConnected === result.ok && counts.closedAccepted === result.ok;
    console.log(`targets: lost 0 ${lost === 0 ? 'MET' : 'MISSED'}; ≤ 15 % of a core ${share <= 0.15 ? 'MET' : 'MISSED'}; counts exact ${exact ? 'YES' : 'NO'}`);
    console.log(JSON.stringify({ rate, seconds, workers, kernelFilter, baseline, traced: { ...result, ...counts, lost, recordsDecoded: stats.recordsDecoded, readerCpuS, wallS, share } }));
  } finally {
    netns.remove();
  }
}

await main();
