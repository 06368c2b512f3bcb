import { closeSync, openSync, readSync } from 'node:fs';
import { parseCpuInfo } from './proc-machine-files.js';
import { readTextFile } from './read-text-file.js';
import { acpiOemId, type DmiStrings, type VirtualizationSignals } from './virtualization.js';

const DMI_FILES: Readonly<Record<keyof DmiStrings, string>> = {
  sysVendor: 'sys_vendor',
  productName: 'product_name',
  productUuid: 'product_uuid',
  boardVendor: 'board_vendor',
  boardAssetTag: 'board_asset_tag',
  biosVendor: 'bios_vendor',
  biosVersion: 'bios_version',
  chassisVendor: 'chassis_vendor',
};

// DSDT and FACP exist on every ACPI machine; their headers carry the VMM's OEM id.
const ACPI_TABLES = ['DSDT', 'FACP'];

function readDmi(sysRoot: string): DmiStrings | undefined {
  const entries = Object.entries(DMI_FILES).map(([key, file]) => {
    return [key, readTextFile(`${sysRoot}/class/dmi/id/${file}`)?.trim()] as const;
  });
  // sys_vendor is world-readable whenever DMI exists (product_uuid is root-only).
  if (entries.every(([, value]) => value === undefined)) return undefined;
  return Object.fromEntries(entries.map(([key, value]) => [key, value ?? ''])) as unknown as DmiStrings;
}

function readHeader(path: string): Uint8Array | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = new Uint8Array(36);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads the virtualization signals from /sys and /proc (missing sources read as absent). */
export function readVirtualizationSignals(roots: { procRoot: string; sysRoot: string }): VirtualizationSignals {
  const cpuinfo = readTextFile(`${roots.procRoot}/cpuinfo`);
  const clocksources = readTextFile(`${roots.sysRoot}/devices/system/clocksource/clocksource0/available_clocksource`);
  const acpiOemIds = ACPI_TABLES.map((table) => readHeader(`${roots.sysRoot}/firmware/acpi/tables/${table}`))
    .map((header) => (header === undefined ? undefined : acpiOemId(header)))
    .filter((id): id is string => id !== undefined && id !== '');
  return {
    dmi: readDmi(roots.sysRoot),
    hypervisorType: readTextFile(`${roots.sysRoot}/hypervisor/type`)?.trim() ?? '',
    hypervisorFlag: cpuinfo === undefined ? undefined : parseCpuInfo(cpuinfo).hypervisorFlag,
    clocksources: (clocksources ?? '').trim().split(/\s+/).filter((source) => source !== ''),
    acpiOemIds: [...new Set(acpiOemIds)],
    kernelCommandLine: readTextFile(`${roots.procRoot}/cmdline`)?.trim() ?? '',
  };
}
