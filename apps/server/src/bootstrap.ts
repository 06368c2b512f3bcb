import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminService } from './services/admin-service.js';

/** File in the data directory that holds the first start's credentials (mode 0600). */
export const BOOTSTRAP_FILE = 'bootstrap.json';

/** What the first start created; written once to {@link BOOTSTRAP_FILE}. */
export interface BootstrapCredentials {
  readonly workspaceId: string;
  readonly workspaceName: string;
  readonly agentKey: string;
  readonly adminToken: string;
  readonly adminTokenId: string;
  readonly createdAt: string;
}

/**
 * On a store without workspaces, creates the `default` workspace and an admin token and writes
 * them to `<dataDir>/bootstrap.json` (readable by the owner only). Returns the file's path when it
 * created them, undefined when the store was already set up. The secrets exist nowhere else: the
 * store keeps only their hashes.
 */
export async function ensureBootstrap(admin: AdminService, dataDir: string): Promise<string | undefined> {
  if ((await admin.listWorkspaces()).length > 0) return undefined;
  const { workspace, agentKey } = await admin.createWorkspace('default');
  const { token, secret } = await admin.createToken(workspace.id, 'admin', 'bootstrap');
  const credentials: BootstrapCredentials = {
    workspaceId: workspace.id,
    workspaceName: workspace.name,
    agentKey,
    adminToken: secret,
    adminTokenId: token.id,
    createdAt: workspace.createdAt,
  };
  const path = join(dataDir, BOOTSTRAP_FILE);
  writeFileSync(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // `mode` only applies when the file is created; a leftover file from an older store keeps its own.
  chmodSync(path, 0o600);
  return path;
}
