import type { CompileOptions, CompileResult, CompiledQuery, KqlError } from '@servicemap/kql';
import type { LogsErrorInfo, LogsInnerError, LogsQueryResults } from '@servicemap/protocol';
import {
  QueryExecutionError, QueryInterruptedError, StorageClosedError, type QueryRows, type Storage,
} from '../../storage/storage.js';
import { LogAnalyticsError } from './log-analytics-error.js';
import type { QueryPreferences } from './prefer-header.js';
import { QueryGate } from './query-gate.js';
import { parseTimespan, TimespanError, type TimeInterval } from './timespan.js';

/** What one query may use, as in Log Analytics (row limit, result size, wait) plus a concurrency cap. */
export interface LogAnalyticsLimits {
  /** Rows returned before the result is cut and marked partial (Log Analytics' API default: 30,000). */
  readonly maxRows: number;
  /** Bytes of rows (as JSON) before the result is cut and marked partial (Log Analytics: 64 MB). */
  readonly maxResultBytes: number;
  /** Queries that run at once; more wait (within their wait time) for a slot. */
  readonly maxConcurrentQueries: number;
  /** Upper bound of `Prefer: wait=` (Log Analytics: 600 s). */
  readonly maxWaitSeconds: number;
  /** Wait of a query without `Prefer: wait=` (Log Analytics: 180 s), capped at the maximum. */
  readonly defaultWaitSeconds: number;
}

export const DEFAULT_LOG_ANALYTICS_LIMITS: LogAnalyticsLimits = {
  maxRows: 30_000,
  maxResultBytes: 64 * 1024 * 1024,
  maxConcurrentQueries: 2,
  maxWaitSeconds: 600,
  defaultWaitSeconds: 180,
};

/** The KQL compiler's entry point (`compileKql` of `@servicemap/kql`), injectable for unit tests. */
export type KqlCompiler = (text: string, options: CompileOptions) => CompileResult | Promise<CompileResult>;

/** One query as the routes received it. */
export interface LogQuery {
  readonly workspaceId: string;
  readonly query: string;
  readonly timespan?: string;
  readonly prefer: QueryPreferences;
}

/** The status and body one query answers (a batch entry carries both). */
export interface LogQueryOutcome {
  readonly status: number;
  readonly body: LogsQueryResults | { readonly error: LogsErrorInfo };
}

export interface LogQueryServiceDeps {
  readonly storage: Storage;
  readonly compile: KqlCompiler;
  readonly now: () => Date;
  readonly limits: LogAnalyticsLimits;
  /** Called with our own failures (the compiler's or the database's), which answer 500. */
  readonly onInternalError?: (error: unknown, query: string, sql?: string) => void;
}

// Engine error classes a query's own data or size can cause; any other class (Binder, Parser,
// Catalog …) means the compiler emitted SQL it must not, which is our bug and answers 500.
const QUERY_CAUSED = new Set(['Conversion', 'Out of Range', 'Invalid Input', 'Out of Memory']);

class TimedOut extends Error {
  override readonly name = 'TimedOut';
}

function innerOf(e: KqlError): LogsInnerError {
  const position = {
    ...(e.line === undefined ? {} : { line: e.line }),
    ...(e.column === undefined ? {} : { column: e.column }),
    ...(e.suggestions === undefined || e.suggestions.length === 0 ? {} : { suggestions: [...e.suggestions] }),
  };
  return { code: e.code, message: e.message, ...position, ...(Object.keys(position).length === 0 ? {} : { additionalProperties: position }) };
}

/**
 * The outer message names the problem and where it is: SDKs show only the outer message (Azure's
 * own is a generic "The request had some invalid properties").
 */
function compileFailure(e: KqlError): LogAnalyticsError {
  const where = e.line === undefined ? '' : ` at line ${e.line}${e.column === undefined ? '' : `, column ${e.column}`}`;
  const hint = e.suggestions === undefined || e.suggestions.length === 0 ? '' : ` Did you mean: ${e.suggestions.join(', ')}?`;
  return new LogAnalyticsError('BadArgumentError', innerOf(e), `${e.code}${where}: ${e.message}${hint}`);
}

/**
 * Runs Log Analytics queries: timespan, compile (the compiler scopes every table to the workspace
 * and turns every literal into a parameter), one slot of the gate, the storage read within the
 * limits, and the answer in the API's shape. Every failure becomes an outcome with a status; only
 * our own bugs are 500.
 */
export class LogQueryService {
  private readonly gate: QueryGate;

  constructor(private readonly deps: LogQueryServiceDeps) {
    this.gate = new QueryGate(deps.limits.maxConcurrentQueries);
  }

