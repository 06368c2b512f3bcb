// Route flags from include/uapi/linux/route.h and ipv6_route.h.
const RTF_UP = 0x0001;
const RTF_GATEWAY = 0x0002;
const RTF_REJECT = 0x0200;

interface Gateway {
  readonly address: string;
  readonly metric: number;
}

/** Gateways, best metric first, each address once. */
function orderedUnique(gateways: Gateway[]): string[] {
  const sorted = [...gateways].sort((a, b) => a.metric - b.metric);
  return [...new Set(sorted.map((gateway) => gateway.address))];
}

/** IPv4 address from the 8-hex-digit little-endian form /proc/net/route uses (`0102000A` → 10.0.2.1). */
export function ipv4FromRouteHex(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) return undefined;
  const value = Number.parseInt(hex, 16);
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24].join('.');
}

/**
 * Default IPv4 gateways from /proc/net/route (the table of the reader's network namespace): rows
 * with destination and mask 0, up, through a gateway. Best metric first, no duplicates.
 */
export function parseIpv4DefaultGateways(routeTable: string): string[] {
  const gateways: Gateway[] = [];
  for (const line of routeTable.split('\n').slice(1)) {
    // Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT
    const cols = line.trim().split(/\s+/);
    if (cols.length < 8) continue;
    const [, destination, gatewayHex, flagsHex, , , metric, mask] = cols;
    const flags = Number.parseInt(flagsHex ?? '', 16);
    if (destination !== '00000000' || mask !== '00000000') continue;
    if ((flags & RTF_UP) === 0 || (flags & RTF_GATEWAY) === 0) continue;
    const address = ipv4FromRouteHex(gatewayHex ?? '');
    if (address !== undefined && address !== '0.0.0.0') gateways.push({ address, metric: Number(metric) });
  }
  return orderedUnique(gateways);
}

/** RFC 5952 text of an IPv6 address given as 32 hex digits (the /proc/net form). */
export function ipv6FromHex(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  const groups: string[] = [];
  for (let i = 0; i < 32; i += 4) groups.push(Number.parseInt(hex.slice(i, i + 4), 16).toString(16));
  // The longest run (at least two) of zero groups becomes `::`; the first one wins a tie.
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === '0') length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  if (bestStart < 0) return groups.join(':');
  const head = groups.slice(0, bestStart).join(':');
  const tail = groups.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

/**
 * Default IPv6 gateways from /proc/net/ipv6_route: `::/0` routes that are up, not reject routes
 * (the kernel keeps an unreachable `::/0` on `lo`), with a next hop. A host that heard several
 * routers' advertisements has several; best metric first, no duplicates.
 */
export function parseIpv6DefaultGateways(routeTable: string): string[] {
  const gateways: Gateway[] = [];
  for (const line of routeTable.split('\n')) {
    // dest destLen src srcLen nextHop metric refCnt use flags iface
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10) continue;
    const [destination, destinationLength, , , nextHop, metricHex, , , flagsHex] = cols;
    if (destination !== '0'.repeat(32) || destinationLength !== '00') continue;
    const flags = Number.parseInt(flagsHex ?? '', 16);
    if ((flags & RTF_UP) === 0 || (flags & RTF_REJECT) !== 0) continue;
    const address = ipv6FromHex(nextHop ?? '');
    if (address !== undefined && address !== '::') {
      gateways.push({ address, metric: Number.parseInt(metricHex ?? '', 16) });
    }
  }
  return orderedUnique(gateways);
}
