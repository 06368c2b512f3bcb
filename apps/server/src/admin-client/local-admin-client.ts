import { AdminService, tokenView, workspaceView, type TokenView, type WorkspaceView } from '../services/admin-service.js';
import { DuckDBStorage } from '../storage/duckdb/duckdb-storage.js';
import type { TokenRole, Workspace } from '../storage/storage.js';
import { AdminClientError, type AdminClient, type CreatedToken, type CreatedWorkspace } from './admin-client.js';

/** Administration directly on the database file (no server running). */
export class LocalAdminClient implements AdminClient {
  readonly mode = 'file';
  private readonly admin: AdminService;

  private constructor(private readonly storage: DuckDBStorage) {
    this.admin = new AdminService(storage);
  }

  static async open(path: string): Promise<LocalAdminClient> {
    return new LocalAdminClient(await DuckDBStorage.open({ path }));
  }

  async createWorkspace(name: string, retentionDays?: number): Promise<CreatedWorkspace> {
    const { workspace, agentKey } = await this.admin.createWorkspace(name, retentionDays);
    return { workspace: workspaceView(workspace), agentKey };
  }

  async listWorkspaces(): Promise<WorkspaceView[]> {
    return (await this.admin.listWorkspaces()).map(workspaceView);
  }

  async showWorkspace(idOrName: string): Promise<WorkspaceView | undefined> {
    const found = await this.admin.findWorkspace(idOrName);
    return found === undefined ? undefined : workspaceView(found);
  }

  async rotateKey(idOrName: string): Promise<{ workspaceId: string; agentKey: string }> {
    const workspace = await this.workspace(idOrName);
    const agentKey = await this.admin.rotateAgentKey(workspace.id);
    if (agentKey === undefined) throw new AdminClientError(`workspace ${idOrName} vanished`);
    return { workspaceId: workspace.id, agentKey };
  }

  async createToken(role: TokenRole, workspace?: string, name?: string): Promise<CreatedToken> {
    const target = await this.workspace(workspace);
    const { token, secret } = await this.admin.createToken(target.id, role, name);
    return { token: tokenView(token), secret };
  }

  async listTokens(workspace?: string): Promise<TokenView[]> {
    const id = workspace === undefined ? undefined : (await this.workspace(workspace)).id;
    return (await this.admin.listTokens(id)).map(tokenView);
  }

  async revokeToken(id: string): Promise<void> {
    if (!(await this.admin.revokeToken(id))) throw new AdminClientError(`no live token ${id}`);
  }

  close(): Promise<void> {
    return this.storage.close();
  }

  /** The named workspace, or the only one when none is named. */
  private async workspace(idOrName: string | undefined): Promise<Workspace> {
    if (idOrName !== undefined) {
      const found = await this.admin.findWorkspace(idOrName);
      if (found === undefined) throw new AdminClientError(`no workspace ${idOrName}`);
      return found;
    }
    const all = await this.admin.listWorkspaces();
    if (all.length !== 1 || all[0] === undefined) {
      throw new AdminClientError(`there are ${all.length} workspaces; name one with --workspace`);
    }
    return all[0];
  }
}
