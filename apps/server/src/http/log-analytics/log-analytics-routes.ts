import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { compileKql, tableCatalogue } from '@servicemap/kql';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import {
  LogsBatchRequest, LogsBatchResponse, LogsErrorResponse, LogsMetadataResults, LogsQueryBody, LogsQueryResults,
  LogsQueryString, type LogsBatchQueryRequest, type LogsBatchQueryResponse,
} from '@servicemap/protocol';
import type { RouteContext, RoutePlugin } from '../../app.js';
import { Counter } from '../../metrics/metrics-registry.js';
import { exactJson } from '../../storage/exact-json.js';
import { bearerGuard } from '../bearer-guard.js';
import { toApiError } from '../error-handler.js';
import { strictValidatorCompiler } from '../strict-validator.js';
import { resolveQueryWorkspace } from './resolve-query-workspace.js';
import { metadataResults, type CatalogueTable } from './metadata-results.js';
import {
  DEFAULT_LOG_ANALYTICS_LIMITS, LogQueryService, type KqlCompiler, type LogAnalyticsLimits, type LogQueryOutcome,
} from './log-query-service.js';
import { parsePreferHeader } from './prefer-header.js';

/** Options of {@link logAnalyticsRoutes}; every one has a default. */
export interface LogAnalyticsRoutesOptions {
  /** The KQL compiler: `compileKql` (a stand-in only in unit tests of the routes). */
  readonly compile?: KqlCompiler;
  /** The tables and columns queries can read, for `/metadata`: the compiler's catalogue. */
  readonly tables?: readonly CatalogueTable[];
  readonly limits?: Partial<LogAnalyticsLimits>;
}

const tags = ['logAnalytics'];
// Cells beyond 2^53 are BigInt: written with every digit, as Log Analytics writes a long.
const stringify = (): ((data: unknown) => string) => exactJson;
const WorkspaceParams = Type.Object({ workspaceId: Type.String({ minLength: 1, maxLength: 64, description: 'Workspace GUID (or name)' }) });
const PreferHeaders = Type.Object({ prefer: Type.Optional(Type.String({ description: 'wait=N, include-statistics=true, include-render=true' })) });
const QUERY_RESPONSES = { 200: LogsQueryResults, '4xx': LogsErrorResponse, '5xx': LogsErrorResponse } as const;

/** Aborts when the client goes away before the answer is written, so its query stops too. */
function cancelOnClose(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('client closed the connection'));
  });
  return controller.signal;
}

/** A batch entry that fails before it runs (wrong workspace) answers like the route would. */
function refused(request: LogsBatchQueryRequest, error: unknown): LogsBatchQueryResponse {
  const apiError = toApiError(error);
  return { id: request.id, status: apiError.status, body: { error: apiError.toBody().error } };
}

/**
 * The Log Analytics query API (`/v1`), wire-compatible with `api.loganalytics.io` so that the Azure
 * SDK's `LogsQueryClient` works against it: query (POST and GET), `$batch` and metadata. Readers
 * may query; the path's workspace must be the token's.
 */
