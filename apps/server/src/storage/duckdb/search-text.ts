import type { MachineInventory, ProcessInventory } from '@servicemap/protocol';
import { SEARCH_TEXT_COLUMN, SEARCH_TEXT_SEPARATOR } from '@servicemap/kql';

import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The per-row search text of the inventory tables (the kql catalogue's `searchText` capability of
 * ServiceMapComputer_CL and ServiceMapProcess_CL): the `covers` columns of the catalogue, each as
 * the view renders it, in the catalogue's order, lower-cased and joined by U+001F. Filled by the
 * appender at ingest (JS) and by {@link fillSearchText} on open (SQL) for rows written another
 * way or in an older format; tests hold the JS form, the SQL form and the views' columns equal.
 * VMConnection has none: its rows are the bulk of ingest and its views are not what `search`
 * samples read. The process text leaves out the per-process ids (see the catalogue for why).
 */

/**
 * The text format's version, kept as the column's comment. Version 2 (this one) added the views'
 * constants and dropped the process ids; a store with another version is refilled on open.
 */
export const SEARCH_TEXT_VERSION = 'search-text v2';

/** The views' constant columns (schema.ts): part of the text, as a search for them finds every row. */
const SOURCE_SYSTEM = 'OpsManager';
const COMPUTER_TYPE = 'ServiceMapComputer_CL';
const PROCESS_TYPE = 'ServiceMapProcess_CL';

/** JS form: NULLs are skipped as `concat_ws` skips them. */
const joinText = (parts: readonly (string | null | undefined)[]): string =>
  parts.filter((p): p is string => p !== null && p !== undefined).join(SEARCH_TEXT_SEPARATOR).toLowerCase();

/** The text of one VMComputer row, from the values the appender stores. */
export function computerSearchText(machine: string, m: MachineInventory): string {
  return joinText([
    SOURCE_SYSTEM, `/machines/${machine}`, machine, m.hostName, JSON.stringify(m.ipv4Interfaces.map((i) => i.ipAddress)),
    JSON.stringify(m.ipv6Addresses), JSON.stringify(m.dnsNames), m.operatingSystemFamily, m.operatingSystemFullName, m.bitness,
    m.virtualizationState, m.virtualMachineType, m.virtualMachineNativeId, m.virtualMachineNativeName, COMPUTER_TYPE,
  ]);
}

/** The text of one VMProcess row (InternalName, FileVersion and UserDomain are always NULL). */
export function processSearchText(r: ProcessInventory): string {
  return joinText([
    SOURCE_SYSTEM, r.executableName, r.description, r.companyName, r.productName, r.productVersion, r.commandLine,
    r.executablePath, r.workingDirectory, r.userName, PROCESS_TYPE,
  ]);
}

const literal = (text: string): string => `'${text}'`;
const COMPUTER_SQL = [
  literal(SOURCE_SYSTEM), `'/machines/' || Machine`, 'Machine', 'HostName', 'CAST(Ipv4Addresses AS VARCHAR)',
  'CAST(Ipv6Addresses AS VARCHAR)', 'CAST(DnsNames AS VARCHAR)', 'OperatingSystemFamily', 'OperatingSystemFullName', 'Bitness',
  'VirtualizationState', 'VirtualMachineType', 'VirtualMachineNativeId', 'VirtualMachineNativeName', literal(COMPUTER_TYPE),
];
const PROCESS_SQL = [
  literal(SOURCE_SYSTEM), 'ExecutableName', 'Description', 'CompanyName', 'ProductName', 'ProductVersion', 'CommandLine',
  'ExecutablePath', 'WorkingDirectory', 'UserName', literal(PROCESS_TYPE),
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

/**
 * Makes every row's text current, at open: all rows when the column's comment names another
 * format (a store from before this version: one pass, then never again), else the rows written
 * without one (a bulk load); the second is cheap when there are none.
 */
export async function fillSearchText(c: DuckDBConnection): Promise<void> {
  for (const [table, sql] of SEARCH_TEXT_TABLES) {
    const found = await c.runAndReadAll(
      'SELECT comment FROM duckdb_columns() WHERE database_name = current_database() AND table_name = $1 AND column_name = $2',
      [table, SEARCH_TEXT_COLUMN],
    );
    const current = found.getRows()[0]?.[0] === SEARCH_TEXT_VERSION;
    await c.run(`UPDATE ${table} SET ${SEARCH_TEXT_COLUMN} = ${sql}${current ? ` WHERE ${SEARCH_TEXT_COLUMN} IS NULL` : ''}`);
    if (!current) await c.run(`COMMENT ON COLUMN ${table}.${SEARCH_TEXT_COLUMN} IS '${SEARCH_TEXT_VERSION}'`);
  }
}
