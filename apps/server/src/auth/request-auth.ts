import { AGENT_KEY_HEADER, WORKSPACE_HEADER } from '@servicemap/protocol';
import { ApiError } from '../errors.js';
import type { TokenRole, Workspace } from '../storage/storage.js';
import type { CredentialCache } from './credential-cache.js';
import { hashSecret, secretMatchesHash } from './secret-hash.js';

/** Who a bearer token speaks for. */
export interface Principal {
  readonly tokenId: string;
  readonly workspaceId: string;
  readonly role: TokenRole;
}

const RANK: Readonly<Record<TokenRole, number>> = { reader: 0, contributor: 1, admin: 2 };

/** Whether `role` may do what `needed` allows. */
export function roleAllows(role: TokenRole, needed: TokenRole): boolean {
  return RANK[role] >= RANK[needed];
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

const single = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/**
 * Authenticates an agent by workspace id and key headers: 401 when either is missing, 403 for an
 * unknown workspace or a wrong key. Workspace ids are not secret (they are GUIDs in every URL),
 * so telling the two 403s apart helps operators and costs nothing.
 */
export async function authenticateAgent(headers: Headers, cache: CredentialCache): Promise<Workspace> {
  const workspaceId = single(headers[WORKSPACE_HEADER]);
  const key = single(headers[AGENT_KEY_HEADER]);
  if (workspaceId === undefined || key === undefined || workspaceId === '' || key === '') {
    throw new ApiError('MissingCredentials', `Send the ${WORKSPACE_HEADER} and ${AGENT_KEY_HEADER} headers.`);
  }
  const workspace = await cache.workspace(workspaceId);
  if (workspace === undefined) throw new ApiError('UnknownWorkspace', `Workspace ${workspaceId} does not exist.`);
  if (!secretMatchesHash(key, workspace.agentKeyHash)) throw new ApiError('InvalidAgentKey');
  return workspace;
}

/** Authenticates `Authorization: Bearer <token>`: 401 when missing, malformed, unknown or revoked. */
export async function authenticateBearer(headers: Headers, cache: CredentialCache): Promise<Principal> {
  const header = single(headers.authorization);
  if (header === undefined || header === '') {
    throw new ApiError('MissingCredentials', 'Send Authorization: Bearer <token>.', { 'www-authenticate': 'Bearer' });
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const secret = match?.[1];
  if (secret === undefined) throw new ApiError('InvalidToken', 'The Authorization header must be "Bearer <token>".');
  // The look-up is by hash, so the comparison happens inside the index, on digests: an attacker
  // learns nothing from timing that would help guess a 256-bit token.
  const token = await cache.tokenByHash(hashSecret(secret));
  if (token === undefined || token.revokedAt !== null) {
    throw new ApiError('InvalidToken', undefined, { 'www-authenticate': 'Bearer error="invalid_token"' });
  }
  return { tokenId: token.id, workspaceId: token.workspaceId, role: token.role };
}

/** Refuses a principal whose role is below `needed`. */
export function requireRole(principal: Principal, needed: TokenRole): void {
  if (!roleAllows(principal.role, needed)) {
    throw new ApiError('InsufficientRole', `This operation needs the ${needed} role; the token is ${principal.role}.`);
  }
}

/** Refuses a principal of another workspace: a token never reaches beyond its own. */
export function requireWorkspace(principal: Principal, workspaceId: string): void {
  if (principal.workspaceId !== workspaceId.toLowerCase()) throw new ApiError('WorkspaceForbidden');
}
