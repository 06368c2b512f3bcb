import type { ApiToken, Storage, Workspace } from '../storage/storage.js';

/** How long a looked-up workspace or token is trusted before asking storage again. */
const DEFAULT_TTL_MS = 10_000;

interface Entry<T> {
  readonly value: T | undefined;
  readonly expiresAtMs: number;
}

/**
 * Caches workspace and token look-ups so that authenticating an ingest request does not cost a
 * database round trip. Changes made through this server (key rotation, token revocation) call
 * {@link CredentialCache.invalidate}, so they apply at once; the TTL bounds how long a change made
 * elsewhere (another replica on a shared store) can lag.
 */
export class CredentialCache {
  private readonly workspaces = new Map<string, Entry<Workspace>>();
  private readonly tokens = new Map<string, Entry<ApiToken>>();

  constructor(
    private readonly storage: Storage,
    private readonly nowMs: () => number = Date.now,
    private readonly ttlMs = DEFAULT_TTL_MS,
  ) {}

  workspace(id: string): Promise<Workspace | undefined> {
    return this.lookup(this.workspaces, id.toLowerCase(), () => this.storage.getWorkspace(id.toLowerCase()));
  }

  tokenByHash(hash: string): Promise<ApiToken | undefined> {
    return this.lookup(this.tokens, hash, () => this.storage.findTokenByHash(hash));
  }

  /** Forgets everything: called after any change to workspaces or tokens. */
  invalidate(): void {
    this.workspaces.clear();
    this.tokens.clear();
  }

  private async lookup<T>(map: Map<string, Entry<T>>, key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const now = this.nowMs();
    const hit = map.get(key);
    if (hit !== undefined && hit.expiresAtMs > now) return hit.value;
    const value = await load();
    // Bounded so a flood of made-up keys cannot grow memory without limit.
    if (map.size > 10_000) map.clear();
    map.set(key, { value, expiresAtMs: now + this.ttlMs });
    return value;
  }
}
