/**
 * ARM resource ids and types of Service Map resources. We emit the full form
 * `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/{ws}/features/serviceMap/...`
 * (it matches the request paths); Azure's own examples mostly omit `/features/serviceMap`, so
 * parsing accepts both.
 */

/** The workspace a resource lives in. */
export interface WorkspaceScope {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly workspaceName: string;
}

const TYPE_PREFIX = 'Microsoft.OperationalInsights/workspaces/features';

/** The `type` of each Service Map resource. */
export const RESOURCE_TYPES = {
  machine: `${TYPE_PREFIX}/machines`,
  process: `${TYPE_PREFIX}/machines/processes`,
  port: `${TYPE_PREFIX}/machines/ports`,
  clientGroup: `${TYPE_PREFIX}/clientGroups`,
  clientGroupMember: `${TYPE_PREFIX}/clientGroups/members`,
  connection: `${TYPE_PREFIX}/connections`,
  acceptor: `${TYPE_PREFIX}/acceptors`,
  machineGroup: `${TYPE_PREFIX}/machineGroups`,
  summary: `${TYPE_PREFIX}/summaries`,
} as const;

/** What a resource id points at, with its names (decoded). */
export type ResourcePath =
  | { readonly kind: 'machine'; readonly machine: string }
  | { readonly kind: 'process'; readonly machine: string; readonly process: string }
  | { readonly kind: 'port'; readonly machine: string; readonly port: string }
  | { readonly kind: 'clientGroup'; readonly clientGroup: string }
  | { readonly kind: 'clientGroupMember'; readonly clientGroup: string; readonly member: string }
  | { readonly kind: 'connection'; readonly connection: string }
  | { readonly kind: 'acceptor'; readonly acceptor: string }
  | { readonly kind: 'machineGroup'; readonly machineGroup: string }
  | { readonly kind: 'machinesSummary' };

/** `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/{ws}`. */
export function workspaceResourceId(scope: WorkspaceScope): string {
  return (
    `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroupName}` +
    `/providers/Microsoft.OperationalInsights/workspaces/${scope.workspaceName}`
  );
}

/** The Service Map base every id and route hangs off: the workspace id + `/features/serviceMap`. */
export function serviceMapBaseId(scope: WorkspaceScope): string {
  return `${workspaceResourceId(scope)}/features/serviceMap`;
}

function relativePath(path: ResourcePath): string {
  switch (path.kind) {
    case 'machine':
      return `machines/${path.machine}`;
    case 'process':
      return `machines/${path.machine}/processes/${path.process}`;
    case 'port':
      return `machines/${path.machine}/ports/${path.port}`;
    case 'clientGroup':
      return `clientGroups/${path.clientGroup}`;
    case 'clientGroupMember':
      return `clientGroups/${path.clientGroup}/members/${path.member}`;
    case 'connection':
      return `connections/${path.connection}`;
    case 'acceptor':
      return `acceptors/${path.acceptor}`;
    case 'machineGroup':
      return `machineGroups/${path.machineGroup}`;
    case 'machinesSummary':
      return 'summaries/machines';
  }
}

/**
 * The full id of a resource. Names go in raw, as Azure writes them: the grammar only uses
 * characters that are legal in a URL path (`!`, `@`, `-`, `_`, hex).
 */
export function resourceId(scope: WorkspaceScope, path: ResourcePath): string {
  return `${serviceMapBaseId(scope)}/${relativePath(path)}`;
}

/** The `type` of the resource an id path points at. */
export function resourceType(path: ResourcePath): string {
  return path.kind === 'machinesSummary' ? RESOURCE_TYPES.summary : RESOURCE_TYPES[path.kind];
}

// ARM treats the fixed segments case-insensitively; names keep their case.
const ID_PATTERN =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.OperationalInsights\/workspaces\/([^/]+)(?:\/features\/serviceMap)?\/(.+?)\/?$/i;

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function parseRelative(segments: readonly string[]): ResourcePath | undefined {
  const [collection, name, child, childName] = segments.map((s) => s.toLowerCase());
  const names = segments.filter((_, i) => i % 2 === 1);
  const [first, second] = names as [string, string | undefined];
  if (segments.length === 2 && name !== undefined) {
    if (collection === 'machines') return { kind: 'machine', machine: first };
    if (collection === 'clientgroups') return { kind: 'clientGroup', clientGroup: first };
    if (collection === 'connections') return { kind: 'connection', connection: first };
    if (collection === 'acceptors') return { kind: 'acceptor', acceptor: first };
    if (collection === 'machinegroups') return { kind: 'machineGroup', machineGroup: first };
    if (collection === 'summaries' && name === 'machines') return { kind: 'machinesSummary' };
  }
  if (segments.length === 4 && second !== undefined && childName !== undefined) {
    if (collection === 'machines' && child === 'processes') return { kind: 'process', machine: first, process: second };
    if (collection === 'machines' && child === 'ports') return { kind: 'port', machine: first, port: second };
    if (collection === 'clientgroups' && child === 'members') {
      return { kind: 'clientGroupMember', clientGroup: first, member: second };
    }
  }
  return undefined;
}

/** A parsed resource id. */
export interface ParsedResourceId {
  readonly scope: WorkspaceScope;
  readonly path: ResourcePath;
}

/**
 * Parses an id in either form (with or without `/features/serviceMap`); undefined when it is
 * not a Service Map resource id. Percent-encoded names are decoded.
 */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  const match = ID_PATTERN.exec(id);
  if (!match) return undefined;
  const segments = (match[4] ?? '').split('/').map(decode);
  if (segments.some((s) => s === undefined || s === '')) return undefined;
  const path = parseRelative(segments as string[]);
  if (!path) return undefined;
  const [subscriptionId, resourceGroupName, workspaceName] = match.slice(1, 4).map(decode);
  if (subscriptionId === undefined || resourceGroupName === undefined || workspaceName === undefined) return undefined;
  return { scope: { subscriptionId, resourceGroupName, workspaceName }, path };
}
