/** The Azure Service Map ARM API (2015-11-01-preview) models, with their exact wire names. */
export * from './enums.js';
export * from './resource.js';
export * from './references.js';
export * from './machine.js';
export * from './process.js';
export * from './port.js';
export * from './client-group.js';
export * from './machine-group.js';
export * from './relationships.js';
export * from './map.js';
export * from './summary.js';
export * from './collections.js';
export * from './error-response.js';
