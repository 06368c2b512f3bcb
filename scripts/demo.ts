/**
 * The demo (`npm run demo`, launched by scripts/demo.mjs): the end-to-end lab of
 * tests/e2e/service-lab.ts with a round of traffic every 20 s, a server to browse, its URL and
 * token printed. Stops on SIGINT or SIGTERM and removes the lab.
 */
import { join } from 'node:path';
import { runTraffic } from '../tests/e2e/lab-traffic.js';
import { MONITORED, ServiceLab } from '../tests/e2e/service-lab.js';

const ROUND_MS = 20_000;

function say(line: string): void {
  process.stdout.write(`demo: ${line}\n`);
}

/** Runs the demo from the repository at `root` until a signal stops it. */
export async function runDemo(root: string): Promise<void> {
  const port = Number(process.env.SERVICEMAP_DEMO_PORT ?? '8080');
  say('starting the lab: 8 hosts in network namespaces, nginx, Redis, our app, 3 agents, the server');
  const service = await ServiceLab.start({ cli: join(root, 'apps/cli/dist/servicemap.mjs'), programs: join(root, 'tests/e2e/programs'), serverPort: port });
  let stopping = false;
  let round: Promise<unknown> = Promise.resolve();
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping and removing the lab`);
    void round
      .catch(() => undefined)
      .then(() => service.stop())
      .then(() => {
        say('stopped; nothing is left behind');
        process.exit(0);
      });
  };
  process.once('SIGINT', () => { stop('SIGINT'); });
  process.once('SIGTERM', () => { stop('SIGTERM'); });

  const { url, workspaceId, adminToken } = service.server;
  const scope = `/subscriptions/demo/resourceGroups/demo/providers/Microsoft.OperationalInsights/workspaces/${workspaceId}/features/serviceMap`;
  const api = `${url}${scope}`;
  const app = service.machineName('app');
  process.stdout.write(`
Servicemap demo is running (this machine only: ${url} is on the lab's own 10.213.x.x link).
  server     ${url}   (logs: ${service.work})
  workspace  ${workspaceId}
  token      ${adminToken}   (admin)
  machines   ${MONITORED.map((host) => `${host} ${service.machineName(host)}`).join(', ')}

Agents report once a minute; from the second minute on:
  curl -s -H "Authorization: Bearer ${adminToken}" "${api}/machines?api-version=2015-11-01-preview"
  curl -s -H "Authorization: Bearer ${adminToken}" -H "Content-Type: application/json" \\
    -d '{"kind":"map:single-machine-dependency","machineId":"${scope}/machines/${app}"}' "${api}/generateMap?api-version=2015-11-01-preview"

Ctrl-C stops everything.
`);
  const loop = async (): Promise<void> => {
    while (!stopping) {
      round = runTraffic(service).then(
        (outcome) => {
          const ok = (outcome.client1.statuses['200'] ?? 0) + (outcome.client2.statuses['200'] ?? 0) + (outcome.client3.statuses['200'] ?? 0);
          say(`traffic round: ${ok} orders through web → app → db + legacy; sync: cache ${outcome.sync.cache}, payments ${outcome.sync.payments}`);
        },
        (error: unknown) => {
          if (!stopping) say(`traffic round failed: ${String(error)}`);
        },
      );
      await round;
      await new Promise((r) => setTimeout(r, ROUND_MS));
    }
  };
  await loop();
}
