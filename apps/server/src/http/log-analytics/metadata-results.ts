import type { LogsColumnType, LogsMetadataResults } from '@servicemap/protocol';
import type { Workspace } from '../../storage/storage.js';

/** A table as the compiler's catalogue knows it. */
export interface CatalogueTable {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: LogsColumnType }[];
}

/** `metadataResults` for one workspace: its tables (all dated by `TimeGenerated`) and itself. */
export function metadataResults(workspace: Workspace, tables: readonly CatalogueTable[]): LogsMetadataResults {
  return {
    categories: [], resourceTypes: [], solutions: [], functions: [], queries: [], applications: [], resources: [], permissions: [],
    tables: tables.map((t) => ({
      id: `t/${t.name}`,
      name: t.name,
      ...(t.columns.some((c) => c.name === 'TimeGenerated') ? { timespanColumn: 'TimeGenerated' } : {}),
      columns: t.columns.map((c) => ({ name: c.name, type: c.type })),
    })),
    workspaces: [{ id: workspace.id, resourceId: `/workspaces/${workspace.id}`, name: workspace.name, region: 'local' }],
  };
}
