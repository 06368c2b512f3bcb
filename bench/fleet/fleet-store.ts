// Creates a server data directory holding a synthetic fleet's history: the server's own schema and
// bootstrap (workspace, admin token, bootstrap.json), then the bulk load.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBootstrap } from '../../apps/server/src/bootstrap.js';
import { DATABASE_FILE } from '../../apps/server/src/server.js';
import { AdminService } from '../../apps/server/src/services/admin-service.js';
import { DuckDBStorage } from '../../apps/server/src/storage/duckdb/duckdb-storage.js';
import { bulkLoad } from './bulk-load.js';
import { buildFleet } from './fleet-model.js';

const HOUR_MS = 3_600_000;

export interface FleetStoreOptions {
  readonly dataDir: string;
  readonly machines: number;
  readonly days: number;
  readonly peers: number;
  readonly log?: (line: string) => void;
}

/** What a generated data directory holds (written as fleet.json beside the database). */
export interface FleetManifest {
  readonly machines: number;
  readonly days: number;
  readonly peers: number;
  readonly workspaceId: string;
  /** First minute and end (exclusive) of the history, ISO. */
  readonly startTime: string;
  readonly endTime: string;
  readonly rows: Record<string, number>;
  readonly bytesOnDisk: number;
  readonly generationSeconds: number;
}

export async function writeFleet(options: FleetStoreOptions): Promise<FleetManifest> {
  const started = performance.now();
  const path = join(options.dataDir, DATABASE_FILE);
  const storage = await DuckDBStorage.open({ path });
  await ensureBootstrap(new AdminService(storage), options.dataDir);
  const workspace = (await storage.listWorkspaces())[0];
  await storage.close();
  if (workspace === undefined) throw new Error('bootstrap created no workspace');
  const fleet = buildFleet({ machines: options.machines, peers: options.peers });
  // Ends at the current hour; one hour short of the full span so the first purge keeps it all.
  const endMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const hours = options.days * 24 - 1;
  const startMs = endMs - hours * HOUR_MS;
  options.log?.(`fleet: ${fleet.machines.length} machines, ${fleet.halves.length} connection halves; ${hours} hours`);
  const rows = await bulkLoad({
    path, workspaceId: workspace.id, fleet, startMs, hours,
    onHour: (hour) => {
      if ((hour + 1) % 24 === 0) options.log?.(`  day ${(hour + 1) / 24} written, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    },
  });
  return {
    machines: options.machines, days: options.days, peers: options.peers, workspaceId: workspace.id,
    startTime: new Date(startMs).toISOString(), endTime: new Date(endMs).toISOString(), rows,
    bytesOnDisk: statSync(path).size, generationSeconds: Math.round((performance.now() - started) / 1000),
  };
}
