import { describe, expect, it } from 'vitest';
import { summarizeNetworkInterfaces, type InterfaceAddress } from './network-interfaces.js';

function entry(address: string, family: 'IPv4' | 'IPv6' | 4 | 6, mac: string, netmask = '', internal = false): InterfaceAddress {
  return { address, family, mac, netmask, internal };
}

describe('summarizeNetworkInterfaces', () => {
  it('lists IPv4 with masks, global IPv6 and MACs, skipping loopback and link-local', () => {
    const summary = summarizeNetworkInterfaces({
      lo: [entry('127.0.0.1', 'IPv4', '00:00:00:00:00:00', '255.0.0.0', true), entry('::1', 'IPv6', '00:00:00:00:00:00', '', true)],
      eth0: [
        entry('192.0.2.2', 'IPv4', '02:FC:00:00:00:01', '255.255.255.0'),
        entry('fd00::2', 'IPv6', '02:fc:00:00:00:01'),
        entry('fe80::fc:ff:fe00:1', 'IPv6', '02:fc:00:00:00:01'),
      ],
      eth1: [entry('10.0.0.7', 4, '02:fc:00:00:00:02', '255.255.0.0'), entry('2001:DB8::7', 6, '02:fc:00:00:00:02')],
    });
    expect(summary).toEqual({
      ipv4Interfaces: [
        { ipAddress: '192.0.2.2', subnetMask: '255.255.255.0' },
        { ipAddress: '10.0.0.7', subnetMask: '255.255.0.0' },
      ],
      ipv6Addresses: ['fd00::2', '2001:db8::7'],
      macAddresses: ['02:fc:00:00:00:01', '02:fc:00:00:00:02'],
    });
  });

  it('reports a shared address or MAC once (bond slaves, a VIP on two interfaces)', () => {
    const summary = summarizeNetworkInterfaces({
      bond0: [entry('10.0.0.1', 'IPv4', '02:00:00:00:00:01', '255.255.255.0')],
      'bond0:vip': [entry('10.0.0.1', 'IPv4', '02:00:00:00:00:01', '255.255.255.0')],
      tun0: [entry('10.8.0.1', 'IPv4', '00:00:00:00:00:00', '255.255.255.255')],
      none: undefined,
    });
    expect(summary.ipv4Interfaces).toHaveLength(2);
    expect(summary.macAddresses).toEqual(['02:00:00:00:00:01']);
  });
});
