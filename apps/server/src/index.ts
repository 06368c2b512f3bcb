/**
 * @servicemap/server: the Fastify app (`buildApp`), the process around it (`startServer`), storage
 * (the `Storage` port and its DuckDB adapter) and workspace/token administration.
 */
export { buildApp, SERVER_VERSION, type AppDeps, type ServerApp, type RouteContext, type RoutePlugin } from './app.js';
export { bearerGuard } from './http/bearer-guard.js';
export { ErrorResponse } from './http/error-response.js';
export { strictValidatorCompiler } from './http/strict-validator.js';
export { requireRole, requireWorkspace, roleAllows, type Principal } from './auth/request-auth.js';
export { CredentialCache } from './auth/credential-cache.js';
export { createServerMetrics, type ServerMetrics } from './metrics/server-metrics.js';
export { startServer, DATABASE_FILE, SERVER_STATE_FILE, type RunningServer, type ServerState, type StartOptions } from './server.js';
export { main } from './main.js';
export {
  resolveServerConfig, readConfigFile, ConfigError, DEFAULT_SERVER_CONFIG, SERVER_ENV, CONFIG_FILE_ENV, type ServerConfig,
} from './config.js';
export { ensureBootstrap, BOOTSTRAP_FILE, type BootstrapCredentials } from './bootstrap.js';
export { ERROR_CATALOGUE, ApiError, type ErrorCode, type ErrorBody } from './errors.js';
export {
  AdminService, DEFAULT_RETENTION_DAYS, tokenView, workspaceView,
  type TokenView, type WorkspaceView, type TokenWithSecret, type WorkspaceWithKey,
} from './services/admin-service.js';
export { ADMIN_PREFIX } from './http/admin-routes.js';
export * from './storage/storage.js';
export { DuckDBStorage, DuckDBLockedError, type DuckDBStorageOptions } from './storage/duckdb/duckdb-storage.js';
export { AdminClientError, type AdminClient, type CreatedToken, type CreatedWorkspace } from './admin-client/admin-client.js';
export { openAdminClient, type AdminTarget } from './admin-client/open-admin-client.js';
export { readRunningServer } from './admin-client/running-server.js';
