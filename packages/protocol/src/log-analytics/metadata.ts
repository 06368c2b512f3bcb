import { Type, type Static } from 'typebox';
import { LogsColumnType } from './query.js';

export const LogsMetadataColumn = Type.Object({
  name: Type.String(),
  type: LogsColumnType,
  description: Type.Optional(Type.String()),
});

/** A table of the workspace's schema (`metadataTable`). */
export const LogsMetadataTable = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  timespanColumn: Type.Optional(Type.String()),
  columns: Type.Array(LogsMetadataColumn),
});
export type LogsMetadataTable = Static<typeof LogsMetadataTable>;

export const LogsMetadataWorkspace = Type.Object({
  id: Type.String(),
  resourceId: Type.String(),
  name: Type.String(),
  region: Type.String(),
});

/**
 * `metadataResults` of `GET|POST /v1/workspaces/{id}/metadata`: the tables a query can read. The
 * categories, solutions, functions and saved queries Azure lists are empty here.
 */
export const LogsMetadataResults = Type.Object({
  categories: Type.Array(Type.Unknown()),
  resourceTypes: Type.Array(Type.Unknown()),
  solutions: Type.Array(Type.Unknown()),
  tables: Type.Array(LogsMetadataTable),
  functions: Type.Array(Type.Unknown()),
  queries: Type.Array(Type.Unknown()),
  applications: Type.Array(Type.Unknown()),
  workspaces: Type.Array(LogsMetadataWorkspace),
  resources: Type.Array(Type.Unknown()),
  permissions: Type.Array(Type.Unknown()),
});
export type LogsMetadataResults = Static<typeof LogsMetadataResults>;
