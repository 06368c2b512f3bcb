import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Liveness, Machine, MachineCollection, MachinesSummary, Process, ProcessCollection } from '@servicemap/protocol';
import { parseMachineName, parseProcessName, resourceId, resourceType } from '@servicemap/topology';
import type { RouteContext } from '../../app.js';
import { ApiError } from '../../errors.js';
import { readMachineView, type MachineView } from '../../services/machine-view.js';
import { bearerGuard } from '../bearer-guard.js';
import { ERROR_RESPONSES } from './error-responses.js';
import { requireMachine } from './machine-view-request.js';
import { MachineQueries } from './machine-queries.js';
import { storedMachineResource, storedProcessResource } from './stored-resources.js';
import { machinesPage, MachinesPageQuery } from './machines-page.js';
import { collectionPage } from './paging.js';
import { processesPageRead, ProcessesPageQuery } from './processes-page.js';
import { ApiVersionQuery, resolveServiceMapScope, ServiceMapPathParams, type ServiceMapScope } from './service-map-scope.js';
import { liveWindowOf, TimestampQuery, TimeWindowQuery, timestampOf, type TimeWindow } from './time-window.js';

const MachineParams = Type.Object({ ...ServiceMapPathParams, machineName: Type.String({ minLength: 3, maxLength: 64 }) });
const ProcessParams = Type.Object({
  ...ServiceMapPathParams,
  machineName: Type.String({ minLength: 3, maxLength: 64 }),
  processName: Type.String({ minLength: 3, maxLength: 128 }),
});
const WindowQuery = Type.Object({ ...ApiVersionQuery, ...TimeWindowQuery });
const AtQuery = Type.Object({ ...ApiVersionQuery, ...TimestampQuery });

const tags = ['serviceMap'];
/**
 * A discovered machine has no inventory: asked "as of a time", it is looked for in the hour up to
 * that time (the cadence of inventory), among the servers its callers reached.
 */
const DISCOVERED_LOOKBACK_MS = 60 * 60_000;
const isDiscovered = (machine: string): boolean => parseMachineName(machine)?.kind === 'discovered';
/** `ts-…`: the acceptor a map infers behind a port nobody reported accepting on; no inventory either. */
const isDiscoveredProcess = (process: string): boolean => parseProcessName(process)?.kind === 'discovered';
const notFound = (what: string): ApiError => new ApiError('NotFound', `${what} was not found.`);
const livenessOf = (window: TimeWindow, live: boolean): Liveness =>
  ({ startTime: window.from.toISOString(), endTime: window.to.toISOString(), live });

/**
 * Machines, processes and the machines summary (Machines_*, Processes_Get/GetLiveness,
 * Summaries_GetMachines). Registered under the Service Map prefix; reader role suffices.
 */
