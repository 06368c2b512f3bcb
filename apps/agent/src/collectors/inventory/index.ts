/**
 * Agent inventory: the machine (VMComputer) facts and the package database that fills the
 * product columns of processes (VMProcess). Roles and process groups are computed in
 * `@servicemap/topology` (`roleOf`, `processGroupOf`), which the browser shares.
 */
export { readMachineInventory, type MachineFacts, type MachineInventoryOptions } from './machine-inventory.js';
export { PackageDatabase, type PackageDatabaseOptions, type PackageDatabaseStats, type RunCommand } from './package-database.js';
export type { PackageProduct } from './package-product.js';
export { resolveRoots, SYSTEM_ROOTS, type InventoryRoots } from './inventory-roots.js';
export { detectVirtualization, type Virtualization, type VirtualizationSignals } from './virtualization.js';
export { readVirtualizationSignals } from './virtualization-signals.js';
export { canonicalUsrPath } from './package-index.js';
