export type * from './compiled-query.js';
