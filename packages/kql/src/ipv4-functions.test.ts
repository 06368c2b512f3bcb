import { describe, expect, it } from 'vitest';
import { runKql, unordered } from './testing/run-kql.js';
import { vmFixture } from './testing/vm-fixture.js';
import { itPrintsEach, useFixture, type PrintCase } from './testing/kql-cases.js';

const fixture = useFixture(vmFixture);

/** `query → [Kusto type, value]`: the examples of Kusto's documentation, then invalid input and IPv6. */
const CASES: PrintCase[] = [
  ['print v = parse_ipv4("127.0.0.1")', 'long', 2130706433],
  ['print v = parse_ipv4("192.168.1.2/24")', 'long', 3232235776],
  ['print v = parse_ipv4("255.255.255.255/31")', 'long', 4294967294],
  ['print v = parse_ipv4("256.1.1.1")', 'long', null],
  ['print v = parse_ipv4("1.2.3")', 'long', null],
  ['print v = parse_ipv4("1.2.3.4/33")', 'long', null],
  ['print v = parse_ipv4("fe80::85d:e82c:9446:7994")', 'long', null],
  ['print v = parse_ipv4("")', 'long', null],
  ['print v = parse_ipv4_mask("127.0.0.1", 24)', 'long', 2130706432],
  ['print v = parse_ipv4_mask("192.1.168.3", 31) == parse_ipv4_mask("192.1.168.2", 31)', 'bool', true],
  ['print v = parse_ipv4_mask("192.168.1.1/16", 24)', 'long', 3232235520],
  ['print v = parse_ipv4_mask("1.2.3.4", 33)', 'long', null],
  ['print v = ipv4_is_match("127.0.0.1", "127.0.0.1")', 'bool', true],
  ['print v = ipv4_is_match("192.168.1.1", "192.168.1.255")', 'bool', false],
  ['print v = ipv4_is_match("192.168.1.1/24", "192.168.1.255/24")', 'bool', true],
  ['print v = ipv4_is_match("192.168.1.1/30", "192.168.1.255/24")', 'bool', true],
  ['print v = ipv4_is_match("192.168.1.1", "192.168.1.255", 24)', 'bool', true],
  ['print v = ipv4_is_match("::1", "127.0.0.1")', 'bool', null],
  ['print v = ipv4_compare("127.0.0.1", "127.0.0.1")', 'long', 0],
  ['print v = ipv4_compare("192.168.1.1", "192.168.1.255")', 'long', -1],
  ['print v = ipv4_compare("192.168.1.255", "192.168.1.1")', 'long', 1],
  ['print v = ipv4_compare("192.168.1.1/24", "192.168.1.255/24")', 'long', 0],
  ['print v = ipv4_compare("192.168.1.1", "192.168.1.255", 24)', 'long', 0],
  ['print v = ipv4_compare("192.168.1.1", "x")', 'long', null],
  ['print v = ipv4_is_in_range("127.0.0.1", "127.0.0.1")', 'bool', true],
  ['print v = ipv4_is_in_range("192.168.1.6", "192.168.1.1/24")', 'bool', true],
  ['print v = ipv4_is_in_range("192.168.1.1", "192.168.1.255/24")', 'bool', true],
  ['print v = ipv4_is_in_range("192.168.1.1", "192.168.2.1/24")', 'bool', false],
  ['print v = ipv4_is_in_range("10.200.0.1", "10.0.0.0/8")', 'bool', true],
  ['print v = ipv4_is_in_range("fe80::1", "10.0.0.0/8")', 'bool', null],
  ['print v = ipv4_is_in_range("10.0.0.1", "10.0.0.0/40")', 'bool', null],
  ['print v = ipv4_is_in_any_range("192.168.1.6", "192.168.1.1/24", "10.0.0.1/8", "127.1.0.1/16")', 'bool', true],
  ['print v = ipv4_is_in_any_range("192.168.1.1", "192.168.2.1/24", "10.0.0.1/8", "127.1.0.1/16")', 'bool', false],
  ['print v = ipv4_is_in_any_range("127.0.0.1", dynamic(["127.0.0.1", "192.168.1.1"]))', 'bool', true],
  ['print v = ipv4_is_in_any_range("8.8.8.8", dynamic(["10.0.0.0/8", "192.168.0.0/16"]))', 'bool', false],
  ['print v = ipv4_is_in_any_range("2001:db8::1", dynamic(["10.0.0.0/8"]))', 'bool', null],
  ['print v = ipv4_is_private("192.168.1.1/24")', 'bool', true],
  ['print v = ipv4_is_private("10.1.2.3/24")', 'bool', true],
  ['print v = ipv4_is_private("172.31.255.255")', 'bool', true],
  ['print v = ipv4_is_private("172.32.0.1")', 'bool', false],
  ['print v = ipv4_is_private("202.1.2.3")', 'bool', false],
  ['print v = ipv4_is_private("127.0.0.1")', 'bool', false],
  ['print v = ipv4_is_private("fd00::1")', 'bool', null],
  ['print v = ipv4_netmask_suffix("192.168.1.1/24")', 'long', 24],
  ['print v = ipv4_netmask_suffix("10.1.2.3")', 'long', 32],
  ['print v = ipv4_netmask_suffix("10.1.2")', 'long', null],
  ['print v = format_ipv4("192.168.1.255", 24)', 'string', '192.168.1.0'],
  ['print v = format_ipv4(3232236031, 24)', 'string', '192.168.1.0'],
  ['print v = format_ipv4(3232236031)', 'string', '192.168.1.255'],
  ['print v = format_ipv4("192.168.1.1/24", 32)', 'string', '192.168.1.0'],
  ['print v = format_ipv4("192.168.1.1/24", -1)', 'string', ''],
  ['print v = format_ipv4(-1)', 'string', ''],
  ['print v = format_ipv4("::ffff:1.2.3.4")', 'string', ''],
  ['print v = format_ipv4_mask("192.168.1.255", 24)', 'string', '192.168.1.0/24'],
  ['print v = format_ipv4_mask(3232236031, 24)', 'string', '192.168.1.0/24'],
  ['print v = format_ipv4_mask("192.168.1.1", 32)', 'string', '192.168.1.1/32'],
  ['print v = format_ipv4_mask("192.168.1.1/24", 32)', 'string', '192.168.1.0/24'],
  ['print v = format_ipv4_mask("192.168.1.1/24", -1)', 'string', ''],
];

