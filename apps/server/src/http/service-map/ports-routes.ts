import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ConnectionCollection, Liveness, Port, ProcessCollection, type Process } from '@servicemap/protocol';
import type { RouteContext } from '../../app.js';
import { connectionsOf, portsOf, processOf, type PortEntry } from '../../services/machine-relations.js';
import type { MachineView } from '../../services/machine-view.js';
import { bearerGuard } from '../bearer-guard.js';
import { ERROR_RESPONSES } from './error-responses.js';
import { IntervalQuery, notFound, PagedIntervalQuery, pagedViewRequest, PortParams, requirePortName, viewRequest } from './machine-view-request.js';

const tags = ['serviceMap'];
const stringify = (): ((data: unknown) => string) => (data) => JSON.stringify(data);

const portEntry = (view: MachineView, port: string): PortEntry | undefined =>
  portsOf(view).find((entry) => entry.port.name === port);

/**
 * A machine's server ports (Ports_Get, Ports_GetLiveness, Ports_ListAcceptingProcesses,
 * Ports_ListConnections). A port has no inventory of its own: it exists in an interval when the
 * machine's map draws it or the machine listened on it (see `portsOf`). A malformed port name is
 * 400; a port that is not live in the interval is 404 for Get (as the spec says), `live: false`
 * for liveness and empty lists otherwise, as long as the machine itself is known. The lists page
 * like the machine's (see `pagedViewRequest`).
 */
export function portsRoutes(scope: FastifyInstance, context: RouteContext): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const onRequest = bearerGuard(context.credentials, 'reader');
  const common = { onRequest, serializerCompiler: stringify };

  app.get('/machines/:machineName/ports/:portName', {
    ...common,
    schema: {
      summary: 'A server port live in the interval', operationId: 'Ports_Get', tags,
      params: PortParams, querystring: IntervalQuery, response: { 200: Port, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { machineName, portName } = request.params;
    requirePortName(portName);
    const { view } = await viewRequest(request, context, machineName);
    const entry = portEntry(view, portName);
    if (entry === undefined) throw notFound(`Port ${portName} of machine ${machineName} in the interval`);
    return entry.port;
  });

  app.get('/machines/:machineName/ports/:portName/liveness', {
    ...common,
    schema: {
      summary: 'Whether a port was live in the interval', operationId: 'Ports_GetLiveness', tags,
      params: PortParams, querystring: IntervalQuery, response: { 200: Liveness, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { machineName, portName } = request.params;
    requirePortName(portName);
    const { view, window } = await viewRequest(request, context, machineName);
    return { startTime: window.from.toISOString(), endTime: window.to.toISOString(), live: portEntry(view, portName) !== undefined };
  });

  app.get('/machines/:machineName/ports/:portName/acceptingProcesses', {
    ...common,
    schema: {
      summary: 'Processes that accepted on a port in the interval', operationId: 'Ports_ListAcceptingProcesses', tags,
      params: PortParams, querystring: PagedIntervalQuery, response: { 200: ProcessCollection, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { machineName, portName } = request.params;
    requirePortName(portName);
    const { view, page } = await pagedViewRequest(request, context, machineName);
    const names = portEntry(view, portName)?.processes ?? [];
    return page(names.map((name) => processOf(view, name)).filter((p): p is Process => p !== undefined));
  });

  app.get('/machines/:machineName/ports/:portName/connections', {
    ...common,
    schema: {
      summary: 'Connections made through a port', operationId: 'Ports_ListConnections', tags,
      params: PortParams, querystring: PagedIntervalQuery, response: { 200: ConnectionCollection, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { machineName, portName } = request.params;
    requirePortName(portName);
    const { view, page } = await pagedViewRequest(request, context, machineName);
    return page(connectionsOf(view, { kind: 'port', machine: machineName, port: portName }));
  });
}
