import type { onRequestAsyncHookHandler } from 'fastify';
import type { CredentialCache } from '../auth/credential-cache.js';
import { authenticateBearer, requireRole, type Principal } from '../auth/request-auth.js';
import type { TokenRole } from '../storage/storage.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The bearer token's principal, on routes guarded by {@link bearerGuard}. */
    principal?: Principal;
  }
}

/**
 * An onRequest hook that authenticates `Authorization: Bearer` and requires at least `role`.
 * Routes that take a workspace in their path must still call `requireWorkspace`.
 */
export function bearerGuard(credentials: CredentialCache, role: TokenRole): onRequestAsyncHookHandler {
  return async (request) => {
    const principal = await authenticateBearer(request.headers, credentials);
    requireRole(principal, role);
    request.principal = principal;
  };
}
