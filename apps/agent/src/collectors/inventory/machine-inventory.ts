import os from 'node:os';
import { dirname, join } from 'node:path';
import type { MachineInventory } from '@servicemap/protocol';
import { parseIpv4DefaultGateways, parseIpv6DefaultGateways } from './default-gateways.js';
import { hostNamesOf } from './host-names.js';
import { resolveRoots, type InventoryRoots } from './inventory-roots.js';
import { summarizeNetworkInterfaces, type InterfaceAddress } from './network-interfaces.js';
import { parseOsRelease } from './os-release.js';
import { bitnessOf, parseBootTime, parseCpufreqKHz, parseCpuInfo, parseMemTotalMB } from './proc-machine-files.js';
import { readLinkTarget, readTextFile } from './read-text-file.js';
import { timezoneOf } from './timezone.js';
import { detectVirtualization } from './virtualization.js';
import { readVirtualizationSignals } from './virtualization-signals.js';

/** The machine inventory without the fields the agent adds when it sends it. */
export type MachineFacts = Omit<MachineInventory, 'timeGenerated' | 'agentVersion'>;

/** Where to read and which host facts to use; every field defaults to the real system. */
export interface MachineInventoryOptions extends Partial<InventoryRoots> {
  /** Interfaces of the agent's network namespace (default `os.networkInterfaces()`). */
  readonly networkInterfaces?: () => Readonly<Record<string, readonly InterfaceAddress[] | undefined>>;
  /** Kernel host name (default `os.hostname()`). */
  readonly hostname?: () => string;
  /** Hardware name as `uname -m` prints it (default `os.machine()`). */
  readonly machine?: () => string;
  /** Time zone to report when neither /etc/timezone nor /etc/localtime names one. */
  readonly fallbackTimezone?: string;
}

function networkFacts(roots: InventoryRoots, options: MachineInventoryOptions) {
  const interfaces = (options.networkInterfaces ?? os.networkInterfaces)();
  const network = summarizeNetworkInterfaces(interfaces);
  const names = hostNamesOf({
    kernelHostName: (options.hostname ?? os.hostname)(),
    hostnameFile: readTextFile(`${roots.etcRoot}/hostname`),
    hostsFile: readTextFile(`${roots.etcRoot}/hosts`),
    ownAddresses: [...network.ipv4Interfaces.map((iface) => iface.ipAddress), ...network.ipv6Addresses],
  });
  return {
    ...names,
    ...network,
    ipv4DefaultGateways: parseIpv4DefaultGateways(readTextFile(`${roots.procRoot}/net/route`) ?? ''),
    ipv6DefaultGateways: parseIpv6DefaultGateways(readTextFile(`${roots.procRoot}/net/ipv6_route`) ?? ''),
  };
}

function systemFacts(roots: InventoryRoots, options: MachineInventoryOptions) {
  // os-release(5): /etc/os-release, else the vendor copy in /usr/lib (found beside etcRoot, so
  // a fixture tree can hold both).
  const osRelease = parseOsRelease(
    readTextFile(`${roots.etcRoot}/os-release`) ?? readTextFile(join(dirname(roots.etcRoot), 'usr/lib/os-release')),
  );
  const cpu = parseCpuInfo(readTextFile(`${roots.procRoot}/cpuinfo`) ?? '');
  const cpufreq = readTextFile(`${roots.sysRoot}/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq`);
  const bootTime = parseBootTime(readTextFile(`${roots.procRoot}/stat`) ?? '') ?? new Date(0);
  return {
    operatingSystemFamily: 'linux' as const,
    operatingSystemFullName: osRelease.fullName,
    operatingSystemVersion: osRelease.versionId,
    kernelVersion: readTextFile(`${roots.procRoot}/sys/kernel/osrelease`)?.trim() ?? '',
    bitness: bitnessOf((options.machine ?? os.machine)()),
    physicalMemoryMB: parseMemTotalMB(readTextFile(`${roots.procRoot}/meminfo`) ?? ''),
    cpus: cpu.cpus,
    cpuSpeedMHz: cpu.speedMHz > 0 ? cpu.speedMHz : parseCpufreqKHz(cpufreq),
    bootTime: bootTime.toISOString(),
    timezone: timezoneOf(
      readTextFile(`${roots.etcRoot}/timezone`),
      readLinkTarget(`${roots.etcRoot}/localtime`),
      options.fallbackTimezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    ),
  };
}

/**
 * Reads the Linux machine inventory (the VMComputer row): names, addresses, gateways, OS,
 * kernel, memory, CPUs, virtualization, boot time and time zone. Local sources only; nothing
 * blocks on the network. Missing sources give empty values rather than errors, so the agent
 * still reports what it can see (a container without /sys, a microVM without DMI).
 */
export function readMachineInventory(options: MachineInventoryOptions = {}): MachineFacts {
  const roots = resolveRoots(options);
  const virtualization = detectVirtualization(readVirtualizationSignals(roots));
  return {
    ...networkFacts(roots, options),
    ...systemFacts(roots, options),
    virtualizationState: virtualization.state,
    virtualMachineType: virtualization.type,
    virtualMachineNativeId: virtualization.nativeId,
    virtualMachineNativeName: virtualization.nativeName,
  };
}
