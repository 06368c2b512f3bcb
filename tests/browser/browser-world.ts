import {
  AGENT_KEY_HEADER, INGEST_PATH, WORKSPACE_HEADER,
  type AgentReport, type BoundPortRecord, type ConnectionRecord, type MachineInventory, type ProcessInventory,
} from '@servicemap/protocol';
import { makeReport, processId } from '../../apps/server/src/testing/make-report.js';

/**
 * The fixture world of the browser tests (test support): app1 is called by web1 and by two
 * agentless clients, and calls db1's postgres, two agentless HTTPS back-ends (one only fails)
 * and an agentless LDAP server. app1 runs two java pools (a process group).
 */
export const BROWSER_WORLD = {
  web1: { agentId: '0b0b0b0b-0000-4000-8000-000000000001', ip: '10.20.0.1', nginx: processId(0x101) },
  app1: { agentId: '0b0b0b0b-0000-4000-8000-000000000002', ip: '10.20.0.2', javaA: processId(0x201), javaB: processId(0x202) },
  db1: { agentId: '0b0b0b0b-0000-4000-8000-000000000003', ip: '10.20.0.3', postgres: processId(0x301) },
  agentlessClients: ['192.0.2.10', '192.0.2.11'],
  httpsBackends: { ok: '10.20.9.10', failing: '10.20.9.9' },
  ldap: '10.20.9.20',
} as const;

export const machineName = (agentId: string): string => `m-${agentId}`;

function connection(time: string, fields: Pick<ConnectionRecord, 'direction' | 'process' | 'processName' | 'sourceIp' | 'destinationIp' | 'destinationPort'> & Partial<ConnectionRecord>): ConnectionRecord {
  return {
    timeGenerated: time, protocol: 'tcp', linksEstablished: 4, linksTerminated: 3, linksFailed: 0, linksLive: 1,
    bytesSent: 12_000, bytesReceived: 480_000, selfLink: false, ...fields,
  };
}

function processRow(time: string, process: string, name: string, group: string, roles: ProcessInventory['roles']): ProcessInventory {
  return {
    timeGenerated: time, process, executableName: name, executablePath: `/usr/bin/${name}`, commandLine: `${name} --serve`,
    workingDirectory: `/srv/${name}`, userName: 'svc', groupName: 'svc', startTime: time, firstPid: 1000, processCount: 1,
    displayName: name, description: `${name} service`, companyName: 'Example Corp', productName: name, productVersion: '2.1',
    roles, group, containerId: '', netns: 4026531840,
  };
}

function listen(time: string, process: string, processName: string, port: number): BoundPortRecord {
  return {
    timeGenerated: time, process, processName, ip: '0.0.0.0', port, protocol: 'tcp', isWildcardBind: true,
    linksEstablished: 1, linksTerminated: 0, linksLive: 1, bytesSent: 10, bytesReceived: 20,
  };
}

function report(agentId: string, host: string, ip: string, time: string, parts: Pick<AgentReport, 'processes' | 'connections' | 'boundPorts'>): AgentReport {
  const base = makeReport({ agentId, time, connections: 0, boundPorts: 0, processes: 0, hostName: host });
  const computer = base.computer as MachineInventory;
  return {
    ...base, ...parts,
    computer: { ...computer, dnsNames: [`${host}.example.internal`], ipv4Interfaces: [{ ipAddress: ip, subnetMask: '255.255.0.0' }], ipv6Addresses: [`fd00:20::${ip.split('.').pop() ?? '1'}`] },
  };
}

/** The world's reports, dated one minute window a few minutes before `now`. */
export function browserWorldReports(now: Date): AgentReport[] {
  const time = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 5 * 60_000).toISOString();
  const { web1, app1, db1 } = BROWSER_WORLD;
  return [
    report(web1.agentId, 'web1', web1.ip, time, {
      processes: [processRow(time, web1.nginx, 'nginx', 'nginx', ['webServer'])],
      boundPorts: [listen(time, web1.nginx, 'nginx', 443)],
      connections: [connection(time, { direction: 'outbound', process: web1.nginx, processName: 'nginx', sourceIp: web1.ip, destinationIp: app1.ip, destinationPort: 8080 })],
    }),
    report(app1.agentId, 'app1', app1.ip, time, {
      processes: [processRow(time, app1.javaA, 'java', 'java', ['appServer']), processRow(time, app1.javaB, 'java', 'java', ['appServer'])],
      boundPorts: [listen(time, app1.javaA, 'java', 8080), listen(time, app1.javaB, 'java', 8081)],
      connections: [
        connection(time, { direction: 'inbound', process: app1.javaA, processName: 'java', sourceIp: web1.ip, destinationIp: app1.ip, destinationPort: 8080 }),
        ...BROWSER_WORLD.agentlessClients.map((ip) =>
          connection(time, { direction: 'inbound', process: app1.javaB, processName: 'java', sourceIp: ip, destinationIp: app1.ip, destinationPort: 8081 })),
        connection(time, { direction: 'outbound', process: app1.javaA, processName: 'java', sourceIp: app1.ip, destinationIp: db1.ip, destinationPort: 5432 }),
        connection(time, { direction: 'outbound', process: app1.javaA, processName: 'java', sourceIp: app1.ip, destinationIp: BROWSER_WORLD.httpsBackends.ok, destinationPort: 443 }),
        connection(time, {
          direction: 'outbound', process: app1.javaB, processName: 'java', sourceIp: app1.ip, destinationIp: BROWSER_WORLD.httpsBackends.failing, destinationPort: 443,
          linksEstablished: 0, linksTerminated: 0, linksFailed: 5, linksLive: 0, bytesSent: 0, bytesReceived: 0, failedTimedOut: 5,
        }),
        connection(time, { direction: 'outbound', process: app1.javaB, processName: 'java', sourceIp: app1.ip, destinationIp: BROWSER_WORLD.ldap, destinationPort: 389 }),
      ],
    }),
    report(db1.agentId, 'db1', db1.ip, time, {
      processes: [processRow(time, db1.postgres, 'postgres', 'postgres', ['databaseServer'])],
      boundPorts: [listen(time, db1.postgres, 'postgres', 5432)],
      connections: [connection(time, { direction: 'inbound', process: db1.postgres, processName: 'postgres', sourceIp: app1.ip, destinationIp: db1.ip, destinationPort: 5432 })],
    }),
  ];
}

/** Sends the world through the real ingest route, as agents do. */
export async function ingestBrowserWorld(url: string, workspaceId: string, agentKey: string, now: Date): Promise<void> {
  for (const r of browserWorldReports(now)) {
    const res = await fetch(`${url}${INGEST_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [WORKSPACE_HEADER]: workspaceId, [AGENT_KEY_HEADER]: agentKey },
      body: JSON.stringify(r),
    });
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  }
}
