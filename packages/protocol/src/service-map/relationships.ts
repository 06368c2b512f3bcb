import { Type, type Static } from 'typebox';
import { ConnectionFailureState } from './enums.js';
import { ClientGroupReference, PortReference, ProcessReference } from './references.js';
import { DateTime, Relationship } from './resource.js';

export const ConnectionProperties = Type.Object({
  /** The client: a process, or the client group of agentless clients. */
  source: Type.Union([ProcessReference, ClientGroupReference]),
  /** The accepting process. */
  destination: ProcessReference,
  startTime: Type.Optional(DateTime),
  endTime: Type.Optional(DateTime),
  /** The server port the connection was made to. */
  serverPort: Type.Optional(PortReference),
  failureState: Type.Optional(ConnectionFailureState),
});
export type ConnectionProperties = Static<typeof ConnectionProperties>;

/** A TCP dependency from a client to a server process through a server port. */
export const Connection = Relationship('rel:connection', ConnectionProperties);
export type Connection = Static<typeof Connection>;

export const AcceptorProperties = Type.Object({
  source: PortReference,
  destination: ProcessReference,
  startTime: Type.Optional(DateTime),
  endTime: Type.Optional(DateTime),
});
export type AcceptorProperties = Static<typeof AcceptorProperties>;

/** A server port and the process that accepts connections on it. */
export const Acceptor = Relationship('rel:acceptor', AcceptorProperties);
export type Acceptor = Static<typeof Acceptor>;
