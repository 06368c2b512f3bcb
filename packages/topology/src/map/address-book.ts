import { canonicalIp, isLoopbackIp } from '../ip-address.js';
import type { ConnectionRow, MachineRow } from './map-input.js';

/** Which monitored machine owns an address. */
export interface AddressBook {
  /** The machine, or undefined when nobody or more than one machine claims the address. */
  machineOf(ip: string): string | undefined;
}

const UNSPECIFIED = new Set(['0.0.0.0', '::']);

/**
 * Addresses come from inventory (every interface) and from the rows themselves (the local end of
 * a connection belongs to the machine that reported it), so a machine whose inventory is missing
 * is still recognised. Loopback belongs to everyone and resolves to no one; an address two
 * machines claim (overlapping private ranges, container bridges) also resolves to no one: an
 * agentless peer drawn honestly beats an edge to the wrong machine.
 */
export function buildAddressBook(machines: readonly MachineRow[], connections: readonly ConnectionRow[]): AddressBook {
  const owners = new Map<string, Set<string>>();
  const claim = (ip: string, machine: string): void => {
    const canonical = canonicalIp(ip);
    if (isLoopbackIp(canonical) || UNSPECIFIED.has(canonical)) return;
    let set = owners.get(canonical);
    if (!set) owners.set(canonical, (set = new Set()));
    set.add(machine);
  };
  for (const row of machines) {
    for (const nic of row.ipv4Interfaces) claim(nic.ipAddress, row.machine);
    for (const ip of row.ipv6Addresses) claim(ip, row.machine);
  }
  for (const row of connections) {
    if (row.selfLink) continue;
    claim(row.direction === 'outbound' ? row.sourceIp : row.destinationIp, row.machine);
  }
  return {
    machineOf(ip) {
      const set = owners.get(canonicalIp(ip));
      return set?.size === 1 ? set.values().next().value : undefined;
    },
  };
}
