// A synthetic fleet for benchmarks: machines in three tiers, a few process pools each, TCP
// dependencies between them and to agentless clients and back-ends. Pure and deterministic: the
// same shape gives the same fleet, so the bulk loader (bulk-load.ts) and report-based benches
// (fleetReport) describe one fleet.
import { PROTOCOL_VERSION, type AgentReport, type ConnectionRecord } from '@servicemap/protocol';

/** How big the fleet is. */
export interface FleetShape {
  readonly machines: number;
  /** Monitored servers each client pool talks to. */
  readonly peers: number;
}

export type Tier = 'web' | 'app' | 'data';

export interface FleetPool {
  /** `p-` + 40 hex, stable per (machine, pool). */
  readonly process: string;
  readonly processName: string;
  readonly executablePath: string;
  /** Port the pool accepts on, if it is a server. */
  readonly listenPort?: number;
}

export interface FleetMachine {
  readonly index: number;
  readonly agentId: string;
  /** `m-{agentId}`. */
  readonly machine: string;
  readonly hostName: string;
  readonly ip: string;
  readonly tier: Tier;
  readonly pools: readonly FleetPool[];
}

/**
 * One half of a dependency as one machine reports it each minute: a VMConnection row template.
 * `activity` is the share of minutes it appears in (percent); `failPercent` of those carry a
 * refused attempt.
 */
export interface FleetHalf {
  readonly id: number;
  readonly machine: number;
  readonly pool: number;
  readonly direction: 'outbound' | 'inbound';
  readonly sourceIp: string;
  readonly destinationIp: string;
  readonly destinationPort: number;
  readonly activity: number;
  readonly failPercent: number;
}

export interface Fleet {
  readonly shape: FleetShape;
  readonly machines: readonly FleetMachine[];
  readonly halves: readonly FleetHalf[];
}

const TIER_POOLS: Record<Tier, readonly Omit<FleetPool, 'process'>[]> = {
  web: [
    { processName: 'nginx', executablePath: '/usr/sbin/nginx', listenPort: 443 },
    { processName: 'node_exporter', executablePath: '/usr/bin/node_exporter', listenPort: 9100 },
    { processName: 'filebeat', executablePath: '/usr/bin/filebeat' },
  ],
  app: [
    { processName: 'java', executablePath: '/usr/bin/java', listenPort: 8080 },
    { processName: 'node_exporter', executablePath: '/usr/bin/node_exporter', listenPort: 9100 },
    { processName: 'filebeat', executablePath: '/usr/bin/filebeat' },
  ],
  data: [
    { processName: 'postgres', executablePath: '/usr/lib/postgresql/15/bin/postgres', listenPort: 5432 },
    { processName: 'node_exporter', executablePath: '/usr/bin/node_exporter', listenPort: 9100 },
    { processName: 'filebeat', executablePath: '/usr/bin/filebeat' },
  ],
};

/** Agentless: load balancers in front of the web tier, a Prometheus scraper, Redis and a log sink. */
const LOAD_BALANCERS = Array.from({ length: 16 }, (_, i) => `10.250.0.${i + 1}`);
const SCRAPER = '10.250.1.1';
const REDIS = Array.from({ length: 8 }, (_, i) => `10.200.0.${i + 1}`);
const LOG_SINK = '10.200.1.1';

/** Tier by index: a quarter web, half app, a quarter data, interleaved so any index range mixes them. */
export const tierOf = (index: number): Tier => (['web', 'app', 'app', 'data'] as const)[index % 4] ?? 'app';

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

function makeMachine(index: number): FleetMachine {
  const agentId = `00000000-0000-4000-8000-${hex(index, 12)}`;
  const tier = tierOf(index);
  const pools = TIER_POOLS[tier].map((pool, p) => ({ ...pool, process: `p-${hex(index, 32)}${hex(p, 8)}` }));
  return {
    index, agentId, machine: `m-${agentId}`, hostName: `${tier}${index}`,
    ip: `10.${1 + ((index + 1) >> 16)}.${((index + 1) >> 8) & 255}.${(index + 1) & 255}`,
    tier, pools,
  };
}

/** The `count` nearest machines of a tier after `index` (wrapping): dependencies stay mostly local. */
function nearest(machines: readonly FleetMachine[], index: number, tier: Tier, count: number): FleetMachine[] {
  const found: FleetMachine[] = [];
  for (let step = 1; step < machines.length && found.length < count; step++) {
    const m = machines[(index + step * 3) % machines.length];
    if (m !== undefined && m.tier === tier && m.index !== index) found.push(m);
  }
  return found;
}

