import { resolveServerConfig } from './config.js';
import { startServer, type RunningServer } from './server.js';

/**
 * Starts a server configured from the environment (and `SERVICEMAP_CONFIG`), stopping cleanly on
 * SIGTERM/SIGINT. The `servicemap server` command adds flags on top; this entry serves process
 * managers and tests that spawn the server directly.
 */
export function main(env: Readonly<Record<string, string | undefined>> = process.env): Promise<RunningServer> {
  return startServer(resolveServerConfig({ env }), { handleSignals: true });
}
