import type { CredentialCache } from '../../auth/credential-cache.js';
import type { Principal } from '../../auth/request-auth.js';
import { ApiError } from '../../errors.js';
import type { Workspace } from '../../storage/storage.js';

/**
 * The workspace a Log Analytics path or batch entry names (its GUID, or its name), which must be
 * the bearer token's own: anything else is 403 WorkspaceForbidden, existing or not, so a token can
 * neither read nor probe another tenant.
 */
export async function resolveQueryWorkspace(
  principal: Principal | undefined, credentials: CredentialCache, named: string,
): Promise<Workspace> {
  if (principal === undefined) throw new ApiError('MissingCredentials');
  const workspace = await credentials.workspace(principal.workspaceId);
  if (workspace === undefined) throw new ApiError('UnknownWorkspace');
  if (named.toLowerCase() !== workspace.id.toLowerCase() && named !== workspace.name) throw new ApiError('WorkspaceForbidden');
  return workspace;
}