export function logAnalyticsRoutes(options: LogAnalyticsRoutesOptions = {}): RoutePlugin {
  const tables = options.tables ?? [...tableCatalogue.values()];
  return (scope: FastifyInstance, context: RouteContext) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    const limits = { ...DEFAULT_LOG_ANALYTICS_LIMITS, ...options.limits };
    const service = new LogQueryService({
      storage: context.storage, compile: options.compile ?? compileKql, now: context.now, limits,
      onInternalError: (error, query, sql) => {
        app.log.error({ err: error, query, sql }, 'log analytics query failed');
      },
    });
    const outcomes = context.metrics.registry.register(new Counter('servicemap_log_queries_total',
      'Log Analytics queries (batch entries included), by HTTP status and error code.'));
    const count = (outcome: LogQueryOutcome): LogQueryOutcome => {
      outcomes.inc({ status: String(outcome.status), code: outcome.body.error?.code ?? '' });
      return outcome;
    };
    // The app times GET routes; POST is how clients query here, so this scope times its own.
    scope.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url;
      if (request.method === 'POST' && route !== undefined) context.metrics.queryLatency.observe(reply.elapsedTime / 1000, { route });
      done();
    });
    const reader = bearerGuard(context.credentials, 'reader');
    const common = { validatorCompiler: strictValidatorCompiler, serializerCompiler: stringify, onRequest: reader };
    const send = (reply: FastifyReply, outcome: LogQueryOutcome): FastifyReply => reply.status(outcome.status).send(count(outcome).body);

    app.post('/v1/workspaces/:workspaceId/query', {
      ...common,
      schema: {
        summary: 'Run a KQL query', operationId: 'Query_Execute', tags,
        params: WorkspaceParams, headers: PreferHeaders, body: LogsQueryBody, response: QUERY_RESPONSES,
      },
    }, async (request, reply) => {
      const { query, timespan, workspaces } = request.body;
      const workspace = await resolveQueryWorkspace(request.principal, context.credentials, request.params.workspaceId, workspaces);
      const prefer = parsePreferHeader(request.headers.prefer, limits.maxWaitSeconds, limits.defaultWaitSeconds);
      const outcome = await service.run({ workspaceId: workspace.id, query, prefer, ...(timespan === undefined ? {} : { timespan }) },
        cancelOnClose(reply));
      return send(reply, outcome);
    });

    app.get('/v1/workspaces/:workspaceId/query', {
      ...common,
      schema: {
        summary: 'Run a KQL query', operationId: 'Query_Get', tags,
        params: WorkspaceParams, headers: PreferHeaders, querystring: LogsQueryString, response: QUERY_RESPONSES,
      },
    }, async (request, reply) => {
      const workspace = await resolveQueryWorkspace(request.principal, context.credentials, request.params.workspaceId);
      const { query, timespan } = request.query;
      const prefer = parsePreferHeader(request.headers.prefer, limits.maxWaitSeconds, limits.defaultWaitSeconds);
      const outcome = await service.run({ workspaceId: workspace.id, query, prefer, ...(timespan === undefined ? {} : { timespan }) },
        cancelOnClose(reply));
      return send(reply, outcome);
    });

    app.post('/v1/$batch', {
      ...common,
      schema: {
        summary: 'Run several KQL queries', operationId: 'Query_Batch', tags,
        body: LogsBatchRequest, response: { 200: LogsBatchResponse, '4xx': LogsErrorResponse, '5xx': LogsErrorResponse },
      },
    }, async (request, reply) => {
      const cancel = cancelOnClose(reply);
      // All entries start at once; the gate decides how many run. Answers keep request order.
      const responses = await Promise.all(request.body.requests.map(async (entry): Promise<LogsBatchQueryResponse> => {
        let workspaceId: string;
        try {
          workspaceId = (await resolveQueryWorkspace(request.principal, context.credentials, entry.workspace, entry.body.workspaces)).id;
        } catch (error) {
          return refused(entry, error);
        }
        const headers = Object.fromEntries(Object.entries(entry.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
        const prefer = parsePreferHeader(headers.prefer, limits.maxWaitSeconds, limits.defaultWaitSeconds);
        const { query, timespan } = entry.body;
        const outcome = await service.run({ workspaceId, query, prefer, ...(timespan === undefined ? {} : { timespan }) }, cancel);
        count(outcome);
        return { id: entry.id, status: outcome.status, body: outcome.body };
      }));
      return { responses };
    });

    for (const method of ['GET', 'POST'] as const) {
      app.route({
        method, url: '/v1/workspaces/:workspaceId/metadata', ...common,
        schema: {
          summary: 'The tables and columns a query can read', operationId: method === 'GET' ? 'Metadata_Get' : 'Metadata_Post', tags,
          params: WorkspaceParams, response: { 200: LogsMetadataResults, '4xx': LogsErrorResponse, '5xx': LogsErrorResponse },
        },
        handler: async (request) => {
          const { workspaceId } = request.params;
          const workspace = await resolveQueryWorkspace(request.principal, context.credentials, workspaceId);
          return metadataResults(workspace, tables);
        },
      });
    }
  };
}
