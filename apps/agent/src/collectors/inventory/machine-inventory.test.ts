import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Value } from 'typebox/value';
import { MachineInventory } from '@servicemap/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { readMachineInventory, type MachineInventoryOptions } from './machine-inventory.js';

let root = '';

function write(path: string, content: string | Uint8Array): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

function options(extra: Partial<MachineInventoryOptions> = {}): MachineInventoryOptions {
  return {
    procRoot: join(root, 'proc'),
    sysRoot: join(root, 'sys'),
    etcRoot: join(root, 'etc'),
    hostname: () => 'db01',
    machine: () => 'x86_64',
    fallbackTimezone: 'UTC',
    networkInterfaces: () => ({
      lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true }],
      ens3: [
        { address: '10.20.0.4', netmask: '255.255.255.0', family: 'IPv4', mac: '52:54:00:12:34:56', internal: false },
        { address: '2001:db8:20::4', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '52:54:00:12:34:56', internal: false },
      ],
    }),
    ...extra,
  };
}

function writeCommonProc(): void {
  write('proc/meminfo', 'MemTotal:        8161856 kB\nMemFree:  100 kB\n');
  write('proc/stat', 'cpu  1 2 3 4\nbtime 1767225600\n');
  write('proc/sys/kernel/osrelease', '6.1.0-28-amd64\n');
  write('proc/net/route', 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\nens3\t00000000\t0100140A\t0003\t0\t0\t0\t00000000\t0\t0\t0\n');
  write('proc/net/ipv6_route', `${'0'.repeat(32)} 00 ${'0'.repeat(32)} 00 20010db8002000000000000000000001 00000400 00000001 00000000 00000003     ens3\n`);
  write('proc/cmdline', 'BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro quiet\n');
  write('etc/os-release', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\nID=debian\n');
  write('etc/hostname', 'db01\n');
  write('etc/hosts', '127.0.0.1 localhost\n10.20.0.4 db01.corp.example db01\n');
}

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('readMachineInventory', () => {
  it('reads a KVM guest with DMI into a valid VMComputer shape', () => {
    root = mkdtempSync(join(tmpdir(), 'sm-inventory-'));
    writeCommonProc();
    write('proc/cpuinfo', 'processor : 0\ncpu MHz : 2894.560\nflags : fpu hypervisor\n\nprocessor : 1\ncpu MHz : 2894.560\nflags : fpu hypervisor\n');
    write('sys/class/dmi/id/sys_vendor', 'QEMU\n');
    write('sys/class/dmi/id/product_name', 'Standard PC (i440FX + PIIX, 1996)\n');
    write('sys/class/dmi/id/product_uuid', '4C4C4544-0042-3510-8052-B7C04F4A4E32\n');
    write('sys/devices/system/clocksource/clocksource0/available_clocksource', 'kvm-clock tsc acpi_pm \n');
    write('etc/timezone', 'Europe/Berlin\n');

    const inventory = readMachineInventory(options());
    expect(inventory).toEqual({
      hostName: 'db01',
      fullyQualifiedDomainName: 'db01.corp.example',
      dnsNames: ['db01.corp.example', 'db01'],
      ipv4Interfaces: [{ ipAddress: '10.20.0.4', subnetMask: '255.255.255.0' }],
      ipv6Addresses: ['2001:db8:20::4'],
      macAddresses: ['52:54:00:12:34:56'],
      ipv4DefaultGateways: ['10.20.0.1'],
      ipv6DefaultGateways: ['2001:db8:20::1'],
      operatingSystemFamily: 'linux',
      operatingSystemFullName: 'Debian GNU/Linux 12 (bookworm)',
      operatingSystemVersion: '12',
      kernelVersion: '6.1.0-28-amd64',
      bitness: '64bit',
      physicalMemoryMB: 7970,
      cpus: 2,
      cpuSpeedMHz: 2895,
      virtualizationState: 'virtual',
      virtualMachineType: 'kvm',
      virtualMachineNativeId: '4c4c4544-0042-3510-8052-b7c04f4a4e32',
      virtualMachineNativeName: '',
      bootTime: '2026-01-01T00:00:00.000Z',
      timezone: 'Europe/Berlin',
    });
    const full = { ...inventory, timeGenerated: '2026-01-01T00:00:00.000Z', agentVersion: '0.1.0' };
    expect(Value.Check(MachineInventory, full)).toBe(true);
  });

  it('reads a microVM with no DMI and no cpu MHz: ACPI OEM id, cpufreq, localtime link', () => {
    root = mkdtempSync(join(tmpdir(), 'sm-inventory-'));
    writeCommonProc();
    write('proc/cpuinfo', 'processor : 0\nflags : fpu hypervisor\n');
    write('sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq', '3000000\n');
    write('sys/firmware/acpi/tables/DSDT', new TextEncoder().encode('DSDTS\x0f\x00\x00\x02wFIRECKFCVMDSDT\x00\x00\x00\x00FCAT'));
    mkdirSync(join(root, 'etc'), { recursive: true });
    symlinkSync('/usr/share/zoneinfo/Etc/UTC', join(root, 'etc/localtime'));

    const inventory = readMachineInventory(options({ machine: () => 'aarch64' }));
    expect(inventory.cpus).toBe(1);
    expect(inventory.cpuSpeedMHz).toBe(3000);
    expect(inventory.virtualizationState).toBe('virtual');
    expect(inventory.virtualMachineType).toBe('firecracker');
    expect(inventory.virtualMachineNativeId).toBe('');
    expect(inventory.timezone).toBe('Etc/UTC');
  });

  it('reports what it can when almost every source is missing', () => {
    root = mkdtempSync(join(tmpdir(), 'sm-inventory-'));
    const inventory = readMachineInventory(options({ hostname: () => 'bare', networkInterfaces: () => ({}) }));
    expect(inventory).toMatchObject({
      hostName: 'bare',
      fullyQualifiedDomainName: 'bare',
      operatingSystemFullName: 'Linux',
      kernelVersion: '',
      physicalMemoryMB: 0,
      cpus: 0,
      cpuSpeedMHz: 0,
      virtualizationState: 'unknown',
      bootTime: '1970-01-01T00:00:00.000Z',
      timezone: 'UTC',
      ipv4DefaultGateways: [],
    });
  });

  it('falls back to /usr/lib/os-release when /etc has none', () => {
    root = mkdtempSync(join(tmpdir(), 'sm-inventory-'));
    write('usr/lib/os-release', 'PRETTY_NAME="Fedora Linux 41 (Server Edition)"\nVERSION_ID=41\n');
    const inventory = readMachineInventory(options());
    expect(inventory.operatingSystemFullName).toBe('Fedora Linux 41 (Server Edition)');
    expect(inventory.operatingSystemVersion).toBe('41');
  });
});
