import type { TokenView, WorkspaceView } from '../services/admin-service.js';
import type { TokenRole } from '../storage/storage.js';

/** A new workspace with its agent key (shown once), and an admin token when the server made one. */
export interface CreatedWorkspace {
  readonly workspace: WorkspaceView;
  readonly agentKey: string;
  readonly adminToken?: string;
}

/** A new token with its secret (shown once). */
export interface CreatedToken {
  readonly token: TokenView;
  readonly secret: string;
}

/** Workspace and token administration, on the database file or through a running server. */
export interface AdminClient {
  /** `file` when working on the database directly, `server` when through the admin API. */
  readonly mode: 'file' | 'server';
  createWorkspace(name: string, retentionDays?: number): Promise<CreatedWorkspace>;
  listWorkspaces(): Promise<WorkspaceView[]>;
  /** By GUID or name; undefined when unknown (or, through a server, not the token's). */
  showWorkspace(idOrName: string): Promise<WorkspaceView | undefined>;
  rotateKey(idOrName: string): Promise<{ workspaceId: string; agentKey: string }>;
  /** `workspace` defaults to the only (file) or the token's (server) workspace. */
  createToken(role: TokenRole, workspace?: string, name?: string): Promise<CreatedToken>;
  listTokens(workspace?: string): Promise<TokenView[]>;
  revokeToken(id: string): Promise<void>;
  close(): Promise<void>;
}

/** An admin operation that cannot be done, with a message for people. */
export class AdminClientError extends Error {
  override readonly name = 'AdminClientError';
}
