export {};
export { roleOf, type RoleInput } from './roles.js';
export { processGroupOf, normalizeExecutableName, type ProcessGroupInput } from './process-group.js';