export function machineRoutes(plain: FastifyInstance, context: RouteContext): void {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const onRequest = bearerGuard(context.credentials, 'reader');
  const viewOver = (scope: ServiceMapScope, machine: string, window: TimeWindow): Promise<MachineView> =>
    readMachineView(context.storage, {
      workspaceId: scope.workspace.id, workspace: scope.ids, machine,
      window: { startTime: window.from.toISOString(), endTime: window.to.toISOString() },
    });
  const lookback = (asOf: Date): TimeWindow => ({ from: new Date(asOf.getTime() - DISCOVERED_LOOKBACK_MS), to: asOf });
  const drawnMachine = (view: MachineView) => view.map.nodes.machines.find((m) => m.name === view.machine);
  const drawnProcesses = (view: MachineView) => view.map.nodes.processes.filter((p) => p.properties.machine?.name === view.machine);
  const scoped = async (request: Parameters<typeof resolveServiceMapScope>[0]): Promise<[ServiceMapScope, MachineQueries]> => {
    const scope = await resolveServiceMapScope(request, context.credentials);
    return [scope, new MachineQueries(context.storage, scope.workspace.id)];
  };

  app.get('/machines', {
    onRequest,
    schema: {
      summary: 'Machines of the workspace, live in an interval or as of a time', operationId: 'Machines_ListByWorkspace', tags,
      params: Type.Object(ServiceMapPathParams), querystring: MachinesPageQuery,
      response: { 200: MachineCollection, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const [scope, queries] = await scoped(request);
    return machinesPage(request, scope, queries, context.now());
  });

  app.get('/machines/:machineName', {
    onRequest,
    schema: { summary: 'A machine as of a time', operationId: 'Machines_Get', tags, params: MachineParams, querystring: AtQuery, response: { 200: Machine, ...ERROR_RESPONSES } },
  }, async (request) => {
    const [scope, queries] = await scoped(request);
    const { machineName } = request.params;
    const asOf = timestampOf(request.query, context.now());
    if (isDiscovered(machineName)) {
      const machine = drawnMachine(await viewOver(scope, machineName, lookback(asOf)));
      if (machine === undefined) throw notFound(`Machine ${machineName} (nobody reached it in the hour up to ${asOf.toISOString()})`);
      return machine;
    }
    const row = await queries.machine(machineName, asOf);
    if (row === undefined) throw notFound(`Machine ${machineName}`);
    return storedMachineResource(scope.ids, row);
  });

  app.get('/machines/:machineName/liveness', {
    onRequest,
    schema: { summary: 'Whether a machine was live in the interval', operationId: 'Machines_GetLiveness', tags, params: MachineParams, querystring: WindowQuery, response: { 200: Liveness, ...ERROR_RESPONSES } },
  }, async (request) => {
    const [scope, queries] = await scoped(request);
    const window = liveWindowOf(request.query, context.now());
    const { machineName } = request.params;
    // A discovered machine is live when a caller reached it; it has no records to be unknown against.
    if (isDiscovered(machineName)) return livenessOf(window, drawnMachine(await viewOver(scope, machineName, window)) !== undefined);
    if (await queries.machineLive(machineName, window)) return livenessOf(window, true);
    if ((await queries.machine(machineName, window.to)) === undefined) throw notFound(`Machine ${machineName}`);
    return livenessOf(window, false);
  });

  app.get('/machines/:machineName/processes', {
    onRequest,
    schema: {
      summary: 'Processes of a machine, live in an interval or as of a time', operationId: 'Machines_ListProcesses', tags, params: MachineParams, querystring: ProcessesPageQuery,
      response: { 200: ProcessCollection, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const [scope, queries] = await scoped(request);
    const { machineName } = request.params;
    // Resolve the times before any read, so a bad date is a 400 whatever the machine.
    const { window, asOf, continuation } = processesPageRead(request.query, context.now());
    const page = <T>(items: readonly T[]) => collectionPage(request, scope.apiVersion, continuation, items);
    // A discovered machine's processes are the `ts-…` acceptors its callers' maps draw on it.
    if (isDiscovered(machineName)) return page(drawnProcesses(await viewOver(scope, machineName, window ?? lookback(asOf))));
    if ((await queries.machine(machineName, asOf)) === undefined) throw notFound(`Machine ${machineName}`);
    const rows = window === undefined
      ? await queries.inventoryProcesses(machineName, asOf)
      : await queries.liveProcesses(machineName, window);
    return page(rows.map((row) => storedProcessResource(scope.ids, row)));
  });

  app.get('/machines/:machineName/processes/:processName', {
    onRequest,
    schema: { summary: 'A process as of a time', operationId: 'Processes_Get', tags, params: ProcessParams, querystring: AtQuery, response: { 200: Process, ...ERROR_RESPONSES } },
  }, async (request) => {
    const [scope, queries] = await scoped(request);
    const { machineName, processName } = request.params;
    const asOf = timestampOf(request.query, context.now());
    if (isDiscoveredProcess(processName)) {
      const process = drawnProcesses(await viewOver(scope, machineName, lookback(asOf))).find((p) => p.name === processName);
      if (process === undefined) throw notFound(`Process ${processName} on machine ${machineName} (not drawn in the hour up to ${asOf.toISOString()})`);
      return process;
    }
    const row = await queries.process(machineName, processName, asOf);
    if (row === undefined) throw notFound(`Process ${processName} on machine ${machineName}`);
    return storedProcessResource(scope.ids, row);
  });

  app.get('/machines/:machineName/processes/:processName/liveness', {
    onRequest,
    schema: { summary: 'Whether a process was live in the interval', operationId: 'Processes_GetLiveness', tags, params: ProcessParams, querystring: WindowQuery, response: { 200: Liveness, ...ERROR_RESPONSES } },
  }, async (request) => {
    const [scope, queries] = await scoped(request);
    const window = liveWindowOf(request.query, context.now());
    const { machineName, processName } = request.params;
    if (isDiscoveredProcess(processName)) {
      await requireMachine(queries, machineName, window.to);
      const drawn = drawnProcesses(await viewOver(scope, machineName, window)).some((p) => p.name === processName);
      return livenessOf(window, drawn);
    }
    if (await queries.processLive(machineName, processName, window)) return livenessOf(window, true);
    if ((await queries.process(machineName, processName, window.to)) === undefined) {
      throw notFound(`Process ${processName} on machine ${machineName}`);
    }
    return livenessOf(window, false);
  });

  app.get('/summaries/machines', {
    onRequest,
    schema: {
      summary: 'Machine counts over the interval', operationId: 'Summaries_GetMachines', tags, params: Type.Object(ServiceMapPathParams), querystring: WindowQuery,
      response: { 200: MachinesSummary, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const [scope, queries] = await scoped(request);
    const window = liveWindowOf(request.query, context.now());
    const [known, live] = await Promise.all([queries.knownMachines(window.to), queries.liveMachines(window)]);
    const path = { kind: 'machinesSummary' } as const;
    return {
      id: resourceId(scope.ids, path), type: resourceType(path), name: 'machines',
      properties: {
        startTime: window.from.toISOString(), endTime: window.to.toISOString(),
        // Machines with activity but no inventory yet still count.
        total: new Set([...known.map((m) => m.machine), ...live.map((m) => m.machine)]).size,
        live: live.length,
        os: {
          windows: known.filter((m) => m.operatingSystemFamily === 'windows').length,
          linux: known.filter((m) => m.operatingSystemFamily === 'linux').length,
        },
      },
    };
  });
}
