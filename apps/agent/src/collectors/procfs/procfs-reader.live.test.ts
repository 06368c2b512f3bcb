import { readlinkSync, realpathSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SocketEntry } from '../../model/socket-entry.js';
import { TcpState } from '../../model/socket-entry.js';
import { ProcfsReader } from './procfs-reader.js';

/** A listener and one accepted connection on a loopback address, all in this process. */
interface Pair {
  server: Server;
  client: Socket;
  accepted: Socket;
  port: number;
}

async function loopbackPair(host: string): Promise<Pair> {
  const server = createServer();
  const acceptedP = new Promise<Socket>((resolve) => server.once('connection', resolve));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const client = createConnection({ host, port: address.port });
  await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('error', reject));
  return { server, client, accepted: await acceptedP, port: address.port };
}

const pairs: Pair[] = [];
const reader = new ProcfsReader();
beforeAll(async () => {
  pairs.push(await loopbackPair('127.0.0.1'), await loopbackPair('::1'));
});
afterAll(async () => {
  for (const p of pairs) {
    p.client.destroy();
    p.accepted.destroy();
    await new Promise((resolve) => p.server.close(resolve));
  }
  await reader.close();
});

const row = (s: SocketEntry) => [s.family, s.localIp, s.localPort, s.remoteIp, s.remotePort, s.state];

describe('ProcfsReader against the real /proc', () => {
  it('shows this process owning its loopback listeners and both ends of its connections', () => {
    const snap = reader.snapshot(Date.now());
    const me = snap.processes.get(process.pid);
    expect(me).toBeDefined();
    expect(me?.exePath).toBe(realpathSync(process.execPath));
    expect(snap.ownNetns).toBe(Number(/\d+/.exec(readlinkSync('/proc/self/ns/net'))?.[0]));
    const mine = new Set(me?.socketInodes);
    const owned = snap.sockets.filter((s) => mine.has(s.inode)).map(row);
    for (const [family, ip, pair] of [
      [4, '127.0.0.1', pairs[0]!],
      [6, '::1', pairs[1]!],
    ] as const) {
      const clientPort = pair.client.localPort ?? 0;
      expect(owned).toContainEqual([family, ip, pair.port, family === 4 ? '0.0.0.0' : '::', 0, TcpState.LISTEN]);
      expect(owned).toContainEqual([family, ip, clientPort, ip, pair.port, TcpState.ESTABLISHED]);
      expect(owned).toContainEqual([family, ip, pair.port, ip, clientPort, TcpState.ESTABLISHED]);
    }
  });

  it('finds the same sockets through readTables and this process through rescan', () => {
    const tables = reader.readTables();
    const ports = new Set(pairs.map((p) => p.port));
    expect(tables.filter((s) => ports.has(s.localPort) && s.state === TcpState.LISTEN)).toHaveLength(2);
    const [me] = reader.rescan([process.pid]);
    expect(me?.pid).toBe(process.pid);
    expect(me?.socketInodes.length).toBeGreaterThanOrEqual(6);
  });
});
