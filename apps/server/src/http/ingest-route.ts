import type { Readable } from 'node:stream';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { AGENT_KEY_HEADER, AgentReport, INGEST_PATH, IngestAck, WORKSPACE_HEADER } from '@servicemap/protocol';
import { Type } from 'typebox';
import { authenticateAgent } from '../auth/request-auth.js';
import type { CredentialCache } from '../auth/credential-cache.js';
import { ApiError } from '../errors.js';
import type { ServerMetrics } from '../metrics/server-metrics.js';
import { findFutureRecord, findMachineMismatch } from '../services/report-checks.js';
import type { Storage, Workspace } from '../storage/storage.js';
import { ErrorResponse } from './error-response.js';
import { toApiError } from './error-handler.js';
import { readIngestBody, type IngestBodyLimits } from './ingest-body.js';
import { strictValidatorCompiler } from './strict-validator.js';

/** What the ingest route needs. */
export interface IngestRouteOptions {
  readonly storage: Storage;
  readonly credentials: CredentialCache;
  readonly metrics: ServerMetrics;
  readonly limits: IngestBodyLimits;
  readonly maxFutureSkewMs: number;
  readonly now: () => Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The workspace an agent authenticated for (ingest route only). */
    agentWorkspace?: Workspace;
  }
}

const ingestSchema = {
  summary: 'Agent report ingest',
  description: 'Stores one agent batch (gzip or identity JSON). Acknowledged only after a durable commit; idempotent on batchId.',
  tags: ['agent'],
  headers: Type.Object({
    [WORKSPACE_HEADER]: Type.Optional(Type.String({ description: 'Workspace GUID' })),
    [AGENT_KEY_HEADER]: Type.Optional(Type.String({ description: 'Workspace agent key' })),
  }),
  body: AgentReport,
  response: { 200: IngestAck, '4xx': ErrorResponse, '5xx': ErrorResponse },
};

/** `POST {INGEST_PATH}`: authenticate the agent, read the body within limits, validate, store. */
export const ingestRoute: FastifyPluginCallback<IngestRouteOptions> = (app, options, done) => {
  const { storage, credentials, metrics, limits } = options;

  // The body is read here, not by Fastify's JSON parser, so that gzip and both size limits are
  // enforced while streaming; authentication runs first (onRequest), so anonymous clients cannot
  // make the server inflate anything.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', async (request: FastifyRequest, payload: Readable) => {
    const type = (request.headers['content-type'] ?? 'application/json').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      throw new ApiError('UnsupportedMediaType', `Content-Type ${type ?? ''} is not supported; send application/json.`);
    }
    return readIngestBody(payload, request.headers, limits);
  });

  app.addHook('onError', async (_request, _reply, error) => {
    metrics.ingestRejected.inc({ code: toApiError(error).code });
  });

  app.post(INGEST_PATH, {
    schema: ingestSchema,
    // Strict: no coercion, no silent stripping of unknown properties (see strict-validator.ts).
    validatorCompiler: strictValidatorCompiler,
    onRequest: async (request) => {
      request.agentWorkspace = await authenticateAgent(request.headers, credentials);
    },
  }, async (request, reply) => {
    const workspace = request.agentWorkspace;
    if (workspace === undefined) throw new ApiError('MissingCredentials');
    const report = request.body as AgentReport;
    const receivedAt = options.now();
    const problem = findMachineMismatch(report) ?? findFutureRecord(report, receivedAt, options.maxFutureSkewMs);
    if (problem !== undefined) {
      throw new ApiError(problem.field === '/machine' ? 'MachineMismatch' : 'WindowInFuture', problem.message);
    }
    const result = await storage.ingestReport({ workspaceId: workspace.id, report, receivedAt });
    metrics.ingestBatches.inc({ result: result.stored ? 'stored' : 'duplicate' });
    if (result.stored) {
      metrics.ingestRecords.inc({ table: 'VMConnection' }, report.connections.length);
      metrics.ingestRecords.inc({ table: 'VMBoundPort' }, report.boundPorts.length);
      metrics.ingestRecords.inc({ table: 'VMProcess' }, report.processes.length);
      metrics.ingestRecords.inc({ table: 'VMComputer' }, report.computer === undefined ? 0 : 1);
    }
    metrics.ingestLatency.observe(reply.elapsedTime / 1000);
    return { batchId: report.batchId, stored: result.stored };
  });
  done();
};
