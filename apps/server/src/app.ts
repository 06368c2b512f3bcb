import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CredentialCache } from './auth/credential-cache.js';
import { ApiError } from './errors.js';
import { adminRoutes } from './http/admin-routes.js';
import { installErrorHandling } from './http/error-handler.js';
import { healthRoutes } from './http/health-routes.js';
import { DEFAULT_INGEST_BODY_LIMITS, type IngestBodyLimits } from './http/ingest-body.js';
import { ingestRoute } from './http/ingest-route.js';
import { logAnalyticsRoutes, type LogAnalyticsRoutesOptions } from './http/log-analytics/log-analytics-routes.js';
import { RouteIndex } from './http/route-index.js';
import { serviceRoutes } from './http/service-routes.js';
import { serviceMapRoutes } from './http/service-map/index.js';
import { uiRoutes } from './http/ui-routes.js';
import { Gauge } from './metrics/metrics-registry.js';
import { createServerMetrics, type ServerMetrics } from './metrics/server-metrics.js';
import { AdminService } from './services/admin-service.js';
import { DEFAULT_MAX_FUTURE_SKEW_MS } from './services/report-checks.js';
import type { Storage } from './storage/storage.js';

/** Server version reported in `/openapi.json`. */
export const SERVER_VERSION = '0.1.0';

/**
 * While the app closes, requests that arrive get 503 ShuttingDown and every answer, including
 * those of requests already in flight, says `Connection: close`: otherwise keep-alive sockets that
 * were busy when the close began stay open until their timeout and the process cannot exit.
 */
function installDrain(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (_request, reply, done) => {
    if (!closing) {
      done();
      return;
    }
    void reply.header('connection', 'close');
    done(new ApiError('ShuttingDown', undefined, { 'retry-after': '5' }));
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
}

const SERVICE_ROUTES = new Set(['/healthz', '/readyz', '/metrics', '/openapi.json']);

/** Storage gauges, refreshed at each scrape. */
function installStorageMetrics(metrics: ServerMetrics, storage: Storage): void {
  metrics.registry.register(new Gauge('servicemap_storage_open', 'Whether storage accepts reads and writes.',
    () => (storage.isOpen() ? 1 : 0)));
  const bytes = metrics.registry.register(new Gauge('servicemap_storage_bytes', 'Bytes of the store on disk (database and WAL).'));
  const rows = metrics.registry.register(new Gauge('servicemap_storage_rows', 'Rows stored, by table.'));
  metrics.registry.addCollector(async () => {
    if (!storage.isOpen()) return;
    const stats = await storage.stats();
    bytes.set(stats.bytesOnDisk);
    for (const [table, count] of Object.entries(stats.rows)) rows.set(count, { table });
  });
}

/** Everything the app needs from outside; only `storage` is required. */
export interface AppDeps {
  readonly storage: Storage;
  /** The server clock (receive times, future-window checks, token times). */
  readonly now?: () => Date;
  /** A pino logger, or false/undefined for none (tests). */
  readonly logger?: FastifyBaseLogger | false;
  readonly limits?: Partial<IngestBodyLimits>;
  /** How far ahead of the server clock a record may be dated. */
  readonly maxFutureSkewMs?: number;
  readonly metrics?: ServerMetrics;
  /** PEM certificate and key: the app then speaks HTTPS. */
  readonly https?: { readonly cert: Buffer; readonly key: Buffer };
  /** More routes (the Service Map API, the UI's), each registered in its own encapsulated scope. */
  readonly routes?: readonly RoutePlugin[];
  /** The Log Analytics query API's limits (rows, bytes, concurrency, wait). */
  readonly logAnalytics?: LogAnalyticsRoutesOptions;
}

/** What route plugins get besides the app: the shared services of this app instance. */
export interface RouteContext {
  readonly storage: Storage;
  readonly credentials: CredentialCache;
  readonly admin: AdminService;
  readonly metrics: ServerMetrics;
  readonly now: () => Date;
}

/**
 * A route plugin. Guard its routes with `bearerGuard(context.credentials, role)` and
 * `requireWorkspace`; throw `ApiError`s; give every route a schema (it feeds `/openapi.json`).
 */
export type RoutePlugin = (app: FastifyInstance, context: RouteContext) => Promise<void> | void;

/** The Fastify app with the TypeBox type provider, as route plugins see it. */
export type ServerApp = FastifyInstance & { readonly adminService: AdminService; readonly credentials: CredentialCache };

/**
 * Builds the app without listening, so tests drive it with `inject()` and `startServer` owns the
 * socket. Every error answers `{ "error": { "code", "message" } }` from the catalogue.
 */
export async function buildApp(deps: AppDeps): Promise<ServerApp> {
  const now = deps.now ?? ((): Date => new Date());
  const metrics = deps.metrics ?? createServerMetrics();
  const routes = new RouteIndex();
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    ...(deps.https === undefined ? {} : { https: { cert: deps.https.cert, key: deps.https.key } }),
    // Ingest reads its own body with its own limits; this bounds every other route's JSON.
    bodyLimit: 1024 * 1024,
    // 404 and 405 must come from the catalogue, including for `/x/` versus `/x`.
    routerOptions: { ignoreTrailingSlash: true },
    // Closing is handled below, so that the 503 carries the catalogue body.
    return503OnClosing: false,
    // Two info lines per request would be most of the log (and of the CPU) at thousands of agent
    // batches a minute; refusals and failures are logged by the error handler instead.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const credentials = new CredentialCache(deps.storage, () => now().getTime());
  const admin = new AdminService(deps.storage, now, () => {
    credentials.invalidate();
  });
  app.decorate('adminService', admin);
  app.decorate('credentials', credentials);

  app.addHook('onRoute', (route) => {
    routes.add(route);
  });
  installErrorHandling(app, routes);
  installDrain(app);
  installStorageMetrics(metrics, deps.storage);
  app.addHook('onResponse', (request, reply, done) => {
    // Query latency: every read route but the service ones (ingest has its own histogram).
    const route = request.routeOptions.url;
    if (request.method === 'GET' && route !== undefined && !SERVICE_ROUTES.has(route)) {
      metrics.queryLatency.observe(reply.elapsedTime / 1000, { route });
    }
    done();
  });

  await app.register(healthRoutes, { storage: deps.storage });
  await app.register(ingestRoute, {
    storage: deps.storage,
    credentials,
    metrics,
    limits: { ...DEFAULT_INGEST_BODY_LIMITS, ...deps.limits },
    maxFutureSkewMs: deps.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS,
    now,
  });
  await app.register(adminRoutes, { admin, credentials });
  await app.register(serviceRoutes, { credentials, registry: metrics.registry, routes, version: SERVER_VERSION });
  const context: RouteContext = { storage: deps.storage, credentials, admin, metrics, now };
  // The Log Analytics query API is always served, within the limits of `deps.logAnalytics`.
  const logAnalytics = logAnalyticsRoutes(deps.logAnalytics);
  await app.register(async (scope) => {
    await logAnalytics(scope, context);
  });
  // The Service Map API is always served; `deps.routes` adds more.
  for (const plugin of [serviceMapRoutes, uiRoutes, ...(deps.routes ?? [])]) {
    await app.register(async (scope) => {
      await plugin(scope, context);
    });
  }
  await app.ready();
  return app as unknown as ServerApp;
}
