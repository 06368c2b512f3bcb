import { ADMIN_PREFIX } from '../http/admin-routes.js';
import type { TokenView, WorkspaceView } from '../services/admin-service.js';
import type { TokenRole } from '../storage/storage.js';
import { AdminClientError, type AdminClient, type CreatedToken, type CreatedWorkspace } from './admin-client.js';

/** Administration through a running server's admin API, within the token's workspace. */
export class RemoteAdminClient implements AdminClient {
  readonly mode = 'server';

  constructor(private readonly baseUrl: string, private readonly token: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${ADMIN_PREFIX}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status === 204) return undefined as T;
    const json = (await res.json()) as T & { error?: { code: string; message: string } };
    if (!res.ok) throw new AdminClientError(`server answered ${res.status} ${json.error?.code ?? ''}: ${json.error?.message ?? ''}`);
    return json;
  }

  async createWorkspace(name: string, retentionDays?: number): Promise<CreatedWorkspace> {
    return this.call('POST', '/workspaces', { name, ...(retentionDays === undefined ? {} : { retentionDays }) });
  }

  async listWorkspaces(): Promise<WorkspaceView[]> {
    return [await this.call<WorkspaceView>('GET', '/workspace')];
  }

  async showWorkspace(idOrName: string): Promise<WorkspaceView | undefined> {
    const own = await this.call<WorkspaceView>('GET', '/workspace');
    return own.id === idOrName.toLowerCase() || own.name === idOrName ? own : undefined;
  }

  async rotateKey(idOrName: string): Promise<{ workspaceId: string; agentKey: string }> {
    await this.ownWorkspace(idOrName);
    return this.call('POST', '/workspace/rotate-key');
  }

  async createToken(role: TokenRole, workspace?: string, name?: string): Promise<CreatedToken> {
    await this.ownWorkspace(workspace);
    return this.call('POST', '/tokens', { role, ...(name === undefined ? {} : { name }) });
  }

  async listTokens(workspace?: string): Promise<TokenView[]> {
    await this.ownWorkspace(workspace);
    return this.call('GET', '/tokens');
  }

  async revokeToken(id: string): Promise<void> {
    await this.call('DELETE', `/tokens/${encodeURIComponent(id)}`);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Through a server, a token reaches only its own workspace: refuse any other up front. */
  private async ownWorkspace(idOrName: string | undefined): Promise<void> {
    if (idOrName === undefined) return;
    if ((await this.showWorkspace(idOrName)) === undefined) {
      throw new AdminClientError(`workspace ${idOrName} is not the token's workspace; a token reaches only its own`);
    }
  }
}
