import { randomUUID } from 'node:crypto';
import { hashSecret, newAgentKey, newApiToken } from '../auth/secret-hash.js';
import type { ApiToken, Storage, TokenRole, Workspace } from '../storage/storage.js';

/** Default retention of a new workspace. */
export const DEFAULT_RETENTION_DAYS = 30;

/** A workspace with the one moment its agent key is visible. */
export interface WorkspaceWithKey {
  readonly workspace: Workspace;
  /** Shown once; only its hash is stored. */
  readonly agentKey: string;
}

/** A token record with the one moment its secret is visible. */
export interface TokenWithSecret {
  readonly token: ApiToken;
  /** Shown once; only its hash is stored. */
  readonly secret: string;
}

/** A workspace as shown to people: no hashes. */
export interface WorkspaceView {
  readonly id: string;
  readonly name: string;
  readonly retentionDays: number;
  readonly createdAt: string;
  readonly keyRotatedAt: string;
}

/** A token as shown to people: no hash. */
export interface TokenView {
  readonly id: string;
  readonly workspaceId: string;
  readonly role: TokenRole;
  readonly name: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export const workspaceView = (w: Workspace): WorkspaceView => ({
  id: w.id, name: w.name, retentionDays: w.retentionDays, createdAt: w.createdAt, keyRotatedAt: w.keyRotatedAt,
});

export const tokenView = (t: ApiToken): TokenView => ({
  id: t.id, workspaceId: t.workspaceId, role: t.role, name: t.name, createdAt: t.createdAt, revokedAt: t.revokedAt,
});

/**
 * Workspace and token administration, shared by first-start bootstrap, the CLI (on the database
 * file) and the admin HTTP routes (on a running server). Secrets are generated here, returned
 * once, and stored only as hashes.
 */
export class AdminService {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date = () => new Date(),
    /** Called after every change, so credential caches drop stale entries. */
    private readonly onChange: () => void = () => undefined,
  ) {}

  async createWorkspace(name: string, retentionDays = DEFAULT_RETENTION_DAYS): Promise<WorkspaceWithKey> {
    const agentKey = newAgentKey();
    const at = this.now().toISOString();
    const workspace: Workspace = {
      id: randomUUID(), name, agentKeyHash: hashSecret(agentKey), retentionDays, createdAt: at, keyRotatedAt: at,
    };
    await this.storage.createWorkspace(workspace);
    this.onChange();
    return { workspace, agentKey };
  }

  /** A workspace by GUID or by name. */
  async findWorkspace(idOrName: string): Promise<Workspace | undefined> {
    return (await this.storage.getWorkspace(idOrName.toLowerCase())) ?? (await this.storage.getWorkspaceByName(idOrName));
  }

  listWorkspaces(): Promise<Workspace[]> {
    return this.storage.listWorkspaces();
  }

  /** Replaces the agent key; agents need the new one. Undefined when the workspace does not exist. */
  async rotateAgentKey(workspaceId: string): Promise<string | undefined> {
    const agentKey = newAgentKey();
    const done = await this.storage.setAgentKeyHash(workspaceId, hashSecret(agentKey), this.now());
    this.onChange();
    return done ? agentKey : undefined;
  }

  async setRetentionDays(workspaceId: string, days: number): Promise<boolean> {
    const done = await this.storage.setRetentionDays(workspaceId, days);
    this.onChange();
    return done;
  }

  async createToken(workspaceId: string, role: TokenRole, name = ''): Promise<TokenWithSecret> {
    const secret = newApiToken();
    const token: ApiToken = {
      id: randomUUID(), workspaceId, role, name, tokenHash: hashSecret(secret),
      createdAt: this.now().toISOString(), revokedAt: null,
    };
    await this.storage.createToken(token);
    this.onChange();
    return { token, secret };
  }

  listTokens(workspaceId?: string): Promise<ApiToken[]> {
    return this.storage.listTokens(workspaceId);
  }

  async revokeToken(id: string): Promise<boolean> {
    const done = await this.storage.revokeToken(id, this.now());
    this.onChange();
    return done;
  }
}
