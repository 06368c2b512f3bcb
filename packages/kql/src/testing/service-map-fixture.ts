import { FixtureDatabase } from './fixture-database.js';

export const WORKSPACE = '11111111-2222-3333-4444-555555555555';
export const OTHER_WORKSPACE = '99999999-2222-3333-4444-555555555555';
export const NOW = new Date('2024-05-01T12:00:00Z');

export const WEB = 'm-4b9c93f9-bc37-46df-b43c-899ba829e07b';
export const DB = 'm-559dbcd8-3130-454d-8d1d-f624e57961bc';
export const APP = 'm-aaaa0000-bc37-46df-b43c-899ba829e07b';

const computer = (machine: string, time: string, name: string, ip: string, os: string, memory: number): Record<string, unknown> => ({
  TimeGenerated: time, SourceSystem: 'OpsManager', ResourceId: `/machines/${machine}`, ResourceName_s: machine, ComputerName_s: name,
  Ipv4Addresses_s: JSON.stringify([ip]), DnsNames_s: JSON.stringify([`${name}.corp`]), OperatingSystemFamily_s: 'linux',
  OperatingSystemFullName_s: os, PhysicalMemory_d: memory, Cpus_d: 2, Type: 'ServiceMapComputer_CL',
});

const proc = (machine: string, id: string, time: string, exe: string, commandLine: string, version: string): Record<string, unknown> => ({
  TimeGenerated: time, SourceSystem: 'OpsManager', ResourceId: `/machines/${machine}/processes/${id}`, ResourceName_s: id,
  MachineResourceName_s: machine, ExecutableName_s: exe, CommandLine_s: commandLine, ProductVersion_s: version, Type: 'ServiceMapProcess_CL',
});

/** Three machines over two hourly inventories, one with an older record that must lose to the newer. */
export async function serviceMapFixture(): Promise<FixtureDatabase> {
  const db = await FixtureDatabase.create();
  await db.insert('ServiceMapComputer_CL', WORKSPACE, [
    computer(WEB, '2024-05-01T10:00:00Z', 'web-01', '10.229.243.232', 'CentOS Linux 7.9', 4096),
    computer(WEB, '2024-05-01T11:00:00Z', 'web-01', '10.229.243.232', 'CentOS Linux 7.9', 8192),
    computer(DB, '2024-05-01T11:00:00Z', 'db-01', '10.0.0.5', 'Ubuntu 22.04 LTS', 16384),
    computer(APP, '2024-05-01T11:30:00Z', 'app-01', '10.0.0.9', 'CentOS Stream 9', 2048),
  ]);
  await db.insert('ServiceMapComputer_CL', OTHER_WORKSPACE, [computer(DB, '2024-05-01T11:00:00Z', 'intruder', '10.229.243.232', 'CentOS Linux 7.9', 1)]);
  await db.insert('ServiceMapProcess_CL', WORKSPACE, [
    proc(DB, 'p-01', '2024-05-01T10:00:00Z', 'sqlservr', '/opt/mssql/bin/sqlservr -x', '16.0'),
    proc(DB, 'p-01', '2024-05-01T11:00:00Z', 'sqlservr', '/opt/mssql/bin/sqlservr', '16.0'),
    proc(DB, 'p-02', '2024-05-01T11:00:00Z', 'curl', 'curl https://example.org', '7.81.0'),
    proc(APP, 'p-03', '2024-05-01T11:00:00Z', 'curl', 'curl -s http://db', '7.76.1'),
    proc(APP, 'p-04', '2024-05-01T11:00:00Z', 'curl', 'curl -s http://web', '7.76.1'),
    proc(WEB, 'p-05', '2024-05-01T11:00:00Z', 'nginx', 'nginx: master process /usr/sbin/nginx', '1.20.1'),
    proc(APP, 'p-06', '2024-05-01T11:00:00Z', 'java', 'java -jar app.jar --db=MySQL', '17'),
  ]);
  await db.insert('ServiceMapProcess_CL', OTHER_WORKSPACE, [proc('m-99999999-0000-4000-8000-000000000000', 'p-99', '2024-05-01T11:00:00Z', 'curl', 'sqlplus', '9.9')]);
  return db;
}
