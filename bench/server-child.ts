// A bench's own script run again as a server child (`--role server --data-dir DIR`): the bench
// measures a real server over loopback HTTP without sharing its process (or its CPU count).
import { spawn } from 'node:child_process';
import { resolveServerConfig } from '../apps/server/src/config.js';
import { startServer } from '../apps/server/src/server.js';

/** The child role: a real server on an ephemeral loopback port; prints its URL once listening. */
export async function serveForBench(dataDir: string): Promise<void> {
  const server = await startServer(
    resolveServerConfig({ flags: { dataDir, host: '127.0.0.1', port: 0, logLevel: 'warn' } }),
    { handleSignals: true },
  );
  console.log(JSON.stringify({ url: server.url }));
}

/** Starts this script as a server child on `dataDir`, runs `use` with its URL and pid, then stops it. */
export async function withServerChild<T>(dataDir: string, nodeFlags: readonly string[], use: (url: string, pid: number) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, [...nodeFlags, process.argv[1]!, '--role', 'server', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve) => {
      child.stdout.once('data', (d: Buffer) => { resolve((JSON.parse(d.toString()) as { url: string }).url); });
    });
    return await use(url, child.pid!);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}
