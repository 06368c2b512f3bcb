import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { AgentReport } from '@servicemap/protocol';
import type { TableAppenders } from './report-appender.js';

const TABLES = {
  connections: 'VMConnection',
  boundPorts: 'VMBoundPort',
  computers: 'VMComputer',
  processes: 'VMProcess',
} as const satisfies Record<keyof TableAppenders, string>;

/**
 * The appenders of one transaction, each created on first need: most batches carry no inventory,
 * and an appender that is created and closed empty still costs a round trip.
 */
export class LazyAppenders {
  private readonly open = new Map<keyof TableAppenders, DuckDBAppender>();

  constructor(private readonly connection: DuckDBConnection) {}

  /** Appenders for every table the report has rows for (the others are never touched). */
  async forReport(report: AgentReport): Promise<TableAppenders> {
    const needed: (keyof TableAppenders)[] = [];
    if (report.connections.length > 0) needed.push('connections');
    if (report.boundPorts.length > 0) needed.push('boundPorts');
    if (report.processes.length > 0) needed.push('processes');
    if (report.computer !== undefined) needed.push('computers');
    for (const key of needed) {
      if (!this.open.has(key)) this.open.set(key, await this.connection.createAppender(`${TABLES[key]}_Stored`));
    }
    const get = (key: keyof TableAppenders): DuckDBAppender => {
      const appender = this.open.get(key);
      if (appender === undefined) throw new Error(`no appender for ${TABLES[key]}: the report has no such rows`);
      return appender;
    };
    return {
      get connections() { return get('connections'); },
      get boundPorts() { return get('boundPorts'); },
      get computers() { return get('computers'); },
      get processes() { return get('processes'); },
    };
  }

  /** Flushes and closes every appender opened (the rows then belong to the open transaction). */
  closeAll(): void {
    for (const appender of this.open.values()) appender.closeSync();
    this.open.clear();
  }
}
