import type { LogsColumnType, LogsMetadataResults } from '@servicemap/protocol';

/** The CLR type names monaco-kusto's schema wants for each Kusto column type. */
const CLR_TYPES: Readonly<Record<LogsColumnType, string>> = {
  bool: 'System.Boolean', datetime: 'System.DateTime', dynamic: 'System.Object', int: 'System.Int32',
  long: 'System.Int64', real: 'System.Double', string: 'System.String', guid: 'System.Guid',
  decimal: 'System.Data.SqlTypes.SqlDecimal', timespan: 'System.TimeSpan',
};

/** A table as monaco-kusto's `Table` declares it. */
export interface KustoSchemaTable {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

/**
 * monaco-kusto's `EngineSchema` for one workspace: its tables and columns as one database in
 * context, so completion offers them and the worker flags unknown names. Kept structural (no
 * import of monaco-kusto) so this stays testable without a DOM.
 */
export function kustoSchemaOf(metadata: LogsMetadataResults, workspaceName: string) {
  const tables: KustoSchemaTable[] = metadata.tables.map((t) => ({
    name: t.name,
    columns: t.columns.map((c) => ({ name: c.name, type: CLR_TYPES[c.type] })),
  }));
  const database = { name: workspaceName, tables, functions: [], entityGroups: [], majorVersion: 1, minorVersion: 0 };
  return {
    clusterType: 'Engine' as const,
    cluster: { connectionString: 'servicemap', databases: [database] },
    database,
  };
}