describe('IPv4 functions on DuckDB', () => {
  itPrintsEach(CASES, fixture);

  it('reads a column row by row: IPv4, IPv6 and junk side by side', async () => {
    const { rows } = await runKql(fixture(), `datatable(ip:string) ["10.1.2.3", "192.168.7.1/16", "2001:db8::1", "not an ip", ""]
      | extend n = parse_ipv4(ip), private = ipv4_is_private(ip), suffix = ipv4_netmask_suffix(ip), text = format_ipv4_mask(ip, 24)`);
    expect(rows).toEqual([
      ['10.1.2.3', 167838211, true, 32, '10.1.2.0/24'],
      ['192.168.7.1/16', 3232235520, true, 16, '192.168.0.0/16'],
      ['2001:db8::1', null, null, null, ''],
      ['not an ip', null, null, null, ''],
      ['', null, null, null, ''],
    ]);
  });

  it('filters Service Map connections by destination range', async () => {
    const { rows } = await runKql(fixture(), 'VMConnection | where ipv4_is_in_range(DestinationIp, "10.0.0.2/31") | summarize count() by DestinationIp');
    expect(unordered(rows)).toEqual([['10.0.0.2', 2], ['10.0.0.3', 2]]);
  });

  it('groups remote addresses by their /24 and keeps private ones', async () => {
    const { rows } = await runKql(fixture(), 'VMConnection | where ipv4_is_private(RemoteIp) | summarize n = count() by net = format_ipv4_mask(RemoteIp, 24)');
    expect(rows).toEqual([['10.0.0.0/24', 6]]);
  });

  it('matches a range list held in a let', async () => {
    const { rows } = await runKql(fixture(), 'let nets = dynamic(["10.0.0.3/32", "192.168.0.0/16"]); VMConnection | where ipv4_is_in_any_range(RemoteIp, nets) | count');
    expect(rows).toEqual([[2]]);
  });
});
