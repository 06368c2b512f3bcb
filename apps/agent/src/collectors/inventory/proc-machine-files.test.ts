import { describe, expect, it } from 'vitest';
import { bitnessOf, parseBootTime, parseCpufreqKHz, parseCpuInfo, parseMemTotalMB } from './proc-machine-files.js';

const X86_CPUINFO = `processor\t: 0
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R) Processor
cpu MHz\t\t: 2599.998
flags\t\t: fpu vme de pse tsc msr pae hypervisor lahf_lm

processor\t: 1
vendor_id\t: GenuineIntel
cpu MHz\t\t: 2400.000
flags\t\t: fpu vme de pse tsc msr pae hypervisor lahf_lm
`;

// aarch64 cpuinfo: no `cpu MHz`, `Features` instead of `flags`.
const ARM_CPUINFO = `processor\t: 0
BogoMIPS\t: 50.00
Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid
CPU implementer\t: 0x41

processor\t: 1
BogoMIPS\t: 50.00
Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid
`;

describe('parseCpuInfo', () => {
  it('counts processors, takes the highest MHz and sees the hypervisor flag', () => {
    expect(parseCpuInfo(X86_CPUINFO)).toEqual({ cpus: 2, speedMHz: 2600, hypervisorFlag: true });
  });

  it('reports no speed and no hypervisor when the lines are absent', () => {
    expect(parseCpuInfo(ARM_CPUINFO)).toEqual({ cpus: 2, speedMHz: 0, hypervisorFlag: false });
    expect(parseCpuInfo('')).toEqual({ cpus: 0, speedMHz: 0, hypervisorFlag: false });
  });

  it('does not take a flag that merely contains the word', () => {
    expect(parseCpuInfo('processor : 0\nflags : fpu nohypervisorx\n').hypervisorFlag).toBe(false);
  });
});

describe('machine file parsers', () => {
  it('converts MemTotal from kB to whole MiB', () => {
    expect(parseMemTotalMB('MemTotal:       24684084 kB\nMemFree:  1 kB\n')).toBe(24105);
    expect(parseMemTotalMB('MemFree: 1 kB\n')).toBe(0);
  });

  it('reads btime as a date', () => {
    expect(parseBootTime('cpu  1 2 3\nbtime 1795566806\nprocesses 5\n')?.toISOString()).toBe('2026-11-25T00:33:26.000Z');
    expect(parseBootTime('cpu 1 2 3\n')).toBeUndefined();
  });

  it('converts cpufreq kHz to MHz', () => {
    expect(parseCpufreqKHz('3500000\n')).toBe(3500);
    expect(parseCpufreqKHz('garbage')).toBe(0);
    expect(parseCpufreqKHz(undefined)).toBe(0);
  });

  it.each([
    ['x86_64', '64bit'],
    ['aarch64', '64bit'],
    ['ppc64le', '64bit'],
    ['s390x', '64bit'],
    ['riscv64', '64bit'],
    ['i686', '32bit'],
    ['armv7l', '32bit'],
  ])('bitness of %s is %s', (machine, bitness) => {
    expect(bitnessOf(machine)).toBe(bitness);
  });
});
