import { describe, expect, it } from 'vitest';
import { ipv4FromRouteHex, ipv6FromHex, parseIpv4DefaultGateways, parseIpv6DefaultGateways } from './default-gateways.js';

const ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth1\t00000000\t0101A8C0\t0003\t0\t0\t200\t00000000\t0\t0\t0
eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
eth2\t00000000\t0101A8C0\t0003\t0\t0\t300\t00000000\t0\t0\t0
wg0\t00000000\t00000000\t0001\t0\t0\t50\t00000000\t0\t0\t0
eth3\t00000000\t0201A8C0\t0002\t0\t0\t10\t00000000\t0\t0\t0
`;

describe('IPv4 default gateways', () => {
  it('decodes little-endian hex', () => {
    expect(ipv4FromRouteHex('010200C0')).toBe('192.0.2.1');
    expect(ipv4FromRouteHex('0102000A')).toBe('10.0.2.1');
    expect(ipv4FromRouteHex('xyz')).toBeUndefined();
  });

  it('keeps up default routes through a gateway, best metric first, each once', () => {
    // wg0 is a device route (no gateway); eth3's route is down.
    expect(parseIpv4DefaultGateways(ROUTE)).toEqual(['192.0.2.1', '192.168.1.1']);
  });

  it('returns nothing for a table with only the header or nothing at all', () => {
    expect(parseIpv4DefaultGateways(ROUTE.split('\n')[0]!)).toEqual([]);
    expect(parseIpv4DefaultGateways('')).toEqual([]);
  });
});

const Z = '0'.repeat(32);
const IPV6_ROUTE = [
  `fd000000000000000000000000000000 40 ${Z} 00 ${Z} 00000100 00000001 00000000 00000001     eth0`,
  // Two routers advertised defaults, one of them twice on two links.
  `${Z} 00 ${Z} 00 fe800000000000000000000000000001 00000400 00000002 00000000 00450003     eth0`,
  `${Z} 00 ${Z} 00 fe800000000000000000000000000002 00000200 00000001 00000000 00450003     eth1`,
  `${Z} 00 ${Z} 00 fe800000000000000000000000000001 00000400 00000001 00000000 00450003     eth2`,
  `${Z} 00 ${Z} 00 fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0`,
  // A down route and the kernel's unreachable default on lo.
  `${Z} 00 ${Z} 00 fd000000000000000000000000000099 00000001 00000001 00000000 00000002     eth3`,
  `${Z} 00 ${Z} 00 ${Z} ffffffff 00000001 00000000 00200200       lo`,
].join('\n');

describe('IPv6 default gateways', () => {
  it('formats addresses per RFC 5952', () => {
    expect(ipv6FromHex('fd000000000000000000000000000001')).toBe('fd00::1');
    expect(ipv6FromHex(Z)).toBe('::');
    expect(ipv6FromHex('00000000000000000000000000000001')).toBe('::1');
    expect(ipv6FromHex('20010db8000000010000000000000001')).toBe('2001:db8:0:1::1');
    expect(ipv6FromHex('20010db8000000000001000000000000')).toBe('2001:db8:0:0:1::');
    expect(ipv6FromHex('20010db8aaaabbbbccccddddeeee0001')).toBe('2001:db8:aaaa:bbbb:cccc:dddd:eeee:1');
    expect(ipv6FromHex('20010db8000100000000000100000001')).toBe('2001:db8:1::1:0:1');
    expect(ipv6FromHex('bad')).toBeUndefined();
  });

  it('lists every default route next hop, best metric first, skipping reject and down routes', () => {
    expect(parseIpv6DefaultGateways(IPV6_ROUTE)).toEqual(['fe80::2', 'fe80::1', 'fd00::1']);
  });
});
