import type { ProcessRole } from '@servicemap/protocol';

// Small monochrome glyphs drawn in the node's corner; paths are simple so they stay legible at 16 px.
const PATHS: Readonly<Record<ProcessRole, string>> = {
  // A globe: web server.
  webServer: '<circle cx="8" cy="8" r="6.5" fill="none" stroke="C" stroke-width="1.4"/><path d="M1.5 8h13M8 1.5c-2.5 3-2.5 10 0 13M8 1.5c2.5 3 2.5 10 0 13" fill="none" stroke="C" stroke-width="1.2"/>',
  // Gear-like square: application server.
  appServer: '<rect x="2" y="2" width="12" height="12" rx="2" fill="none" stroke="C" stroke-width="1.4"/><path d="M5 6h6M5 8h6M5 10h4" stroke="C" stroke-width="1.2"/>',
  // A cylinder: database.
  databaseServer: '<ellipse cx="8" cy="3.5" rx="5.5" ry="2" fill="none" stroke="C" stroke-width="1.3"/><path d="M2.5 3.5v9c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2v-9M2.5 8c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2" fill="none" stroke="C" stroke-width="1.3"/>',
  // A tree: LDAP directory.
  ldapServer: '<circle cx="8" cy="3" r="1.8" fill="C"/><circle cx="3.5" cy="13" r="1.8" fill="C"/><circle cx="12.5" cy="13" r="1.8" fill="C"/><path d="M8 5v4M8 9H3.5v2M8 9h4.5v2" fill="none" stroke="C" stroke-width="1.2"/>',
  // A folder: SMB file server.
  smbServer: '<path d="M1.5 4h5l1.5 1.5h6.5v8h-13z" fill="none" stroke="C" stroke-width="1.4"/>',
};

/** Human names of the roles, for tooltips and panes. */
export const ROLE_NAMES: Readonly<Record<ProcessRole, string>> = {
  webServer: 'Web server', appServer: 'Application server', databaseServer: 'Database server', ldapServer: 'LDAP server', smbServer: 'SMB server',
};

/** A data URI of the role's icon in `colour`, for the canvas's background images. */
export function roleIcon(role: ProcessRole, colour: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">${PATHS[role].replaceAll('"C"', `"${colour}"`)}</svg>`;
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}
