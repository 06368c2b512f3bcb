import { Type, type Static } from 'typebox';
import { LogsErrorInfo, LogsQueryBody, LogsTable } from './query.js';

/** `batchQueryRequest`: one query of a `$batch`. */
export const LogsBatchQueryRequest = Type.Object({
  id: Type.String({ minLength: 1 }),
  workspace: Type.String({ minLength: 1 }),
  body: LogsQueryBody,
  headers: Type.Optional(Type.Record(Type.String(), Type.String())),
  path: Type.Optional(Type.Literal('/query')),
  method: Type.Optional(Type.Literal('POST')),
});
export type LogsBatchQueryRequest = Static<typeof LogsBatchQueryRequest>;

/** `batchRequest`: the body of `POST /v1/$batch`. */
export const LogsBatchRequest = Type.Object({
  requests: Type.Array(LogsBatchQueryRequest, { minItems: 1, maxItems: 100 }),
});
export type LogsBatchRequest = Static<typeof LogsBatchRequest>;

/** `batchQueryResults`: like `queryResults`, but a failed query has only `error`. */
export const LogsBatchQueryResults = Type.Object({
  tables: Type.Optional(Type.Array(LogsTable)),
  statistics: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  render: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  error: Type.Optional(LogsErrorInfo),
});
export type LogsBatchQueryResults = Static<typeof LogsBatchQueryResults>;

/** `batchQueryResponse`: `status` is the HTTP status that query alone would have had. */
export const LogsBatchQueryResponse = Type.Object({
  id: Type.String(),
  status: Type.Integer(),
  body: LogsBatchQueryResults,
  headers: Type.Optional(Type.Record(Type.String(), Type.String())),
});
export type LogsBatchQueryResponse = Static<typeof LogsBatchQueryResponse>;

/** `batchResponse`: one response per request, in request order. */
export const LogsBatchResponse = Type.Object({ responses: Type.Array(LogsBatchQueryResponse) });
export type LogsBatchResponse = Static<typeof LogsBatchResponse>;
