import type { AgentReport } from '@servicemap/protocol';

/** How far ahead of the server clock a record may be dated before the batch is refused. */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 10 * 60_000;

/** A check that failed, with the JSON pointer of the offending field. */
export interface ReportProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * The first record dated more than `maxSkewMs` after `receivedAt`, if any. A window that far ahead
 * means the agent's clock is wrong; storing it would put rows in a future no query looks at (and
 * keep them past retention), so the batch is refused and the agent's status shows why.
 */
export function findFutureRecord(report: AgentReport, receivedAt: Date, maxSkewMs: number): ReportProblem | undefined {
  const limitMs = receivedAt.getTime() + maxSkewMs;
  // A batch holds a handful of distinct window starts: parse each once.
  const parsed = new Map<string, number>();
  const msOf = (iso: string): number => {
    let ms = parsed.get(iso);
    if (ms === undefined) {
      ms = Date.parse(iso);
      parsed.set(iso, ms);
    }
    return ms;
  };
  const check = (field: string, iso: string): ReportProblem | undefined =>
    msOf(iso) > limitMs
      ? { field, message: `${field} ${iso} is more than ${Math.round(maxSkewMs / 1000)} s ahead of the server clock (${receivedAt.toISOString()}).` }
      : undefined;
  const lists: readonly [string, readonly { timeGenerated: string }[]][] = [
    ['/connections', report.connections],
    ['/boundPorts', report.boundPorts],
    ['/processes', report.processes],
  ];
  for (const [name, records] of lists) {
    for (let i = 0; i < records.length; i++) {
      const problem = check(`${name}/${i}/timeGenerated`, (records[i] as { timeGenerated: string }).timeGenerated);
      if (problem !== undefined) return problem;
    }
  }
  return report.computer === undefined ? undefined : check('/computer/timeGenerated', report.computer.timeGenerated);
}

/** The machine name must be `m-{agentId}`: rows are keyed by it, and a mismatch means a broken agent. */
export function findMachineMismatch(report: AgentReport): ReportProblem | undefined {
  return report.machine.toLowerCase() === `m-${report.agentId.toLowerCase()}`
    ? undefined
    : { field: '/machine', message: `/machine ${report.machine} is not m-{agentId} (agentId ${report.agentId}).` };
}
