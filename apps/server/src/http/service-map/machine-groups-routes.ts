import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { MachineGroup, MachineGroupCollection, MachineGroupInput } from '@servicemap/protocol';
import type { WorkspaceScope } from '@servicemap/topology';
import type { RouteContext } from '../../app.js';
import { ApiError } from '../../errors.js';
import { unknownMachines } from '../../services/map-input.js';
import { StorageConflictError, type MachineGroup as StoredGroup, type Storage } from '../../storage/storage.js';
import { bearerGuard } from '../bearer-guard.js';
import { strictValidatorCompiler } from '../strict-validator.js';
import { machineGroupInputOf, machineGroupResource, type MachineHints } from './machine-groups-resource.js';
import { ERROR_RESPONSES } from './error-responses.js';
import { acceptEmptyJson, jsonObjectBody } from './json-body-guard.js';
import { ApiVersionQuery, resolveServiceMapScope, ServiceMapPathParams } from './service-map-scope.js';
import { liveWindowOf, TimeWindowQuery } from './time-window.js';
import {
  collectionPage,
  CONTINUATION_PARAM,
  ContinuationQuery,
  decodeContinuation,
  TOP_DEFAULT,
  type CollectionPage,
} from './paging.js';

const DAY_MS = 86_400_000;
const tags = ['serviceMap'];
const stringify = (): ((data: unknown) => string) => (data) => JSON.stringify(data);

/** Interval parameters Azure declares on the reads; groups are not versioned, so they are accepted and unused. */
const IntervalQuery = Type.Object({ ...ApiVersionQuery, ...TimeWindowQuery });
/** The two group lists are pageable (no `$top` in the spec: 100 to a page). */
const PagedIntervalQuery = Type.Object({ ...ApiVersionQuery, ...TimeWindowQuery, ...ContinuationQuery });
const GroupParams = Type.Object({
  ...ServiceMapPathParams,
  machineGroupName: Type.String({ minLength: 36, maxLength: 36, description: 'Machine group GUID' }),
});
const MachineParams = Type.Object({ ...ServiceMapPathParams, machineName: Type.String({ minLength: 3, maxLength: 64 }) });

/** Renders groups with hints read once for all their machines. */
async function render(storage: Storage, workspaceId: string, ids: WorkspaceScope, groups: readonly StoredGroup[], now: Date) {
  const machines = [...new Set(groups.flatMap((g) => g.machines))];
  const rows = machines.length === 0 ? [] : await storage.latestComputers({ workspaceId, asOf: now, machines });
  const hints: MachineHints = new Map(rows.map((row) => [row.machine, row]));
  return groups.map((group) => machineGroupResource(ids, group, hints));
}

/**
 * The page of `groups` (sorted by name) a request asks for, rendered. Groups are not versioned:
 * there is no window to freeze, the continuation holds only the offset.
 */
async function renderPage(
  request: { protocol: string; host: string; url: string; query: { [CONTINUATION_PARAM]?: string } },
  apiVersion: string,
  storage: Storage, workspaceId: string, ids: WorkspaceScope, groups: readonly StoredGroup[], now: Date,
): Promise<CollectionPage<MachineGroup>> {
  const token = request.query[CONTINUATION_PARAM];
  const continuation = token === undefined ? { offset: 0, top: TOP_DEFAULT, query: {} } : decodeContinuation(token);
  const { value, nextLink } = collectionPage(request, apiVersion, continuation, groups);
  const rendered = await render(storage, workspaceId, ids, value, now);
  return nextLink === undefined ? { value: rendered } : { value: rendered, nextLink };
}

async function renderOne(storage: Storage, workspaceId: string, ids: WorkspaceScope, group: StoredGroup, now: Date) {
  const [resource] = await render(storage, workspaceId, ids, [group], now);
  if (resource === undefined) throw new ApiError('InternalError');
  return resource;
}

async function requireGroup(storage: Storage, workspaceId: string, name: string): Promise<StoredGroup> {
  const group = await storage.getMachineGroup(workspaceId, name.toLowerCase());
  if (group === undefined) throw new ApiError('NotFound', `Machine group ${name} does not exist.`);
  return group;
}

/**
 * Machine groups (MachineGroups_*) and Machines_ListMachineGroupMembership. No size limit (Azure
 * capped groups at 10 machines). Changes need a contributor; updates honour the body's `etag`
 * (or `If-Match`): a stale one is 412 PreconditionFailed.
 */
