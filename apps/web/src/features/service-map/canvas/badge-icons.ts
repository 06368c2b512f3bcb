// Glyphs of the badge kinds, drawn at 10 px inside a pill; one path each so they stay legible small.
const PATHS: Readonly<Record<string, string>> = {
  // Two arrows passing: connections (failed or flaky).
  connections: '<path d="M2 5h10l-3-3M14 11H4l3 3" fill="none" stroke="C" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>',
  // A bell: alerts.
  alerts: '<path d="M4 11V7a4 4 0 0 1 8 0v4l1.5 1.5h-11zM6.5 14h3" fill="none" stroke="C" stroke-width="1.6" stroke-linejoin="round"/>',
  // A delta: changes.
  changes: '<path d="M8 2.5l6 11H2z" fill="none" stroke="C" stroke-width="1.7" stroke-linejoin="round"/>',
  // An arrow into a tray: updates.
  updates: '<path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M2.5 13.5h11" fill="none" stroke="C" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round"/>',
  // A shield: security.
  security: '<path d="M8 1.8 13.5 4v4c0 3.2-2.4 5.3-5.5 6.3C4.9 13.3 2.5 11.2 2.5 8V4z" fill="none" stroke="C" stroke-width="1.6" stroke-linejoin="round"/>',
  // A ticket: service desk.
  serviceDesk: '<path d="M2 4.5h12v2.2a1.5 1.5 0 0 0 0 2.6v2.2H2V9.3a1.5 1.5 0 0 0 0-2.6z" fill="none" stroke="C" stroke-width="1.5" stroke-linejoin="round"/>',
};

/** Kinds with a glyph of their own; any other provider gets a dot. */
export const BADGE_KINDS: readonly string[] = Object.keys(PATHS);

const DOT = '<circle cx="8" cy="8" r="4" fill="C"/>';

/** A data URI of a badge kind's glyph in `colour`, for the pill's background image. */
export function badgeIcon(kind: string | undefined, colour: string): string {
  const path = (kind === undefined ? undefined : PATHS[kind]) ?? DOT;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">${path.replaceAll('"C"', `"${colour}"`)}</svg>`;
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}
