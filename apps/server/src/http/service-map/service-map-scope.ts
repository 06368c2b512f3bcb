import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { WorkspaceScope } from '@servicemap/topology';
import type { CredentialCache } from '../../auth/credential-cache.js';
import { ApiError } from '../../errors.js';
import type { Workspace } from '../../storage/storage.js';

/** The path every Service Map route hangs off (Fastify parameter syntax). */
export const SERVICE_MAP_PREFIX =
  '/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.OperationalInsights' +
  '/workspaces/:workspaceName/features/serviceMap';

/** The path parameters of {@link SERVICE_MAP_PREFIX}, for route schemas (extend with your own). */
export const ServiceMapPathParams = {
  subscriptionId: Type.String({ minLength: 1 }),
  resourceGroupName: Type.String({ minLength: 1, maxLength: 90 }),
  workspaceName: Type.String({ minLength: 1, maxLength: 63, description: 'Workspace GUID or name' }),
};

/** `api-version` is required by Azure; we accept any value, and its absence. */
export const ApiVersionQuery = {
  'api-version': Type.Optional(Type.String({ description: 'Any value is accepted (SDKs send 2015-11-01-preview)' })),
};

/** A request resolved to its workspace: the storage key and the scope ids are built from. */
export interface ServiceMapScope {
  readonly workspace: Workspace;
  /** The ids echo the path as the caller wrote it, so they round-trip through the caller's client. */
  readonly ids: WorkspaceScope;
  /** `api-version` as sent (carried into nextLinks), or the SDKs' default. */
  readonly apiVersion: string;
}

/** The API version SDKs send; used in nextLinks when the request had none. */
export const DEFAULT_API_VERSION = '2015-11-01-preview';

export interface ScopedRequest {
  readonly params: { subscriptionId: string; resourceGroupName: string; workspaceName: string };
  readonly query: { 'api-version'?: string };
}

/**
 * Resolves `{workspaceName}` (the workspace GUID or its name) against the bearer token's own
 * workspace. Anything else is 403 WorkspaceForbidden, whether it exists or not: a token never
 * reaches another workspace, and cannot probe which names exist. Needs `bearerGuard` first.
 */
export async function resolveServiceMapScope(
  request: FastifyRequest & ScopedRequest,
  credentials: CredentialCache,
): Promise<ServiceMapScope> {
  const principal = request.principal;
  if (principal === undefined) throw new ApiError('MissingCredentials');
  const workspace = await credentials.workspace(principal.workspaceId);
  if (workspace === undefined) throw new ApiError('UnknownWorkspace');
  const { subscriptionId, resourceGroupName, workspaceName } = request.params;
  const named = workspaceName.toLowerCase();
  if (named !== workspace.id.toLowerCase() && workspaceName !== workspace.name) {
    throw new ApiError('WorkspaceForbidden');
  }
  return {
    workspace,
    ids: { subscriptionId, resourceGroupName, workspaceName },
    apiVersion: request.query['api-version'] ?? DEFAULT_API_VERSION,
  };
}
