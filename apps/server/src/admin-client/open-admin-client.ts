import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '../server.js';
import { DuckDBLockedError } from '../storage/duckdb/duckdb-storage.js';
import { AdminClientError, type AdminClient } from './admin-client.js';
import { LocalAdminClient } from './local-admin-client.js';
import { RemoteAdminClient } from './remote-admin-client.js';
import { readRunningServer } from './running-server.js';

/** How to reach the data: a data directory, and optionally a token for a running server. */
export interface AdminTarget {
  readonly dataDir: string;
  /** Bearer token for the running server; defaults to the bootstrap admin token. */
  readonly token?: string;
}

/**
 * Opens the database file when no server holds it. DuckDB allows one writing process, so while a
 * server runs, the CLI talks to that server's admin API instead (its URL is in `server.json`),
 * with `--token` or the bootstrap admin token. Through the server, a token reaches only its own
 * workspace.
 */
export async function openAdminClient(target: AdminTarget): Promise<AdminClient> {
  const dbPath = join(target.dataDir, DATABASE_FILE);
  if (!existsSync(dbPath)) {
    throw new AdminClientError(`no database in ${target.dataDir} (start the server once, or pass --data-dir)`);
  }
  try {
    return await LocalAdminClient.open(dbPath);
  } catch (error) {
    if (!(error instanceof DuckDBLockedError)) throw error;
    const running = readRunningServer(target.dataDir);
    const token = target.token ?? running.adminToken;
    if (running.url === undefined || token === undefined) {
      throw new AdminClientError(
        `the database is locked by another process (${error.message.replace(/^.*Conflicting lock/s, 'conflicting lock')}); ` +
        'stop it, or pass --token to go through the running server');
    }
    return new RemoteAdminClient(running.url, token);
  }
}