export function machineGroupsRoutes(scope: FastifyInstance, context: RouteContext): void {
  acceptEmptyJson(scope);
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { storage, credentials } = context;
  const reader = bearerGuard(credentials, 'reader');
  const contributor = bearerGuard(credentials, 'contributor');
  const common = { validatorCompiler: strictValidatorCompiler, serializerCompiler: stringify };

  app.get('/machineGroups', {
    ...common, onRequest: reader,
    schema: {
      summary: 'List machine groups', operationId: 'MachineGroups_ListByWorkspace', tags,
      params: Type.Object(ServiceMapPathParams), querystring: PagedIntervalQuery, response: { 200: MachineGroupCollection, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { workspace, ids, apiVersion } = await resolveServiceMapScope(request, credentials);
    liveWindowOf(request.query, context.now());
    const groups = await storage.listMachineGroups(workspace.id);
    return renderPage(request, apiVersion, storage, workspace.id, ids, groups, context.now());
  });

  app.post('/machineGroups', {
    ...common, onRequest: contributor, preValidation: jsonObjectBody('MachineGroup'),
    schema: {
      summary: 'Create a machine group', operationId: 'MachineGroups_Create', tags,
      params: Type.Object(ServiceMapPathParams), querystring: Type.Object(ApiVersionQuery), body: MachineGroupInput,
      response: { 201: MachineGroup, ...ERROR_RESPONSES },
    },
  }, async (request, reply) => {
    const { workspace, ids } = await resolveServiceMapScope(request, credentials);
    const now = context.now();
    const group = await storage.createMachineGroup(workspace.id, randomUUID(), machineGroupInputOf(request.body), now);
    return reply.status(201).send(await renderOne(storage, workspace.id, ids, group, now));
  });

  app.get('/machineGroups/:machineGroupName', {
    ...common, onRequest: reader,
    schema: {
      summary: 'Get a machine group', operationId: 'MachineGroups_Get', tags,
      params: GroupParams, querystring: IntervalQuery, response: { 200: MachineGroup, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { workspace, ids } = await resolveServiceMapScope(request, credentials);
    liveWindowOf(request.query, context.now());
    const group = await requireGroup(storage, workspace.id, request.params.machineGroupName);
    return renderOne(storage, workspace.id, ids, group, context.now());
  });

  app.put('/machineGroups/:machineGroupName', {
    ...common, onRequest: contributor, preValidation: jsonObjectBody('MachineGroup'),
    schema: {
      summary: 'Update a machine group', operationId: 'MachineGroups_Update', tags,
      params: GroupParams, querystring: Type.Object(ApiVersionQuery), body: MachineGroupInput,
      response: { 200: MachineGroup, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { workspace, ids } = await resolveServiceMapScope(request, credentials);
    const name = request.params.machineGroupName;
    const header = request.headers['if-match'];
    const ifMatch = request.body.etag ?? (typeof header === 'string' && header !== '*' ? header.replace(/^W\//, '').replace(/"/g, '') : undefined);
    const now = context.now();
    let group: StoredGroup | undefined;
    try {
      group = await storage.updateMachineGroup(workspace.id, name.toLowerCase(), machineGroupInputOf(request.body), now, ifMatch);
    } catch (error) {
      if (error instanceof StorageConflictError) {
        throw new ApiError('PreconditionFailed', `Machine group ${name} has changed since etag ${ifMatch ?? ''}; read it again.`);
      }
      throw error;
    }
    if (group === undefined) throw new ApiError('NotFound', `Machine group ${name} does not exist.`);
    return renderOne(storage, workspace.id, ids, group, now);
  });

  app.delete('/machineGroups/:machineGroupName', {
    ...common, onRequest: contributor,
    schema: {
      summary: 'Delete a machine group', operationId: 'MachineGroups_Delete', tags,
      params: GroupParams, querystring: Type.Object(ApiVersionQuery),
      response: { 204: Type.Unsafe<undefined>({ description: 'Deleted: no body' }), ...ERROR_RESPONSES },
    },
  }, async (request, reply) => {
    const { workspace } = await resolveServiceMapScope(request, credentials);
    const name = request.params.machineGroupName;
    if (!(await storage.deleteMachineGroup(workspace.id, name.toLowerCase()))) {
      throw new ApiError('NotFound', `Machine group ${name} does not exist.`);
    }
    // No body and no content type: old AutoRest clients refuse an empty body that claims to be JSON.
    return reply.status(204).send();
  });

  app.get('/machines/:machineName/machineGroups', {
    ...common, onRequest: reader,
    schema: {
      summary: 'Machine groups a machine belongs to', operationId: 'Machines_ListMachineGroupMembership', tags,
      params: MachineParams, querystring: PagedIntervalQuery, response: { 200: MachineGroupCollection, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { workspace, ids, apiVersion } = await resolveServiceMapScope(request, credentials);
    const machine = request.params.machineName;
    const now = context.now();
    liveWindowOf(request.query, now);
    const groups = (await storage.listMachineGroups(workspace.id)).filter((g) => g.machines.includes(machine));
    if (groups.length === 0) {
      // A machine in no group may still be unknown altogether: that is a 404, not an empty list.
      const since = new Date(now.getTime() - workspace.retentionDays * DAY_MS);
      const unknown = await unknownMachines(storage, workspace.id, [machine], since, new Date(now.getTime() + DAY_MS));
      if (unknown.length > 0 || !/^[mt]-/.test(machine)) throw new ApiError('NotFound', `Machine ${machine} is not known in this workspace.`);
    }
    return renderPage(request, apiVersion, storage, workspace.id, ids, groups, now);
  });
}
