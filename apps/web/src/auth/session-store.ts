import type { WorkspaceInfo } from '../api/service-map-client.js';

/** A signed-in token and the workspace it belongs to. */
export interface Session {
  readonly token: string;
  readonly workspace: WorkspaceInfo;
}

const KEY = 'servicemap.sessions';

/**
 * Tokens live in `sessionStorage`: they last for the browser tab's session and never reach the
 * URL, other tabs' disks or the server beyond the Authorization header.
 */
export function loadSessions(storage: Storage = sessionStorage): Session[] {
  try {
    const parsed = JSON.parse(storage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as Session[]).filter((s) => typeof s.token === 'string' && typeof s.workspace.id === 'string') : [];
  } catch {
    return [];
  }
}

/** Adds or replaces the session of a workspace. */
export function saveSession(session: Session, storage: Storage = sessionStorage): Session[] {
  const sessions = [...loadSessions(storage).filter((s) => s.workspace.id !== session.workspace.id), session];
  storage.setItem(KEY, JSON.stringify(sessions));
  return sessions;
}

export function clearSessions(storage: Storage = sessionStorage): void {
  storage.removeItem(KEY);
}
