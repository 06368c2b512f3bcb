export type * from './compiled-query.js';
export { compileKql, MAX_QUERY_LENGTH } from './compile-kql.js';
export { tableCatalogue, WORKSPACE_COLUMN, SEARCH_TEXT_COLUMN, SEARCH_TEXT_SEPARATOR, type CatalogueTable, type CatalogueColumn, type SearchTextColumn } from './table-catalogue.js';
