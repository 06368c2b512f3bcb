/** One address of one interface, as `os.networkInterfaces()` reports it. */
export interface InterfaceAddress {
  readonly address: string;
  readonly netmask: string;
  readonly family: string | number;
  readonly mac: string;
  readonly internal: boolean;
}

/** The network part of the machine inventory. */
export interface NetworkSummary {
  readonly ipv4Interfaces: { ipAddress: string; subnetMask: string }[];
  readonly ipv6Addresses: string[];
  readonly macAddresses: string[];
}

function isIpv4(entry: InterfaceAddress): boolean {
  // Node 18.0–18.3 reported the family as a number; later versions as a string.
  return entry.family === 'IPv4' || entry.family === 4;
}

function isLinkLocalIpv6(address: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(address);
}

/**
 * Addresses, masks and MAC addresses of the machine from `os.networkInterfaces()` (which lists
 * the interfaces of the network namespace the agent runs in). Loopback is skipped; IPv6
 * link-local addresses are skipped too (every machine has them, they repeat across machines and
 * they carry no zone on the wire); duplicates (several addresses on one NIC, bonding slaves
 * sharing a MAC) are reported once, in interface order.
 */
export function summarizeNetworkInterfaces(
  interfaces: Readonly<Record<string, readonly InterfaceAddress[] | undefined>>,
): NetworkSummary {
  const ipv4 = new Map<string, string>();
  const ipv6 = new Set<string>();
  const macs = new Set<string>();
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.internal) continue;
      if (entry.mac !== '' && entry.mac !== '00:00:00:00:00:00') macs.add(entry.mac.toLowerCase());
      if (isIpv4(entry)) {
        if (!ipv4.has(entry.address)) ipv4.set(entry.address, entry.netmask);
      } else if (!isLinkLocalIpv6(entry.address)) {
        ipv6.add(entry.address.toLowerCase());
      }
    }
  }
  return {
    ipv4Interfaces: [...ipv4].map(([ipAddress, subnetMask]) => ({ ipAddress, subnetMask })),
    ipv6Addresses: [...ipv6],
    macAddresses: [...macs],
  };
}
