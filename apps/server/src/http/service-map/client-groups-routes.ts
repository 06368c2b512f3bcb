import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ClientGroup, ClientGroupMembersCollection, ClientGroupMembersCount } from '@servicemap/protocol';
import type { RouteContext } from '../../app.js';
import { clientGroupMembersOf, clientGroupOf } from '../../services/machine-relations.js';
import { bearerGuard } from '../bearer-guard.js';
import { ERROR_RESPONSES } from './error-responses.js';
import { ClientGroupParams, IntervalQuery, notFound, pagedViewRequest, requireClientGroupName, viewRequest } from './machine-view-request.js';
import { ContinuationQuery, TOP_DEFAULT, TOP_MAX } from './paging.js';
import { ApiVersionQuery } from './service-map-scope.js';
import { TimeWindowQuery } from './time-window.js';

const tags = ['serviceMap'];
const stringify = (): ((data: unknown) => string) => (data) => JSON.stringify(data);

/** ClientGroups_ListMembers' query, plus our continuation token (only ever sent back in nextLinks). */
const MembersQuery = Type.Object({
  ...ApiVersionQuery,
  ...TimeWindowQuery,
  $top: Type.Optional(Type.Integer({ minimum: 1, maximum: TOP_MAX, description: `Page size (default ${TOP_DEFAULT})` })),
  ...ContinuationQuery,
});

/**
 * Client groups (ClientGroups_Get, _GetMembersCount, _ListMembers): the agentless clients of a
 * machine or process, as the machine's map for the interval draws them (`m!{machine}`,
 * `m!{machine}!p!{process}`), or of one of its ports (`m!{machine}!b!{port}`). A malformed name
 * is 400; a group without members in the interval is 404. Counts are exact (`accuracy: actual`).
 */
export function clientGroupsRoutes(scope: FastifyInstance, context: RouteContext): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const onRequest = bearerGuard(context.credentials, 'reader');
  const common = { onRequest, serializerCompiler: stringify };

  app.get('/clientGroups/:clientGroupName', {
    ...common,
    schema: {
      summary: 'A client group in the interval', operationId: 'ClientGroups_Get', tags,
      params: ClientGroupParams, querystring: IntervalQuery, response: { 200: ClientGroup, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const name = request.params.clientGroupName;
    const target = requireClientGroupName(name);
    const { view } = await viewRequest(request, context, target.machine);
    const entry = clientGroupOf(view, name);
    if (entry === undefined) throw notFound(`Client group ${name} in the interval`);
    return entry.group;
  });

  app.get('/clientGroups/:clientGroupName/membersCount', {
    ...common,
    schema: {
      summary: 'How many clients a client group has', operationId: 'ClientGroups_GetMembersCount', tags,
      params: ClientGroupParams, querystring: IntervalQuery, response: { 200: ClientGroupMembersCount, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const name = request.params.clientGroupName;
    const target = requireClientGroupName(name);
    const { view, window } = await viewRequest(request, context, target.machine);
    const entry = clientGroupOf(view, name);
    if (entry === undefined) throw notFound(`Client group ${name} in the interval`);
    return {
      startTime: window.from.toISOString(), endTime: window.to.toISOString(),
      groupId: entry.group.id, count: entry.memberIps.length, accuracy: 'actual' as const,
    };
  });

  app.get('/clientGroups/:clientGroupName/members', {
    ...common,
    schema: {
      summary: 'The clients of a client group', operationId: 'ClientGroups_ListMembers', tags,
      params: ClientGroupParams, querystring: MembersQuery, response: { 200: ClientGroupMembersCollection, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const name = request.params.clientGroupName;
    const target = requireClientGroupName(name);
    const { view, page } = await pagedViewRequest(request, context, target.machine, request.query.$top ?? TOP_DEFAULT);
    const members = clientGroupMembersOf(view, name);
    if (members === undefined) throw notFound(`Client group ${name} in the interval`);
    return page(members);
  });
}
