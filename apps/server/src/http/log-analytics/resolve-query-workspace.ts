import type { CredentialCache } from '../../auth/credential-cache.js';
import type { Principal } from '../../auth/request-auth.js';
import { ApiError } from '../../errors.js';
import type { Workspace } from '../../storage/storage.js';

/**
 * The workspace a Log Analytics path or batch entry names (its GUID, or its name), which must be
 * the bearer token's own: anything else is 403 WorkspaceForbidden, existing or not, so a token can
 * neither read nor probe another tenant. `additional` are the body's extra `workspaces`.
 */
export async function resolveQueryWorkspace(
  principal: Principal | undefined, credentials: CredentialCache, named: string, additional: readonly string[] = [],
): Promise<Workspace> {
  if (principal === undefined) throw new ApiError('MissingCredentials');
  const workspace = await credentials.workspace(principal.workspaceId);
  if (workspace === undefined) throw new ApiError('UnknownWorkspace');
  const own = (name: string): boolean => name.toLowerCase() === workspace.id.toLowerCase() || name === workspace.name;
  if (!own(named)) throw new ApiError('WorkspaceForbidden');
  // A body's `workspaces` (cross-workspace query) may only repeat the token's own: refusing the
  // others beats silently answering from fewer workspaces than were asked for.
  const foreign = additional.find((name) => !own(name));
  if (foreign !== undefined) throw new ApiError('WorkspaceForbidden', `The token does not grant access to workspace ${foreign}.`);
  return workspace;
}
