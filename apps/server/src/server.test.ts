import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveServerConfig } from './config.js';
import type { BootstrapCredentials } from './bootstrap.js';
import { SERVER_STATE_FILE, startServer } from './server.js';

const dir = mkdtempSync(join(tmpdir(), 'sm-server-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });
const silent = pino({ level: 'silent' });

describe('startServer', () => {
  it('bootstraps, listens, records server.json, and removes it on close', async () => {
    const dataDir = join(dir, 'plain');
    const server = await startServer(resolveServerConfig({ flags: { dataDir, host: '127.0.0.1', port: 0 } }), { logger: silent });
    try {
      expect(existsSync(join(dataDir, 'bootstrap.json'))).toBe(true);
      const state = JSON.parse(readFileSync(join(dataDir, SERVER_STATE_FILE), 'utf8')) as { pid: number; url: string };
      expect(state).toMatchObject({ pid: process.pid, url: server.url });
      expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    } finally {
      await server.close();
    }
    expect(existsSync(join(dataDir, SERVER_STATE_FILE))).toBe(false);
    expect(server.storage.isOpen()).toBe(false);
  });

  it('speaks HTTPS with --tls-cert and --tls-key', async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
      '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const server = await startServer(resolveServerConfig({
      flags: { dataDir: join(dir, 'tls'), host: '127.0.0.1', port: 0, tlsCertPath: cert, tlsKeyPath: key },
    }), { logger: silent });
    try {
      expect(server.url).toMatch(/^https:/);
      const body = await new Promise<string>((resolve, reject) => {
        request(`${server.url}/healthz`, { ca: readFileSync(cert) }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => { text += d.toString(); });
          res.on('end', () => { resolve(text); });
        }).on('error', reject).end();
      });
      expect(JSON.parse(body)).toEqual({ status: 'ok' });
    } finally {
      await server.close();
    }
  });

  it('answers Log Analytics queries within the limits the server settings give', async () => {
    const dataDir = join(dir, 'limits');
    const server = await startServer(resolveServerConfig({
      env: { SERVICEMAP_QUERY_MAX_ROWS: '2' }, flags: { dataDir, host: '127.0.0.1', port: 0 },
    }), { logger: silent });
    try {
      const boot = JSON.parse(readFileSync(join(dataDir, 'bootstrap.json'), 'utf8')) as BootstrapCredentials;
      const res = await fetch(`${server.url}/v1/workspaces/${boot.workspaceId}/query`, {
        method: 'POST', headers: { authorization: `Bearer ${boot.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'datatable (a:int) [1, 2, 3]' }),
      });
      expect(res.status).toBe(200);
      const body = await res.json() as { tables: { rows: unknown[][] }[]; error?: { code: string } };
      expect(body.tables[0]?.rows).toEqual([[1], [2]]);
      expect(body.error).toMatchObject({ code: 'PartialError' });
    } finally {
      await server.close();
    }
  });
});
