import type { VirtualizationState } from '@servicemap/protocol';

/** DMI (SMBIOS) strings from /sys/class/dmi/id; empty when a file is absent. */
export interface DmiStrings {
  readonly sysVendor: string;
  readonly productName: string;
  readonly productUuid: string;
  readonly boardVendor: string;
  readonly boardAssetTag: string;
  readonly biosVendor: string;
  readonly biosVersion: string;
  readonly chassisVendor: string;
}

/** Everything the detection looks at, read by `readVirtualizationSignals` or given by a test. */
export interface VirtualizationSignals {
  /** Undefined when the machine has no DMI at all (Firecracker, many ARM boards). */
  readonly dmi: DmiStrings | undefined;
  /** /sys/hypervisor/type (`xen`), empty when absent. */
  readonly hypervisorType: string;
  /** The `hypervisor` CPU flag; undefined when /proc/cpuinfo could not be read. */
  readonly hypervisorFlag: boolean | undefined;
  /** Clock sources the kernel offers (`tsc kvm-clock`, `hyperv_clocksource_tsc_page`). */
  readonly clocksources: readonly string[];
  /** OEM ids from the ACPI table headers (`FIRECK` for Firecracker); root-only on most kernels. */
  readonly acpiOemIds: readonly string[];
  /** /proc/cmdline. */
  readonly kernelCommandLine: string;
}

/** The verdict: what kind of machine this is. */
export interface Virtualization {
  readonly state: VirtualizationState;
  /** kvm, qemu, xen, vmware, hyperv, virtualbox, firecracker, amazon, google…; empty when physical or unknown. */
  readonly type: string;
  readonly nativeId: string;
  readonly nativeName: string;
}

// DMI vendor/product strings of known hypervisors and clouds, first match wins. The clouds come
// first: EC2 Nitro and GCE run on KVM but say who they are, which is what an operator wants.
const DMI_RULES: readonly (readonly [(dmi: DmiStrings) => boolean, string])[] = [
  [(d) => d.sysVendor === 'Amazon EC2' || d.biosVendor === 'Amazon EC2' || /amazon/i.test(d.biosVersion), 'amazon'],
  [(d) => d.sysVendor === 'Google' || d.productName === 'Google Compute Engine', 'google'],
  [(d) => d.sysVendor === 'Microsoft Corporation' && d.productName === 'Virtual Machine', 'hyperv'],
  [(d) => /vmware/i.test(d.sysVendor) || /^VMware/.test(d.productName), 'vmware'],
  [(d) => d.sysVendor === 'innotek GmbH' || d.productName === 'VirtualBox', 'virtualbox'],
  [(d) => d.sysVendor === 'Xen' || d.biosVendor === 'Xen', 'xen'],
  [(d) => d.productName === 'KVM' || d.sysVendor === 'Red Hat' || d.productName === 'OpenStack Compute', 'kvm'],
  [(d) => /parallels/i.test(d.sysVendor), 'parallels'],
  [(d) => d.sysVendor === 'Apple Inc.' && /virtual/i.test(d.productName), 'apple'],
  // QEMU's own firmware strings: plain QEMU (TCG) unless the KVM clock says KVM accelerates it.
  [(d) => d.sysVendor === 'QEMU' || d.chassisVendor === 'QEMU' || d.biosVendor === 'SeaBIOS', 'qemu'],
];

// ACPI OEM ids written by VMMs that provide no DMI.
const ACPI_OEM_TYPES = new Map([
  ['FIRECK', 'firecracker'],
  ['CLOUDH', 'cloud-hypervisor'],
]);

function dmiType(dmi: DmiStrings, clocksources: readonly string[]): string | undefined {
  const rule = DMI_RULES.find(([matches]) => matches(dmi));
  if (rule === undefined) return undefined;
  return rule[1] === 'qemu' && clocksources.includes('kvm-clock') ? 'kvm' : rule[1];
}

function signalType(signals: VirtualizationSignals): string | undefined {
  const fromDmi = signals.dmi === undefined ? undefined : dmiType(signals.dmi, signals.clocksources);
  if (fromDmi !== undefined) return fromDmi;
  for (const oemId of signals.acpiOemIds) {
    const type = ACPI_OEM_TYPES.get(oemId);
    if (type !== undefined) return type;
  }
  if (signals.hypervisorType === 'xen') return 'xen';
  // Virtio over MMIO with no DMI is how Firecracker attaches devices (it has no PCI by default).
  if (signals.dmi === undefined && /\bvirtio_mmio\.device=/.test(signals.kernelCommandLine)) return 'firecracker';
  if (signals.clocksources.includes('hyperv_clocksource_tsc_page')) return 'hyperv';
  if (signals.clocksources.includes('kvm-clock')) return 'kvm';
  if (signals.clocksources.includes('xen')) return 'xen';
  return undefined;
}

/**
 * Whether and how this machine is virtualised, from DMI first (it names clouds and products),
 * then ACPI OEM ids, /sys/hypervisor, the kernel command line and paravirtual clock sources.
 * The `hypervisor` CPU flag alone says "virtual" without saying which. No signal at all means
 * physical, unless /proc/cpuinfo could not even be read (unknown). Pure.
 */
export function detectVirtualization(signals: VirtualizationSignals): Virtualization {
  const type = signalType(signals);
  if (type === undefined) {
    const state: VirtualizationState =
      signals.hypervisorFlag === true ? 'virtual' : signals.hypervisorFlag === false ? 'physical' : 'unknown';
    return { state, type: '', nativeId: state === 'virtual' ? dmiUuid(signals.dmi) : '', nativeName: '' };
  }
  return { state: 'virtual', type, nativeId: dmiUuid(signals.dmi), nativeName: nativeNameOf(type, signals.dmi) };
}

function dmiUuid(dmi: DmiStrings | undefined): string {
  return (dmi?.productUuid ?? '').trim().toLowerCase();
}

function nativeNameOf(type: string, dmi: DmiStrings | undefined): string {
  // EC2 Nitro puts the instance id (`i-0abc…`) in the board asset tag.
  if (type === 'amazon' && dmi !== undefined && /^i-[0-9a-f]+$/.test(dmi.boardAssetTag)) return dmi.boardAssetTag;
  return '';
}

/** OEM id (bytes 10–15) of an ACPI table header; undefined when the header is too short. */
export function acpiOemId(header: Uint8Array): string | undefined {
  if (header.length < 16) return undefined;
  return String.fromCharCode(...header.subarray(10, 16)).replace(/[\0 ]+$/, '');
}
