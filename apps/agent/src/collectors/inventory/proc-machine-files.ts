/** Total memory in MiB from /proc/meminfo (`MemTotal:  24684084 kB`); 0 when absent. */
export function parseMemTotalMB(meminfo: string): number {
  const match = /^MemTotal:\s+(\d+)\s*kB/m.exec(meminfo);
  return match?.[1] === undefined ? 0 : Math.floor(Number(match[1]) / 1024);
}

/** Boot time from the `btime` line of /proc/stat (seconds since the epoch); undefined when absent. */
export function parseBootTime(stat: string): Date | undefined {
  const match = /^btime\s+(\d+)/m.exec(stat);
  return match?.[1] === undefined ? undefined : new Date(Number(match[1]) * 1000);
}

/** What /proc/cpuinfo says about the processors. */
export interface CpuInfo {
  /** Number of `processor` entries (online logical CPUs). */
  readonly cpus: number;
  /** Highest `cpu MHz` seen, rounded; 0 when no line has one (ARM, s390, some VMs). */
  readonly speedMHz: number;
  /** The `hypervisor` CPU flag: the kernel runs as a guest of some hypervisor. */
  readonly hypervisorFlag: boolean;
}

/** Parses /proc/cpuinfo text (x86 and ARM layouts). */
export function parseCpuInfo(cpuinfo: string): CpuInfo {
  let cpus = 0;
  let speedMHz = 0;
  let hypervisorFlag = false;
  for (const line of cpuinfo.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key === 'processor') cpus += 1;
    else if (key === 'cpu MHz') {
      const mhz = Number(value);
      if (Number.isFinite(mhz)) speedMHz = Math.max(speedMHz, Math.round(mhz));
    } else if ((key === 'flags' || key === 'Features') && value.split(/\s+/).includes('hypervisor')) {
      hypervisorFlag = true;
    }
  }
  return { cpus, speedMHz, hypervisorFlag };
}

/** cpufreq's `cpuinfo_max_freq` (kHz) in MHz; 0 when unreadable. */
export function parseCpufreqKHz(text: string | undefined): number {
  const khz = Number((text ?? '').trim());
  return Number.isFinite(khz) && khz > 0 ? Math.round(khz / 1000) : 0;
}

/** `32bit` or `64bit` from the machine hardware name (`uname -m`: x86_64, aarch64, i686, armv7l…). */
export function bitnessOf(machine: string): '32bit' | '64bit' {
  return /64|s390x/.test(machine) ? '64bit' : '32bit';
}
