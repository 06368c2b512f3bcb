import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix of API tokens, so they are recognisable in logs and secret scanners. */
export const API_TOKEN_PREFIX = 'smt_';

/**
 * Hashes a secret for storage. A plain SHA-256 is enough here, and a slow password hash (scrypt,
 * argon2) would buy nothing: our secrets are 256 random bits, not human passwords, so there is no
 * dictionary to search and brute force over 2^256 is out of reach regardless of hash speed. A
 * fast hash also lets every request be authenticated without a costly KDF.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Compares a presented secret with a stored hash in constant time. Both sides are fixed-length
 * digests, so neither the content nor the length of the presented secret leaks through timing.
 */
export function secretMatchesHash(secret: string, storedHash: string): boolean {
  const presented = createHash('sha256').update(secret, 'utf8').digest();
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}

/** A new bearer API token: prefix + 256 random bits, base64url. */
export function newApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** A new workspace agent key: 256 random bits, base64url. */
export function newAgentKey(): string {
  return randomBytes(32).toString('base64url');
}
