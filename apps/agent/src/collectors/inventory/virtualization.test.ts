import { describe, expect, it } from 'vitest';
import { acpiOemId, detectVirtualization, type DmiStrings, type VirtualizationSignals } from './virtualization.js';

const NO_DMI: DmiStrings = {
  sysVendor: '',
  productName: '',
  productUuid: '',
  boardVendor: '',
  boardAssetTag: '',
  biosVendor: '',
  biosVersion: '',
  chassisVendor: '',
};

function signals(overrides: Partial<VirtualizationSignals> = {}): VirtualizationSignals {
  return {
    dmi: undefined,
    hypervisorType: '',
    hypervisorFlag: false,
    clocksources: ['tsc'],
    acpiOemIds: [],
    kernelCommandLine: '',
    ...overrides,
  };
}

function dmi(fields: Partial<DmiStrings>): DmiStrings {
  return { ...NO_DMI, ...fields };
}

describe('detectVirtualization', () => {
  it.each<[string, Partial<VirtualizationSignals>, string]>([
    ['KVM by DMI', { dmi: dmi({ sysVendor: 'Red Hat', productName: 'KVM' }), hypervisorFlag: true }, 'kvm'],
    ['QEMU with the KVM clock is KVM', { dmi: dmi({ sysVendor: 'QEMU', productName: 'Standard PC (Q35 + ICH9, 2009)' }), clocksources: ['kvm-clock', 'tsc'] }, 'kvm'],
    ['plain QEMU (TCG)', { dmi: dmi({ sysVendor: 'QEMU', biosVendor: 'SeaBIOS' }), hypervisorFlag: true }, 'qemu'],
    ['Xen by DMI', { dmi: dmi({ sysVendor: 'Xen', productName: 'HVM domU' }) }, 'xen'],
    ['Xen PV without DMI', { hypervisorType: 'xen' }, 'xen'],
    ['VMware', { dmi: dmi({ sysVendor: 'VMware, Inc.', productName: 'VMware7,1' }) }, 'vmware'],
    ['Hyper-V', { dmi: dmi({ sysVendor: 'Microsoft Corporation', productName: 'Virtual Machine' }) }, 'hyperv'],
    ['Hyper-V by clock source alone', { clocksources: ['hyperv_clocksource_tsc_page', 'acpi_pm'], hypervisorFlag: true }, 'hyperv'],
    ['VirtualBox', { dmi: dmi({ sysVendor: 'innotek GmbH', productName: 'VirtualBox', boardVendor: 'Oracle Corporation' }) }, 'virtualbox'],
    ['EC2 Nitro', { dmi: dmi({ sysVendor: 'Amazon EC2', productName: 'm5.large' }), clocksources: ['kvm-clock'] }, 'amazon'],
    ['EC2 on Xen', { dmi: dmi({ sysVendor: 'Xen', biosVersion: '4.11.amazon' }) }, 'amazon'],
    ['Google Compute Engine', { dmi: dmi({ sysVendor: 'Google', productName: 'Google Compute Engine' }) }, 'google'],
    ['Firecracker by ACPI OEM id (this machine)', { acpiOemIds: ['FIRECK'], clocksources: ['tsc', 'kvm-clock'], hypervisorFlag: true }, 'firecracker'],
    [
      'Firecracker with virtio-mmio devices and no ACPI',
      { kernelCommandLine: 'console=ttyS0 reboot=k panic=1 pci=off virtio_mmio.device=4K@0xd0000000:5', clocksources: ['kvm-clock'], hypervisorFlag: true },
      'firecracker',
    ],
    ['KVM without DMI, known by its clock', { clocksources: ['tsc', 'kvm-clock'], hypervisorFlag: true }, 'kvm'],
  ])('%s', (_label, overrides, type) => {
    const result = detectVirtualization(signals(overrides));
    expect(result.state).toBe('virtual');
    expect(result.type).toBe(type);
  });

  it('says virtual without a type when only the hypervisor flag shows', () => {
    expect(detectVirtualization(signals({ hypervisorFlag: true }))).toEqual({
      state: 'virtual',
      type: '',
      nativeId: '',
      nativeName: '',
    });
  });

  it('says physical with no signal, even with DMI of a hardware vendor', () => {
    const result = detectVirtualization(signals({ dmi: dmi({ sysVendor: 'Dell Inc.', productName: 'PowerEdge R650', productUuid: 'AB' }) }));
    expect(result).toEqual({ state: 'physical', type: '', nativeId: '', nativeName: '' });
  });

  it('says unknown when /proc/cpuinfo could not be read and nothing else speaks', () => {
    expect(detectVirtualization(signals({ hypervisorFlag: undefined })).state).toBe('unknown');
  });

  it('reports the DMI UUID as the native id and the EC2 instance id as the name', () => {
    const result = detectVirtualization(
      signals({ dmi: dmi({ sysVendor: 'Amazon EC2', productUuid: 'EC2E1916-9099-7CAF-FD21-012345678901', boardAssetTag: 'i-0123456789abcdef0' }) }),
    );
    expect(result).toEqual({
      state: 'virtual',
      type: 'amazon',
      nativeId: 'ec2e1916-9099-7caf-fd21-012345678901',
      nativeName: 'i-0123456789abcdef0',
    });
  });
});

describe('acpiOemId', () => {
  it('reads the OEM id from a table header (Firecracker DSDT)', () => {
    const header = new TextEncoder().encode('DSDTS\x0f\x00\x00\x02wFIRECKFCVMDSDT\x00\x00\x00\x00FCAT');
    expect(acpiOemId(header)).toBe('FIRECK');
  });

  it('trims padding and rejects a short header', () => {
    expect(acpiOemId(new TextEncoder().encode('FACP\x00\x00\x00\x00\x00\x00BOCHS \x00'))).toBe('BOCHS');
    expect(acpiOemId(new Uint8Array(8))).toBeUndefined();
  });
});
