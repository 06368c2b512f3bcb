/** The Log Analytics query API (data plane, `/v1`) shapes, with their exact wire names. */
export * from './query.js';
export * from './batch.js';
export * from './metadata.js';
