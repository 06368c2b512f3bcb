/**
 * @servicemap/protocol: every wire shape, defined once as a TypeBox schema with its inferred type.
 * Imports nothing of ours.
 */
export * from './ids.js';
export * from './agent-report.js';
export * from './ingest.js';
export * from './service-map/index.js';
export * from './log-analytics/index.js';
