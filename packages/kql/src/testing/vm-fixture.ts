import { FixtureDatabase } from './fixture-database.js';
import { WORKSPACE } from './service-map-fixture.js';

const connection = (time: string, machine: string, process: string, direction: string, dest: string, port: number, sent: number, received: number, failed = 0): Record<string, unknown> => ({
  TimeGenerated: time, Computer: `${machine}.corp`, Machine: machine, Process: process, ProcessName: process.replace('p-', ''),
  Direction: direction, SourceIp: '10.0.0.1', DestinationIp: dest, DestinationPort: port, Protocol: 'tcp', RemoteIp: dest,
  LinksEstablished: 1, LinksTerminated: 0, LinksFailed: failed, LinksLive: 1, BytesSent: sent, BytesReceived: received,
  SourceSystem: 'Insights', Type: 'VMConnection', _ResourceId: `/machines/${machine}`,
});

/** VM insights tables: six connection rows over two machines, two computers with dynamic columns, three processes. */
export async function vmFixture(): Promise<FixtureDatabase> {
  const db = await FixtureDatabase.create();
  await db.insert('VMConnection', WORKSPACE, [
    connection('2024-05-01T10:00:00Z', 'm-web', 'p-nginx', 'inbound', '10.0.0.1', 443, 1000, 200),
    connection('2024-05-01T10:01:00Z', 'm-web', 'p-nginx', 'inbound', '10.0.0.1', 443, 3000, 400),
    connection('2024-05-01T10:00:00Z', 'm-web', 'p-curl', 'outbound', '10.0.0.2', 5432, 100, 50, 2),
    connection('2024-05-01T10:07:30Z', 'm-app', 'p-java', 'outbound', '10.0.0.2', 5432, 500, 5000),
    connection('2024-05-01T10:08:00Z', 'm-app', 'p-java', 'outbound', '10.0.0.3', 6379, 10, 20),
    connection('2024-05-01T11:59:00Z', 'm-app', 'p-java', 'outbound', '10.0.0.3', 6379, 30, 40),
  ]);
  await db.insert('VMComputer', WORKSPACE, [
    { TimeGenerated: '2024-05-01T10:00:00Z', _ResourceId: '/machines/m-web', Computer: 'web.corp', Machine: 'm-web', HostName: 'web', Ipv4Addresses: ['10.0.0.1', '192.168.1.1'], DnsNames: ['web.corp'], PhysicalMemoryMB: 8192, Cpus: 4, OperatingSystemFullName: 'Ubuntu 22.04', BootTime: '2024-04-30T08:15:30.25Z' },
    { TimeGenerated: '2024-05-01T10:00:00Z', _ResourceId: '/machines/m-app', Computer: 'app.corp', Machine: 'm-app', HostName: 'app', Ipv4Addresses: ['10.0.0.4'], DnsNames: [], PhysicalMemoryMB: 4096, Cpus: 2, OperatingSystemFullName: 'Debian 12' },
  ]);
  await db.insert('VMProcess', WORKSPACE, [
    { TimeGenerated: '2024-05-01T10:00:00Z', Machine: 'm-web', Process: 'p-nginx', ExecutableName: 'nginx', CommandLine: 'nginx -g daemon off;', Services: { name: 'nginx', ports: [80, 443] }, FirstPid: 100 },
    { TimeGenerated: '2024-05-01T10:00:00Z', Machine: 'm-web', Process: 'p-curl', ExecutableName: 'curl', CommandLine: 'curl -s http://db:5432/health', FirstPid: 200 },
    { TimeGenerated: '2024-05-01T10:00:00Z', Machine: 'm-app', Process: 'p-java', ExecutableName: 'java', CommandLine: 'java -Xmx2g -jar app.jar', Services: { name: 'app', ports: [8080] }, FirstPid: 300 },
  ]);
  return db;
}
