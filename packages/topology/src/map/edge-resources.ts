import type { Acceptor, Connection } from '@servicemap/protocol';
import type { WorkspaceScope } from '../resource-ids.js';
import { failureStateOf } from './failure-state.js';
import type { GraphAcceptor, GraphConnection } from './map-graph.js';
import { ROW_WINDOW_MS } from './map-inventory.js';
import type { MapWindow } from './map-input.js';
import { clientGroupReference, identity, portReference, processReference } from './map-references.js';

/** A relationship's span: its first to its last minute, inside the map window. */
function spanOf(first: number, last: number, window: MapWindow): { startTime: string; endTime: string } {
  const start = Math.max(first, Date.parse(window.startTime));
  const end = Math.min(last + ROW_WINDOW_MS, Date.parse(window.endTime));
  return { startTime: new Date(start).toISOString(), endTime: new Date(end).toISOString() };
}

export function connectionResource(scope: WorkspaceScope, connection: GraphConnection, window: MapWindow): Connection {
  const { source, destination } = connection;
  return {
    kind: 'rel:connection',
    ...identity(scope, { kind: 'connection', connection: connection.name }, connection.name),
    properties: {
      source:
        source.kind === 'process'
          ? processReference(scope, source.machine, source.process)
          : clientGroupReference(scope, source.name),
      destination: processReference(scope, destination.machine, destination.process),
      ...spanOf(connection.firstSeenMs, connection.lastSeenMs, window),
      serverPort: portReference(scope, connection.port),
      failureState: failureStateOf(connection.counters),
    },
  };
}

export function acceptorResource(scope: WorkspaceScope, acceptor: GraphAcceptor, window: MapWindow): Acceptor {
  return {
    kind: 'rel:acceptor',
    ...identity(scope, { kind: 'acceptor', acceptor: acceptor.name }, acceptor.name),
    properties: {
      source: portReference(scope, acceptor.port),
      destination: processReference(scope, acceptor.process.machine, acceptor.process.process),
      ...spanOf(acceptor.firstSeenMs, acceptor.lastSeenMs, window),
    },
  };
}
