import type { MachineInventory, ProcessInventory } from '@servicemap/protocol';
import { SEARCH_TEXT_COLUMN, SEARCH_TEXT_SEPARATOR } from '@servicemap/kql';

/**
 * The per-row search text of the inventory tables (the kql catalogue's `searchText` capability of
 * ServiceMapComputer_CL and ServiceMapProcess_CL): the views' stored text columns, each as the view
 * renders it, lower-cased and joined by U+001F. Filled by the appender at ingest (JS) and by
 * {@link SEARCH_TEXT_BACKFILL} on open for rows stored before the column existed (SQL); the two
 * forms list the same columns in the same order and a test holds them equal. VMConnection has
 * none: its rows are the bulk of ingest and its views are not what `search` samples read.
 */

/** A resource id as the views render it (`'/machines/' || Machine`); it contains the bare name too. */
const machineId = (machine: string): string => `/machines/${machine}`;

/** JS form: NULLs are skipped as `concat_ws` skips them. */
const joinText = (parts: readonly (string | null | undefined)[]): string =>
  parts.filter((p): p is string => p !== null && p !== undefined).join(SEARCH_TEXT_SEPARATOR).toLowerCase();

/** The text of one VMComputer row, from the values the appender stores. */
export function computerSearchText(machine: string, m: MachineInventory): string {
  return joinText([
    machineId(machine), m.hostName, JSON.stringify(m.ipv4Interfaces.map((i) => i.ipAddress)), JSON.stringify(m.ipv6Addresses),
    JSON.stringify(m.dnsNames), m.operatingSystemFamily, m.operatingSystemFullName, m.bitness, m.virtualizationState,
    m.virtualMachineType, m.virtualMachineNativeId, m.virtualMachineNativeName,
  ]);
}

/** The text of one VMProcess row. */
export function processSearchText(machine: string, r: ProcessInventory): string {
  return joinText([
    `${machineId(machine)}/processes/${r.process}`, r.executableName, r.description, r.companyName, r.productName,
    r.productVersion, r.commandLine, r.executablePath, r.workingDirectory, r.userName,
  ]);
}

const COMPUTER_SQL = [
  `'/machines/' || Machine`, 'HostName', 'CAST(Ipv4Addresses AS VARCHAR)', 'CAST(Ipv6Addresses AS VARCHAR)',
  'CAST(DnsNames AS VARCHAR)', 'OperatingSystemFamily', 'OperatingSystemFullName', 'Bitness', 'VirtualizationState',
  'VirtualMachineType', 'VirtualMachineNativeId', 'VirtualMachineNativeName',
];
const PROCESS_SQL = [
  `'/machines/' || Machine || '/processes/' || Process`, 'ExecutableName', 'Description', 'CompanyName', 'ProductName',
  'ProductVersion', 'CommandLine', 'ExecutablePath', 'WorkingDirectory', 'UserName',
];

/** SQL form of the text, over a stored table's columns. */
export const searchTextSql = (parts: readonly string[]): string => `lower(concat_ws(chr(31), ${parts.join(', ')}))`;

/** Inventory tables with a search text, and the SQL that computes it from their row. */
export const SEARCH_TEXT_TABLES: readonly (readonly [table: string, sql: string])[] = [
  ['VMComputer_Stored', searchTextSql(COMPUTER_SQL)],
  ['VMProcess_Stored', searchTextSql(PROCESS_SQL)],
];

/** Adds the column to a store created before it existed; idempotent. */
export const SEARCH_TEXT_COLUMNS: readonly string[] = SEARCH_TEXT_TABLES.map(
  ([table]) => `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${SEARCH_TEXT_COLUMN} VARCHAR`,
);

/** Fills the text of rows stored without one (an older store, or a bulk load); cheap when none are. */
export const SEARCH_TEXT_BACKFILL: readonly string[] = SEARCH_TEXT_TABLES.map(
  ([table, sql]) => `UPDATE ${table} SET ${SEARCH_TEXT_COLUMN} = ${sql} WHERE ${SEARCH_TEXT_COLUMN} IS NULL`,
);