/** Builds the fleet: every dependency as the halves the two ends report. */
export function buildFleet(shape: FleetShape): Fleet {
  const machines = Array.from({ length: shape.machines }, (_, i) => makeMachine(i));
  const halves: FleetHalf[] = [];
  const add = (half: Omit<FleetHalf, 'id'>): void => {
    halves.push({ id: halves.length, ...half });
  };
  // A monitored client → monitored server dependency: both agents report it.
  const both = (client: FleetMachine, clientPool: number, server: FleetMachine, activity: number): void => {
    const port = server.pools[0]?.listenPort ?? 0;
    const common = { sourceIp: client.ip, destinationIp: server.ip, destinationPort: port, activity, failPercent: 1 };
    add({ machine: client.index, pool: clientPool, direction: 'outbound', ...common });
    add({ machine: server.index, pool: 0, direction: 'inbound', ...common });
  };
  for (const m of machines) {
    if (m.tier === 'web') for (const app of nearest(machines, m.index, 'app', shape.peers)) both(m, 0, app, 90);
    if (m.tier === 'app') {
      for (const db of nearest(machines, m.index, 'data', shape.peers)) both(m, 0, db, 80);
      add({ machine: m.index, pool: 0, direction: 'outbound', sourceIp: m.ip, destinationIp: REDIS[m.index % REDIS.length] ?? '', destinationPort: 6379, activity: 70, failPercent: 2 });
    }
    if (m.tier === 'web') {
      for (let k = 0; k < 4; k++) {
        const lb = LOAD_BALANCERS[(m.index + k) % LOAD_BALANCERS.length] ?? '';
        add({ machine: m.index, pool: 0, direction: 'inbound', sourceIp: lb, destinationIp: m.ip, destinationPort: 443, activity: 95, failPercent: 0 });
      }
    }
    add({ machine: m.index, pool: 1, direction: 'inbound', sourceIp: SCRAPER, destinationIp: m.ip, destinationPort: 9100, activity: 25, failPercent: 0 });
    add({ machine: m.index, pool: 2, direction: 'outbound', sourceIp: m.ip, destinationIp: LOG_SINK, destinationPort: 5044, activity: 50, failPercent: 0 });
  }
  return { shape, machines, halves };
}

/** A cheap deterministic hash of two integers to [0, 2^32). */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

/**
 * The report one machine's agent would send for one minute (connections only; inventory is hourly
 * and left to the caller). Counter values follow the same distributions as the bulk loader's, not
 * the same numbers.
 */
export function fleetReport(fleet: Fleet, machineIndex: number, minute: number, batchId: string): AgentReport {
  const m = fleet.machines[machineIndex];
  if (m === undefined) throw new Error(`no machine ${machineIndex} in the fleet`);
  const timeGenerated = new Date(minute * 60_000).toISOString();
  const connections: ConnectionRecord[] = [];
  for (const half of fleet.halves) {
    if (half.machine !== machineIndex) continue;
    const h = mix(half.id, minute);
    if (h % 100 >= half.activity) continue;
    const failed = (h >>> 8) % 100 < half.failPercent ? 1 : 0;
    const pool = m.pools[half.pool];
    connections.push({
      timeGenerated, direction: half.direction, process: pool?.process ?? '', processName: pool?.processName ?? '',
      sourceIp: half.sourceIp, destinationIp: half.destinationIp, destinationPort: half.destinationPort, protocol: 'tcp',
      linksEstablished: (h >>> 12) % 4, linksTerminated: (h >>> 14) % 4, linksFailed: failed, linksLive: 1 + ((h >>> 16) % 3),
      ...(failed ? { failedRefused: 1 } : {}),
      bytesSent: (h >>> 4) % 100_000, bytesReceived: (h >>> 6) % 400_000, selfLink: false,
    });
  }
  return {
    protocolVersion: PROTOCOL_VERSION, batchId, agentId: m.agentId, machine: m.machine, sentAt: timeGenerated,
    processes: [], connections, boundPorts: [],
    health: { mode: 'events', limitations: [], eventsLost: 0, batchesDropped: 0, queueDepth: 0 },
  };
}
