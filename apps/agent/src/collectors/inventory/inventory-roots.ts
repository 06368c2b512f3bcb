/**
 * Where the inventory readers look. Every path they read is below one of these roots, so tests
 * point them at fixture trees in temp dirs; in production they are the real `/proc`, `/sys`,
 * `/etc` and `/var/lib/dpkg`.
 */
export interface InventoryRoots {
  readonly procRoot: string;
  readonly sysRoot: string;
  readonly etcRoot: string;
  readonly dpkgRoot: string;
  /** Root of the rpm database (`/var/lib/rpm`). */
  readonly rpmRoot: string;
}

/** The real system locations. */
export const SYSTEM_ROOTS: InventoryRoots = {
  procRoot: '/proc',
  sysRoot: '/sys',
  etcRoot: '/etc',
  dpkgRoot: '/var/lib/dpkg',
  rpmRoot: '/var/lib/rpm',
};

/** Fills unset roots with the system locations. */
export function resolveRoots(partial: Partial<InventoryRoots> = {}): InventoryRoots {
  return { ...SYSTEM_ROOTS, ...partial };
}
