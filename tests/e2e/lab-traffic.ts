/**
 * Traffic through the e2e lab: the agentless clients send bursts of short-lived requests to the
 * web server (client3 over IPv6), each of which runs the chain web → app → Redis and app → both
 * legacy ports; then one request runs the app's `/sync`, whose cache call is refused and whose
 * payments call times out.
 */
import { PORTS, type ServiceLab } from './service-lab.js';

/** What one client saw: status codes counted, and the first bodies. */
export interface ClientOutcome {
  readonly statuses: Record<string, number>;
  readonly sample: readonly string[];
}

/** What a round of traffic did, as the clients saw it. */
export interface TrafficOutcome {
  readonly client1: ClientOutcome;
  readonly client2: ClientOutcome;
  readonly client3: ClientOutcome;
  /** The app's answer to `/sync`: each dependency's outcome (`ok` or an error code). */
  readonly sync: { readonly cache: string; readonly payments: string };
}

/** Requests per client in one round. */
export const REQUESTS = { client1: 40, client2: 20, client3: 10 } as const;

async function runClient(service: ServiceLab, host: string, url: string, count: number, concurrency: number): Promise<ClientOutcome> {
  const { stdout } = await service.lab.exec(host, process.execPath, [service.programFile('web-client.mjs'), url, String(count), String(concurrency)], 60_000);
  return JSON.parse(stdout) as ClientOutcome;
}

/** Runs one round of traffic and returns what the clients saw. */
export async function runTraffic(service: ServiceLab): Promise<TrafficOutcome> {
  const { lab } = service;
  const web4 = `http://${lab.ip('web')}:${PORTS.web}`;
  const web6 = `http://[${lab.ip6('web')}]:${PORTS.web}`;
  const [client1, client2, client3] = await Promise.all([
    runClient(service, 'client1', `${web4}/checkout`, REQUESTS.client1, 8),
    runClient(service, 'client2', `${web4}/checkout`, REQUESTS.client2, 4),
    runClient(service, 'client3', `${web6}/checkout`, REQUESTS.client3, 2),
  ]);
  const synced = await runClient(service, 'client1', `${web4}/sync`, 1, 1);
  const sync = JSON.parse(synced.sample[0] ?? '{}') as TrafficOutcome['sync'];
  return { client1, client2, client3, sync };
}
