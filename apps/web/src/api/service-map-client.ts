import type { Machine, MachineGroup, MachinesSummary, MapRequest } from '@servicemap/protocol';
import type { MapData } from '../features/service-map/map-data.js';
import { errorFromResponse } from './api-error.js';

/** The token's workspace, as `GET /api/admin/v1/workspace` answers it. */
export interface WorkspaceInfo {
  readonly id: string;
  readonly name: string;
  readonly retentionDays: number;
}

/** A time window for the API. */
export interface Window {
  readonly startTime: string;
  readonly endTime: string;
}

// The UI addresses its own workspace; subscription and resource group are free in our ids.
const scopeOf = (workspaceId: string): string =>
  `/subscriptions/servicemap/resourceGroups/servicemap/providers/Microsoft.OperationalInsights/workspaces/${encodeURIComponent(workspaceId)}/features/serviceMap`;

/** Most machines the list reads (pages of 200). */
const MAX_MACHINES = 10_000;

/**
 * The server's APIs as the UI uses them, with the user's bearer token: the Azure Service Map
 * routes for machines, summaries and machine groups, and the UI's annotated map route.
 */
export class ServiceMapClient {
  private readonly scope: string;

  constructor(private readonly token: string, readonly workspaceId: string, private readonly fetchImpl: typeof fetch = fetch.bind(globalThis)) {
    this.scope = scopeOf(workspaceId);
  }

  /** The full id of a machine resource, as map requests and groups name it. */
  machineId(machine: string): string {
    return `${this.scope}/machines/${machine}`;
  }

  machineGroupId(group: string): string {
    return `${this.scope}/machineGroups/${group}`;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetchImpl(path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw await errorFromResponse(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** Checks the token and answers its workspace. */
  static async workspaceOf(token: string, fetchImpl: typeof fetch = fetch.bind(globalThis)): Promise<WorkspaceInfo> {
    const response = await fetchImpl('/api/admin/v1/workspace', { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw await errorFromResponse(response);
    return (await response.json()) as WorkspaceInfo;
  }

  /** Machines live in the window (`live`) or known at its end, following every page. */
  machines(window: Window, live: boolean): Promise<Machine[]> {
    const query = new URLSearchParams({ live: String(live), $top: '200' });
    if (live) {
      query.set('startTime', window.startTime);
      query.set('endTime', window.endTime);
    } else {
      query.set('timestamp', window.endTime);
    }
    return this.#allPages<Machine>(`${this.scope}/machines?${query.toString()}`, MAX_MACHINES);
  }

  summary(window: Window): Promise<MachinesSummary> {
    const query = new URLSearchParams({ startTime: window.startTime, endTime: window.endTime });
    return this.request('GET', `${this.scope}/summaries/machines?${query.toString()}`);
  }

  /** The map and its annotations (the UI's own route beside `generateMap`). */
  map(request: MapRequest, selfLinks: boolean): Promise<MapData> {
    return this.request('POST', `/api/ui/v1${this.scope}/annotatedMap${selfLinks ? '?selfLinks=true' : ''}`, request);
  }

  groups(): Promise<MachineGroup[]> {
    return this.#allPages<MachineGroup>(`${this.scope}/machineGroups`, MAX_MACHINES);
  }

  /** Every item of a pageable Azure list, following nextLink, up to `limit` items. */
  async #allPages<T>(first: string, limit: number): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = first;
    while (next !== undefined && items.length < limit) {
      const page: { value: T[]; nextLink?: string } = await this.request('GET', next);
      items.push(...page.value);
      // nextLink is absolute; keep its path so it goes to the origin the page came from.
      next = page.nextLink === undefined ? undefined : new URL(page.nextLink).pathname + new URL(page.nextLink).search;
    }
    return items;
  }

  group(name: string): Promise<MachineGroup> {
    return this.request('GET', `${this.scope}/machineGroups/${encodeURIComponent(name)}`);
  }

  createGroup(displayName: string, machines: readonly string[]): Promise<MachineGroup> {
    return this.request('POST', `${this.scope}/machineGroups`, {
      kind: 'machineGroup',
      properties: { displayName, machines: machines.map((m) => ({ kind: 'ref:machinewithhints', id: this.machineId(m) })) },
    });
  }

  /** Replaces a group's name and members, guarded by its etag (412 when someone else changed it). */
  updateGroup(group: MachineGroup, displayName: string, machines: readonly string[]): Promise<MachineGroup> {
    return this.request('PUT', `${this.scope}/machineGroups/${encodeURIComponent(group.name)}`, {
      kind: 'machineGroup', ...(group.etag === undefined ? {} : { etag: group.etag }),
      properties: { displayName, machines: machines.map((m) => ({ kind: 'ref:machinewithhints', id: this.machineId(m) })) },
    });
  }

  deleteGroup(name: string): Promise<void> {
    return this.request('DELETE', `${this.scope}/machineGroups/${encodeURIComponent(name)}`);
  }
}

/** A machine group's member machine names (the last segment of each member id). */
export function groupMembers(group: MachineGroup): string[] {
  return (group.properties.machines ?? []).map((m) => m.id.split('/').pop() ?? m.id);
}
