// Writes a synthetic fleet's history into a server data directory (see fleet-model.ts, bulk-load.ts).
//   node bench/run.mjs bench/fleet/main.ts --data-dir /tmp/sm-fleet [--machines 1000] [--days 30] [--peers 3]
// The directory then holds servicemap.duckdb and bootstrap.json, ready for `servicemap-server
// --data-dir` or bench/server-map. Its last hour ends at the current hour, so retention keeps it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFleet, type FleetManifest } from './fleet-store.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '/tmp/sm-fleet' },
    machines: { type: 'string', default: '1000' },
    days: { type: 'string', default: '30' },
    peers: { type: 'string', default: '3' },
  },
});
const dataDir = values['data-dir'];
const manifestPath = join(dataDir, 'fleet.json');
if (existsSync(manifestPath)) {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as FleetManifest;
  console.log(`${dataDir} already holds a fleet: ${JSON.stringify(manifest)}`);
} else {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const manifest = await writeFleet({
    dataDir, machines: Number(values.machines), days: Number(values.days), peers: Number(values.peers),
    log: (line) => { console.log(line); },
  });
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(JSON.stringify(manifest, null, 2));
}