  /** `cancel` aborts the query early (the client went away). */
  async run(request: LogQuery, cancel?: AbortSignal): Promise<LogQueryOutcome> {
    const startedMs = performance.now();
    const controller = new AbortController();
    const timer = setTimeout(() => {
      controller.abort(new TimedOut());
    }, request.prefer.waitSeconds * 1000);
    const onCancel = (): void => {
      controller.abort(cancel?.reason);
    };
    cancel?.addEventListener('abort', onCancel, { once: true });
    try {
      const compiled = await this.compile(request);
      const compiledMs = performance.now();
      const rows = await this.execute(compiled, controller.signal, request);
      return { status: 200, body: this.results(request.prefer, compiled, rows, { startedMs, compiledMs }) };
    } catch (error) {
      return this.failure(error, request);
    } finally {
      clearTimeout(timer);
      cancel?.removeEventListener('abort', onCancel);
    }
  }

  private async compile(request: LogQuery): Promise<CompiledQuery> {
    if (request.query.trim() === '') {
      throw new LogAnalyticsError('BadArgumentError', { code: 'EmptyQuery', message: 'The query is empty.' });
    }
    const now = this.deps.now();
    let timespan: TimeInterval | undefined;
    try {
      timespan = request.timespan === undefined || request.timespan === '' ? undefined : parseTimespan(request.timespan, now);
    } catch (error) {
      if (!(error instanceof TimespanError)) throw error;
      throw new LogAnalyticsError('BadArgumentError', { code: 'InvalidTimespan', message: error.message });
    }
    const dialect = this.deps.storage.kind;
    if (dialect !== 'duckdb' && dialect !== 'clickhouse') throw new Error(`no SQL dialect for storage ${dialect}`);
    const result = await this.deps.compile(request.query, {
      dialect, workspaceId: request.workspaceId, now, ...(timespan === undefined ? {} : { timespan }),
    });
    if (!result.ok) throw compileFailure(result.error);
    return result.query;
  }

  private async execute(compiled: CompiledQuery, signal: AbortSignal, request: LogQuery): Promise<QueryRows> {
    const release = await this.gate.acquire(signal).catch((error: unknown) => {
      throw signal.aborted ? new QueryInterruptedError('query waited past its wait time') : error;
    });
    try {
      const { maxRows, maxResultBytes } = this.deps.limits;
      return await this.deps.storage.runQuery({ sql: compiled.sql, params: compiled.params }, { maxRows, maxResultBytes, signal });
    } catch (error) {
      if (error instanceof QueryExecutionError && !QUERY_CAUSED.has(error.kind)) {
        this.deps.onInternalError?.(error, request.query, compiled.sql);
        throw new LogAnalyticsError('InternalError');
      }
      throw error;
    } finally {
      release();
    }
  }

  private results(prefer: QueryPreferences, compiled: CompiledQuery, rows: QueryRows, times: { startedMs: number; compiledMs: number }): LogsQueryResults {
    const { maxRows, maxResultBytes } = this.deps.limits;
    const body: LogsQueryResults = {
      tables: [{ name: 'PrimaryResult', columns: compiled.columns.map((c) => ({ name: c.name, type: c.type })), rows: rows.rows }],
    };
    const seconds = (ms: number): number => Math.round(ms) / 1000;
    const statistics = prefer.includeStatistics ? {
      query: {
        executionTime: seconds(performance.now() - times.startedMs),
        compileTime: seconds(times.compiledMs - times.startedMs),
        datasetStatistics: [{ tableRowCount: rows.rows.length, tableSize: rows.resultBytes }],
      },
    } : undefined;
    const render = prefer.includeRender && compiled.render !== undefined ? { ...compiled.render } : undefined;
    const truncation = rows.truncated === undefined ? undefined : {
      code: 'PartialError',
      message: 'There were some errors when processing your query.',
      details: [{
        code: 'ResultTruncated',
        message: rows.truncated === 'rows'
          ? `Query result set has exceeded the record count limit of ${maxRows}; the rows after it were dropped.`
          : `Query result set has exceeded the size limit of ${maxResultBytes} bytes; the rows after it were dropped.`,
      }],
    };
    return {
      ...body,
      ...(statistics === undefined ? {} : { statistics }),
      ...(render === undefined ? {} : { render }),
      ...(truncation === undefined ? {} : { error: truncation }),
    };
  }

  private failure(error: unknown, request: LogQuery): LogQueryOutcome {
    let answer: LogAnalyticsError;
    if (error instanceof LogAnalyticsError) answer = error;
    else if (error instanceof QueryInterruptedError) {
      answer = new LogAnalyticsError('GatewayTimeout', undefined,
        `The query did not finish within its wait time of ${request.prefer.waitSeconds} seconds (Prefer: wait=N sets it, at most ${this.deps.limits.maxWaitSeconds}).`);
    } else if (error instanceof QueryExecutionError) {
      const memory = error.kind === 'Out of Memory';
      answer = new LogAnalyticsError('BadArgumentError', {
        code: memory ? 'MemoryLimitExceeded' : 'QueryExecutionError',
        message: memory ? `The query needs more memory than the server allows: ${error.message}` : error.message,
      });
    } else if (error instanceof StorageClosedError) {
      answer = new LogAnalyticsError('ServerBusy', undefined, 'Storage is not available; retry later.');
    } else {
      this.deps.onInternalError?.(error, request.query);
      answer = new LogAnalyticsError('InternalError');
    }
    return { status: answer.status, body: answer.toBody() };
  }
}
