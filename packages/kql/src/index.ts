export type * from './compiled-query.js';
export { compileKql, MAX_QUERY_LENGTH } from './compile-kql.js';
export { tableCatalogue, WORKSPACE_COLUMN, type CatalogueTable, type CatalogueColumn } from './table-catalogue.js';
