import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ConnectionCollection, PortCollection } from '@servicemap/protocol';
import type { RouteContext } from '../../app.js';
import { connectionsOf, portsOf, processOf } from '../../services/machine-relations.js';
import { bearerGuard } from '../bearer-guard.js';
import { ERROR_RESPONSES } from './error-responses.js';
import { MachineParams, notFound, PagedIntervalQuery, pagedViewRequest, ProcessParams } from './machine-view-request.js';

const tags = ['serviceMap'];
/** Connection lists are full of reference unions: plain JSON.stringify beats a compiled serializer. */
const stringify = (): ((data: unknown) => string) => (data) => JSON.stringify(data);

/**
 * Connections and ports of a machine or process over an interval (Machines_ListConnections,
 * Machines_ListPorts, Processes_ListAcceptingPorts, Processes_ListConnections). All are cut out
 * of the machine's single-machine map for the interval, so every name equals generateMap's. They
 * page as Azure's do: 100 to a page (the spec gives these operations no `$top`), with an absolute
 * nextLink that carries the first page's window.
 */
export function machineRelationsRoutes(scope: FastifyInstance, context: RouteContext): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const onRequest = bearerGuard(context.credentials, 'reader');
  const common = { onRequest, serializerCompiler: stringify };

  app.get('/machines/:machineName/connections', {
    ...common,
    schema: {
      summary: 'Connections that start or end at a machine', operationId: 'Machines_ListConnections', tags,
      params: MachineParams, querystring: PagedIntervalQuery, response: { 200: ConnectionCollection, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { machineName } = request.params;
    const { view, page } = await pagedViewRequest(request, context, machineName);
    return page(connectionsOf(view, { kind: 'machine', machine: machineName }));
  });

  app.get('/machines/:machineName/ports', {
    ...common,
    schema: {
      summary: 'Server ports of a machine live in the interval', operationId: 'Machines_ListPorts', tags,
      params: MachineParams, querystring: PagedIntervalQuery, response: { 200: PortCollection, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { view, page } = await pagedViewRequest(request, context, request.params.machineName);
    return page(portsOf(view).map((entry) => entry.port));
  });

  app.get('/machines/:machineName/processes/:processName/acceptingPorts', {
    ...common,
    schema: {
      summary: 'Ports a process accepted on in the interval', operationId: 'Processes_ListAcceptingPorts', tags,
      params: ProcessParams, querystring: PagedIntervalQuery, response: { 200: PortCollection, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { machineName, processName } = request.params;
    const { view, page } = await pagedViewRequest(request, context, machineName);
    if (processOf(view, processName) === undefined) throw notFound(`Process ${processName} on machine ${machineName}`);
    return page(portsOf(view).filter((entry) => entry.processes.includes(processName)).map((entry) => entry.port));
  });

  app.get('/machines/:machineName/processes/:processName/connections', {
    ...common,
    schema: {
      summary: 'Connections that start or end at a process', operationId: 'Processes_ListConnections', tags,
      params: ProcessParams, querystring: PagedIntervalQuery, response: { 200: ConnectionCollection, ...ERROR_RESPONSES },
    },
  }, async (request) => {
    const { machineName, processName } = request.params;
    const { view, page } = await pagedViewRequest(request, context, machineName);
    if (processOf(view, processName) === undefined) throw notFound(`Process ${processName} on machine ${machineName}`);
    return page(connectionsOf(view, { kind: 'process', machine: machineName, process: processName }));
  });
}
