import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { parseClientGroupName, parseMachineName, parsePortName, type ClientGroupTarget } from '@servicemap/topology';
import type { RouteContext } from '../../app.js';
import { ApiError } from '../../errors.js';
import { readMachineView, type MachineView } from '../../services/machine-view.js';
import { MachineQueries } from './machine-queries.js';
import {
  collectionPage,
  CONTINUATION_PARAM,
  ContinuationQuery,
  decodeContinuation,
  TOP_DEFAULT,
  type CollectionPage,
} from './paging.js';
import { ApiVersionQuery, resolveServiceMapScope, ServiceMapPathParams, type ServiceMapScope } from './service-map-scope.js';
import { liveWindowOf, TimeWindowQuery, type TimeWindow } from './time-window.js';

/** Path-parameter bounds of the spec (the SDKs check them client-side too). */
const machineName = Type.String({ minLength: 3, maxLength: 64 });
const processName = Type.String({ minLength: 3, maxLength: 128 });
const portName = Type.String({ minLength: 3, maxLength: 64, description: '`b-{ip hex}_{port}`' });
const clientGroupName = Type.String({ minLength: 3, maxLength: 256, description: '`m!{machine}[!p!{process}|!b!{port}]`' });

export const MachineParams = Type.Object({ ...ServiceMapPathParams, machineName });
export const ProcessParams = Type.Object({ ...ServiceMapPathParams, machineName, processName });
export const PortParams = Type.Object({ ...ServiceMapPathParams, machineName, portName });
export const ClientGroupParams = Type.Object({ ...ServiceMapPathParams, clientGroupName });
/** `startTime`/`endTime` (and `api-version`): every interval-only read. */
export const IntervalQuery = Type.Object({ ...ApiVersionQuery, ...TimeWindowQuery });
/** An interval read of a pageable list whose operation takes no `$top`: plus our continuation. */
export const PagedIntervalQuery = Type.Object({ ...ApiVersionQuery, ...TimeWindowQuery, ...ContinuationQuery });

/** 404 NotFound naming the resource. */
export const notFound = (what: string): ApiError => new ApiError('NotFound', `${what} was not found.`);

/** A port name by the grammar, else 400: the name itself is malformed, not merely unknown. */
export function requirePortName(name: string): void {
  if (parsePortName(name) === undefined) {
    throw new ApiError('InvalidRequest', `portName ${name} is not a port name (b-{ip hex}_{port}).`);
  }
}

/** A client group name by the grammar, else 400. */
export function requireClientGroupName(name: string): ClientGroupTarget {
  const target = parseClientGroupName(name);
  if (target === undefined) {
    throw new ApiError('InvalidRequest', `clientGroupName ${name} is not a client group name (m!{machine}[!p!{process}|!b!{port}]).`);
  }
  return target;
}

/**
 * 404 unless the machine is known: a monitored machine with inventory or reports up to `asOf`. A
 * well-formed discovered `t-…` name always passes: such a machine has no records of its own to be
 * unknown against, so its lists are just empty when nobody reached it in the window.
 */
export async function requireMachine(queries: MachineQueries, machine: string, asOf: Date): Promise<void> {
  const parsed = parseMachineName(machine);
  if (parsed?.kind === 'discovered') return;
  if (parsed === undefined || (await queries.machine(machine, asOf)) === undefined) throw notFound(`Machine ${machine}`);
}

/** A resolved interval read: the workspace, the window and the machine's view over it. */
export interface ViewedRequest {
  readonly scope: ServiceMapScope;
  readonly window: TimeWindow;
  readonly view: MachineView;
}

type WindowRequest = FastifyRequest & {
  params: { subscriptionId: string; resourceGroupName: string; workspaceName: string };
  query: { 'api-version'?: string; startTime?: string; endTime?: string };
};

/**
 * Resolves the workspace and the window (a bad date is a 400 before any read), checks that the
 * machine is known (404), and reads its view over the window. `times` replaces the request's
 * `startTime`/`endTime` (the frozen window of a continuation).
 */
export async function viewRequest(
  request: WindowRequest,
  context: RouteContext,
  machine: string,
  times: { startTime?: string; endTime?: string } = request.query,
): Promise<ViewedRequest> {
  const scope = await resolveServiceMapScope(request, context.credentials);
  const window = liveWindowOf(times, context.now());
  await requireMachine(new MachineQueries(context.storage, scope.workspace.id), machine, window.to);
  const view = await readMachineView(context.storage, {
    workspaceId: scope.workspace.id, workspace: scope.ids, machine,
    window: { startTime: window.from.toISOString(), endTime: window.to.toISOString() },
  });
  return { scope, window, view };
}

/** A resolved interval read of a pageable list, and the page of it this request asks for. */
export interface PagedViewedRequest extends ViewedRequest {
  readonly page: <T>(items: readonly T[]) => CollectionPage<T>;
}

/**
 * {@link viewRequest} for a pageable list: the first page resolves the window and freezes it in
 * the nextLink, so that later pages read the same window and list the same set even though "now"
 * has moved on; a later page reads the window its continuation carries.
 */
export async function pagedViewRequest(
  request: WindowRequest & { query: { [CONTINUATION_PARAM]?: string } },
  context: RouteContext,
  machine: string,
  top: number = TOP_DEFAULT,
): Promise<PagedViewedRequest> {
  const token = request.query[CONTINUATION_PARAM];
  const continued = token === undefined ? undefined : decodeContinuation(token);
  const viewed = await viewRequest(request, context, machine, continued?.query ?? request.query);
  const frozen = continued ?? {
    offset: 0, top, query: { startTime: viewed.window.from.toISOString(), endTime: viewed.window.to.toISOString() },
  };
  return { ...viewed, page: (items) => collectionPage(request, viewed.scope.apiVersion, frozen, items) };
}
