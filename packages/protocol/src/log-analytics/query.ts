import { Type, type Static } from 'typebox';

/** Kusto column types as the Log Analytics API names them (`logsColumnType`). */
export const LogsColumnType = Type.Union([
  Type.Literal('bool'), Type.Literal('datetime'), Type.Literal('dynamic'), Type.Literal('int'), Type.Literal('long'),
  Type.Literal('real'), Type.Literal('string'), Type.Literal('guid'), Type.Literal('decimal'), Type.Literal('timespan'),
]);
export type LogsColumnType = Static<typeof LogsColumnType>;

/**
 * `queryBody`: the body of `POST /v1/workspaces/{id}/query`. `workspaces` (cross-workspace
 * queries) may only name the path's own workspace again: a token reaches one workspace.
 */
export const LogsQueryBody = Type.Object({
  query: Type.String({ description: 'KQL text' }),
  timespan: Type.Optional(Type.String({ description: 'ISO-8601 duration or interval, ANDed with the query\'s own time filters' })),
  workspaces: Type.Optional(Type.Array(Type.String())),
});
export type LogsQueryBody = Static<typeof LogsQueryBody>;

/** `GET /v1/workspaces/{id}/query?query=&timespan=`. */
export const LogsQueryString = Type.Object({
  query: Type.String(),
  timespan: Type.Optional(Type.String()),
});
export type LogsQueryString = Static<typeof LogsQueryString>;

export const LogsColumn = Type.Object({ name: Type.String(), type: LogsColumnType });
export type LogsColumn = Static<typeof LogsColumn>;

/**
 * One result table. Cells are native JSON: numbers, booleans, null; datetime as ISO-8601 UTC
 * strings, dynamic as JSON text inside a string, timespan and guid as strings.
 */
export const LogsTable = Type.Object({
  name: Type.String(),
  columns: Type.Array(LogsColumn),
  rows: Type.Array(Type.Array(Type.Unknown())),
});
export type LogsTable = Static<typeof LogsTable>;

/** `errorDetail`. */
export const LogsErrorDetail = Type.Object({
  code: Type.String(),
  message: Type.String(),
  target: Type.Optional(Type.String()),
  value: Type.Optional(Type.String()),
  resources: Type.Optional(Type.Array(Type.String())),
  additionalProperties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type LogsErrorDetail = Static<typeof LogsErrorDetail>;

/** Where a query went wrong: the innermost `innererror` of a refused query (1-based line and column). */
export const LogsInnerError = Type.Object({
  code: Type.String(),
  message: Type.String(),
  line: Type.Optional(Type.Integer({ minimum: 1 })),
  column: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Closest known names, for unknown tables, columns and functions. */
  suggestions: Type.Optional(Type.Array(Type.String())),
  /**
   * `line`, `column` and `suggestions` again, in the spec's `additionalProperties` bag: the Azure
   * SDKs keep only the spec's fields when they deserialize an error.
   */
  additionalProperties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type LogsInnerError = Static<typeof LogsInnerError>;

/**
 * `errorInfo`. Azure nests `innererror` recursively; we emit at most one level, which is where the
 * SDKs look for the message they show.
 */
export const LogsErrorInfo = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Array(LogsErrorDetail)),
  innererror: Type.Optional(LogsInnerError),
});
export type LogsErrorInfo = Static<typeof LogsErrorInfo>;

/** `errorResponse`: every non-200 answer of the Log Analytics routes. */
export const LogsErrorResponse = Type.Object({ error: LogsErrorInfo });
export type LogsErrorResponse = Static<typeof LogsErrorResponse>;

/** `queryResults`. `error` (code `PartialError`) marks results that are incomplete, e.g. truncated. */
export const LogsQueryResults = Type.Object({
  tables: Type.Array(LogsTable),
  statistics: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  render: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  error: Type.Optional(LogsErrorInfo),
});
export type LogsQueryResults = Static<typeof LogsQueryResults>;
