/**
 * A thin client of the server's Service Map REST API, as a script would call it: an HTTP(S)
 * request with a bearer token, JSON in and out, an error naming the route and the server's
 * answer otherwise. Over HTTPS it trusts the lab's own certificate (`ca`).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { MachineGroup, MachinesSummary, MapResponse } from '@servicemap/protocol';

const API_VERSION = '2015-11-01-preview';

/** A machine as the list route answers it (the fields the e2e test reads). */
export interface MachineResource {
  readonly name: string;
  readonly properties: { readonly displayName?: string; readonly computerName?: string; readonly monitoringState?: string };
}

/** A process as the list route answers it. */
export interface ProcessResource {
  readonly name: string;
  readonly properties: {
    readonly displayName?: string;
    readonly role?: string;
    readonly group?: string;
    readonly details?: { readonly commandLine?: string };
  };
}

/** The Service Map API of one workspace on one server. */
export class ServiceMapApi {
  /** `/subscriptions/.../features/serviceMap`: the prefix of routes and of resource ids. */
  readonly scope: string;

  constructor(
    private readonly url: string,
    private readonly token: string,
    workspaceId: string,
    private readonly ca?: Buffer,
  ) {
    this.scope = `/subscriptions/e2e/resourceGroups/lab/providers/Microsoft.OperationalInsights/workspaces/${workspaceId}/features/serviceMap`;
  }

  /** The resource id of a machine name. */
  machineId(name: string): string {
    return `${this.scope}/machines/${name}`;
  }

  async #call<T>(method: 'GET' | 'POST', path: string, query: Record<string, string>, body?: unknown): Promise<T> {
    const params = new URLSearchParams({ 'api-version': API_VERSION, ...query });
    const headers = { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const { status, text } = await this.#send(method, new URL(`${this.url}${this.scope}${path}?${params.toString()}`), headers, body);
    if (status < 200 || status > 299) throw new Error(`${method} ${path} answered ${status}: ${text}`);
    return JSON.parse(text) as T;
  }

  #send(method: string, url: URL, headers: Record<string, string>, body: unknown): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const options = { method, headers, ...(this.ca === undefined ? {} : { ca: this.ca }) };
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  /** Machines live in the window (`GET machines`, first page). */
  async liveMachines(startTime: string, endTime: string): Promise<MachineResource[]> {
    const page = await this.#call<{ value: MachineResource[] }>('GET', '/machines', { live: 'true', startTime, endTime });
    return page.value;
  }

  /** Processes of a machine live in the window. */
  async processes(machine: string, startTime: string, endTime: string): Promise<ProcessResource[]> {
    const page = await this.#call<{ value: ProcessResource[] }>('GET', `/machines/${machine}/processes`, { live: 'true', startTime, endTime });
    return page.value;
  }

  /** Members of a client group (`GET clientGroups/{name}/members`), first page. */
  async clientGroupMembers(group: string, startTime: string, endTime: string): Promise<{ properties: { ipAddress?: string } }[]> {
    const page = await this.#call<{ value: { properties: { ipAddress?: string } }[] }>('GET', `/clientGroups/${encodeURIComponent(group)}/members`, { startTime, endTime });
    return page.value;
  }

  summary(startTime: string, endTime: string): Promise<MachinesSummary> {
    return this.#call('GET', '/summaries/machines', { startTime, endTime });
  }

  singleMachineMap(machine: string, startTime: string, endTime: string): Promise<MapResponse> {
    return this.#call('POST', '/generateMap', {}, { kind: 'map:single-machine-dependency', machineId: this.machineId(machine), startTime, endTime });
  }

  groupMap(groupId: string, filterProcesses: boolean, startTime: string, endTime: string): Promise<MapResponse> {
    return this.#call('POST', '/generateMap', {}, { kind: 'map:machine-group-dependency', machineGroupId: groupId, filterProcesses, startTime, endTime });
  }

  createMachineGroup(displayName: string, machines: readonly string[]): Promise<MachineGroup> {
    return this.#call('POST', '/machineGroups', {}, {
      kind: 'machineGroup',
      properties: { displayName, count: machines.length, machines: machines.map((m) => ({ kind: 'ref:machinewithhints', id: this.machineId(m) })) },
    });
  }
}
