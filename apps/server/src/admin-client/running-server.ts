import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOOTSTRAP_FILE, type BootstrapCredentials } from '../bootstrap.js';
import { SERVER_STATE_FILE, type ServerState } from '../server.js';

/**
 * What a data directory says about the server that uses it: the URL it listens on (written at
 * start to `server.json`) and the bootstrap admin token. Either is absent when its file is missing
 * or unreadable. The CLI's admin and query commands find a running server through this.
 */
export function readRunningServer(dataDir: string): { readonly url?: string; readonly adminToken?: string } {
  const url = (readJson(join(dataDir, SERVER_STATE_FILE)) as Partial<ServerState> | undefined)?.url;
  const adminToken = (readJson(join(dataDir, BOOTSTRAP_FILE)) as Partial<BootstrapCredentials> | undefined)?.adminToken;
  return { ...(typeof url === 'string' ? { url } : {}), ...(typeof adminToken === 'string' ? { adminToken } : {}) };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
