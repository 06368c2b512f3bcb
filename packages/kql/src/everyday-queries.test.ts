import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureDatabase } from './testing/fixture-database.js';
import { runKql, unordered } from './testing/run-kql.js';
import { vmFixture } from './testing/vm-fixture.js';

let db: FixtureDatabase;
beforeAll(async () => {
  db = await vmFixture();
});
afterAll(() => {
  db.close();
});

// Queries in the style of the VM insights documentation, as operators write them, multi-line.
describe('everyday VM insights queries', () => {
  it('counts remote endpoints per hour and renders a time chart', async () => {
    const { header, rows } = await runKql(db, `
      VMConnection
      | where Computer == "m-app.corp"
      | where TimeGenerated > ago(1d)
      | summarize dcount(RemoteIp) by bin(TimeGenerated, 1h)
      | render timechart`);
    expect(header).toEqual(['TimeGenerated:datetime', 'dcount_RemoteIp:long']);
    expect(unordered(rows)).toEqual([['2024-05-01T10:00:00Z', 2], ['2024-05-01T11:00:00Z', 1]]);
  });

  it('summarizes bound ports twice, as the open-ports example does', async () => {
    const { rows } = await runKql(db, `
      VMConnection
      | where Direction == "outbound"
      | summarize by Machine, DestinationPort, Protocol
      | summarize OpenPorts = count() by Machine
      | order by OpenPorts desc`);
    expect(rows).toEqual([['m-app', 2], ['m-web', 1]]);
  });

  it('sums links and bytes per direction and minute', async () => {
    const { header, rows } = await runKql(db, `
      VMConnection
      | where TimeGenerated >= datetime(2024-05-01 10:00) and TimeGenerated < datetime(2024-05-01 10:02)
      | summarize LinksEstablished = sum(LinksEstablished), BytesSent = sum(BytesSent) by bin(TimeGenerated, 1m), Direction
      | order by TimeGenerated asc, Direction asc`);
    expect(header).toEqual(['TimeGenerated:datetime', 'Direction:string', 'LinksEstablished:long', 'BytesSent:long']);
    expect(rows).toEqual([['2024-05-01T10:00:00Z', 'inbound', 1, 1000], ['2024-05-01T10:00:00Z', 'outbound', 1, 100], ['2024-05-01T10:01:00Z', 'inbound', 1, 3000]]);
  });

  it('finds the machines that talk to a remote address, with their OS (let + distinct + join)', async () => {
    const { rows } = await runKql(db, `
      let remoteMachineIP = '10.0.0.2';
      VMConnection
      | where RemoteIp == remoteMachineIP
      | distinct Machine
      | join kind=inner (VMComputer | summarize arg_max(TimeGenerated, *) by Machine | project Machine, OperatingSystemFullName) on Machine
      | project Machine, OperatingSystemFullName`);
    expect(unordered(rows)).toEqual([['m-app', 'Debian 12'], ['m-web', 'Ubuntu 22.04']]);
  });

  it('expands IP addresses of the latest inventory', async () => {
    const { rows } = await runKql(db, `
      VMComputer
      | summarize arg_max(TimeGenerated, *) by _ResourceId
      | extend ips = Ipv4Addresses
      | mv-expand ip = ips to typeof(string)
      | project Computer, ip
      | sort by ip asc`);
    expect(rows).toEqual([['web.corp', '10.0.0.1'], ['app.corp', '10.0.0.4'], ['web.corp', '192.168.1.1']]);
  });

  it('computes ratios with iff and percentages of totals', async () => {
    const { header, rows } = await runKql(db, `
      VMConnection
      | summarize Failed = countif(LinksFailed > 0), Total = count() by Machine
      | extend FailedPct = round(100.0 * Failed / Total, 1), Health = iff(Failed > 0, "degraded", "ok")
      | order by Machine asc`);
    expect(header).toEqual(['Machine:string', 'Failed:long', 'Total:long', 'FailedPct:real', 'Health:string']);
    expect(rows).toEqual([['m-app', 0, 3, 0, 'ok'], ['m-web', 1, 3, 33.3, 'degraded']]);
  });

  it('formats times and groups by hour of day', async () => {
    const { rows } = await runKql(db, `
      VMConnection
      | extend Hour = datetime_part("hour", TimeGenerated), Day = format_datetime(TimeGenerated, "yyyy-MM-dd")
      | summarize count() by Day, Hour
      | order by Hour asc`);
    expect(rows).toEqual([['2024-05-01', 10, 5], ['2024-05-01', 11, 1]]);
  });
});
