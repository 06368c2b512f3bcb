import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { buildApp, type ServerApp } from './app.js';
import { ensureBootstrap } from './bootstrap.js';
import { logAnalyticsLimitsOf, type ServerConfig } from './config.js';
import { AdminService } from './services/admin-service.js';
import { DuckDBStorage } from './storage/duckdb/duckdb-storage.js';

/** The database file inside the data directory. */
export const DATABASE_FILE = 'servicemap.duckdb';
/** Written while a server runs, so the CLI can find it (and removed on a clean stop). */
export const SERVER_STATE_FILE = 'server.json';

/** What `server.json` holds. */
export interface ServerState {
  readonly pid: number;
  readonly url: string;
  readonly startedAt: string;
}

/** A listening server. */
export interface RunningServer {
  readonly url: string;
  readonly app: ServerApp;
  readonly storage: DuckDBStorage;
  readonly logger: Logger;
  /** Stops accepting, finishes in-flight requests, flushes and closes the store. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link startServer} that are about the process, not the server. */
export interface StartOptions {
  /** Stop cleanly on SIGTERM and SIGINT, then exit (true for the CLI; tests leave it off). */
  readonly handleSignals?: boolean;
  /** Log destination; stdout when undefined. */
  readonly logger?: Logger;
}

/**
 * Starts the server: opens (or creates) the store in the data directory, creates the default
 * workspace and admin token on first start, listens, and purges expired rows on a timer.
 */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: config.logLevel, base: { service: 'servicemap-server' } });
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const storage = await DuckDBStorage.open({
    path: join(config.dataDir, DATABASE_FILE),
    ...(config.duckdbThreads === undefined ? {} : { threads: config.duckdbThreads }),
    ...(config.duckdbMemoryLimit === undefined ? {} : { memoryLimit: config.duckdbMemoryLimit }),
  });
  const bootstrapPath = await ensureBootstrap(new AdminService(storage), config.dataDir);
  if (bootstrapPath !== undefined) {
    logger.info({ path: bootstrapPath }, 'first start: created the default workspace and an admin token; credentials are in this file');
  }
  const tls = config.tlsCertPath !== undefined && config.tlsKeyPath !== undefined
    ? { cert: readFileSync(config.tlsCertPath), key: readFileSync(config.tlsKeyPath) }
    : undefined;
  const app = await buildApp({
    storage, logger, maxFutureSkewMs: config.maxFutureSkewMs, ...(tls === undefined ? {} : { https: tls }),
    logAnalytics: { limits: logAnalyticsLimitsOf(config) },
  });
  let url: string;
  try {
    url = await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close();
    await storage.close();
    throw error;
  }
  const statePath = join(config.dataDir, SERVER_STATE_FILE);
  const state: ServerState = { pid: process.pid, url, startedAt: new Date().toISOString() };
  writeFileSync(statePath, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  logger.info({ url, dataDir: config.dataDir, tls: tls !== undefined }, 'listening');

  const purge = (): void => {
    storage.purgeExpired(new Date()).then(
      (removed) => { logger.info({ removed }, 'retention purge done'); },
      (error: unknown) => { logger.error({ err: error }, 'retention purge failed'); },
    );
  };
  const purgeTimer = setInterval(purge, config.purgeIntervalMs);
  purgeTimer.unref();
  setImmediate(purge);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(purgeTimer);
      logger.info('stopping: no new connections, finishing in-flight requests');
      // Fastify's close stops accepting, waits for in-flight requests (their ingests are already
      // in the write queue and are answered after their commit), then the store drains and checkpoints.
      await app.close();
      await storage.close();
      rmSync(statePath, { force: true });
      logger.info('stopped');
    })();
    return closing;
  };

  if (options.handleSignals === true) {
    const onSignal = (signal: string): void => {
      logger.info({ signal }, 'signal received');
      close().then(() => process.exit(0), (error: unknown) => {
        logger.error({ err: error }, 'unclean stop');
        process.exit(1);
      });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return { url, app, storage, logger, close };
}
