import type { FastifyRequest } from 'fastify';
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CredentialCache } from '../auth/credential-cache.js';
import type { Principal } from '../auth/request-auth.js';
import { ApiError } from '../errors.js';
import { tokenView, workspaceView, type AdminService } from '../services/admin-service.js';
import { bearerGuard } from './bearer-guard.js';
import { ErrorResponse } from './error-response.js';

/** Prefix of the administration API (used by the CLI while a server holds the database). */
export const ADMIN_PREFIX = '/api/admin/v1';

const Role = Type.Union([Type.Literal('reader'), Type.Literal('contributor'), Type.Literal('admin')]);
const WorkspaceView = Type.Object({
  id: Type.String(), name: Type.String(), retentionDays: Type.Integer(), createdAt: Type.String(), keyRotatedAt: Type.String(),
});
const TokenView = Type.Object({
  id: Type.String(), workspaceId: Type.String(), role: Role, name: Type.String(), createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
const Errors = { '4xx': ErrorResponse, '5xx': ErrorResponse };

const principalOf = (request: FastifyRequest): Principal => {
  if (request.principal === undefined) throw new ApiError('MissingCredentials');
  return request.principal;
};

/**
 * Workspace and token administration over HTTP, always within the token's own workspace (a new
 * workspace comes with its own admin token, the only way to reach it). Reading the workspace needs
 * a reader; everything that changes or reveals credentials needs an admin.
 */
export const adminRoutes: FastifyPluginCallbackTypebox<{ readonly admin: AdminService; readonly credentials: CredentialCache }> =
  (app, { admin, credentials }, done) => {
    const reader = bearerGuard(credentials, 'reader');
    const adminOnly = bearerGuard(credentials, 'admin');

    app.get(`${ADMIN_PREFIX}/workspace`, {
      onRequest: reader,
      schema: { summary: "The token's workspace", tags: ['admin'], response: { 200: WorkspaceView, ...Errors } },
    }, async (request) => {
      const workspace = await admin.findWorkspace(principalOf(request).workspaceId);
      if (workspace === undefined) throw new ApiError('NotFound', 'The workspace no longer exists.');
      return workspaceView(workspace);
    });

    app.post(`${ADMIN_PREFIX}/workspace/rotate-key`, {
      onRequest: adminOnly,
      schema: {
        summary: 'Replace the agent key of the token\'s workspace', tags: ['admin'],
        response: { 200: Type.Object({ workspaceId: Type.String(), agentKey: Type.String() }), ...Errors },
      },
    }, async (request) => {
      const { workspaceId } = principalOf(request);
      const agentKey = await admin.rotateAgentKey(workspaceId);
      if (agentKey === undefined) throw new ApiError('NotFound', 'The workspace no longer exists.');
      return { workspaceId, agentKey };
    });

    app.post(`${ADMIN_PREFIX}/workspaces`, {
      onRequest: adminOnly,
      schema: {
        summary: 'Create a workspace (answers its agent key and a first admin token for it)', tags: ['admin'],
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }),
          retentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
        }, { additionalProperties: false }),
        response: {
          201: Type.Object({ workspace: WorkspaceView, agentKey: Type.String(), adminToken: Type.String() }),
          ...Errors,
        },
      },
    }, async (request, reply) => {
      const { workspace, agentKey } = await admin.createWorkspace(request.body.name, request.body.retentionDays);
      const { secret } = await admin.createToken(workspace.id, 'admin', 'created-with-workspace');
      return reply.status(201).send({ workspace: workspaceView(workspace), agentKey, adminToken: secret });
    });

    app.get(`${ADMIN_PREFIX}/tokens`, {
      onRequest: adminOnly,
      schema: { summary: "Tokens of the token's workspace", tags: ['admin'], response: { 200: Type.Array(TokenView), ...Errors } },
    }, async (request) => (await admin.listTokens(principalOf(request).workspaceId)).map(tokenView));

    app.post(`${ADMIN_PREFIX}/tokens`, {
      onRequest: adminOnly,
      schema: {
        summary: "Create a token in the token's workspace (the secret is shown once)", tags: ['admin'],
        body: Type.Object({ role: Role, name: Type.Optional(Type.String({ maxLength: 128 })) }, { additionalProperties: false }),
        response: { 201: Type.Object({ token: TokenView, secret: Type.String() }), ...Errors },
      },
    }, async (request, reply) => {
      const { token, secret } = await admin.createToken(principalOf(request).workspaceId, request.body.role, request.body.name);
      return reply.status(201).send({ token: tokenView(token), secret });
    });

    app.delete(`${ADMIN_PREFIX}/tokens/:tokenId`, {
      onRequest: adminOnly,
      schema: {
        summary: "Revoke a token of the token's workspace", tags: ['admin'],
        params: Type.Object({ tokenId: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), ...Errors },
      },
    }, async (request, reply) => {
      const { workspaceId } = principalOf(request);
      const tokens = await admin.listTokens(workspaceId);
      const target = tokens.find((t) => t.id === request.params.tokenId && t.revokedAt === null);
      if (target === undefined) throw new ApiError('NotFound', `No live token ${request.params.tokenId} in this workspace.`);
      await admin.revokeToken(target.id);
      return reply.status(204).send(null);
    });
    done();
  };
