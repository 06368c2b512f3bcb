import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ReportReceiver } from '@servicemap/testkit';
import { openShipping, type Shipping, type ShippingConfig } from './open-shipping.js';
import { sampleReport } from './sample-report.js';

const run = promisify(execFile);
const WORKSPACE = '0f8fad5b-d9cb-469f-a165-70867728950e';
const KEY = 'test-agent-key';
const WAIT = { timeout: 15_000, interval: 20 };

let dir: string;
let caFile: string;
let receiver: ReportReceiver;

/** A throwaway CA and a server certificate it signs for IP 127.0.0.1, made with openssl. */
async function makeCertificates(into: string): Promise<{ ca: string; key: string; cert: string }> {
  const p = (name: string): string => join(into, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '1',
    '-subj', '/CN=servicemap test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await run('openssl', ['req', ...ec, '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=127.0.0.1']);
  await writeFile(p('server.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  await run('openssl', ['x509', '-req', '-in', p('server.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'),
    '-CAcreateserial', '-out', p('server.pem'), '-days', '1', '-extfile', p('server.ext')]);
  return { ca: p('ca.pem'), key: p('server.key'), cert: p('server.pem') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemap-tls-'));
  const files = await makeCertificates(dir);
  caFile = files.ca;
  receiver = new ReportReceiver({
    workspaceId: WORKSPACE,
    agentKey: KEY,
    tls: { key: await readFile(files.key), cert: await readFile(files.cert) },
  });
  await receiver.start();
});

afterAll(async () => {
  await receiver.stop();
  await rm(dir, { recursive: true, force: true });
});

function config(name: string, tls: Pick<ShippingConfig, 'caFile' | 'insecureSkipVerify'>): ShippingConfig {
  return {
    server: receiver.url,
    workspace: WORKSPACE,
    key: KEY,
    stateDir: join(dir, name),
    queueMaxBytes: 1024 * 1024,
    queueMaxBatches: 100,
    requestTimeoutMs: 5_000,
    retryBaseMs: 10,
    retryMaxMs: 100,
    ...tls,
  };
}

async function shipOne(shipping: Shipping, window: number): Promise<void> {
  await shipping.queue.enqueue(sampleReport(window));
  shipping.shipper.kick();
}

describe('Shipper over HTTPS with a private CA', () => {
  it('delivers when the CA file is configured', async () => {
    expect(receiver.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
    const shipping = await openShipping(config('with-ca', { caFile, insecureSkipVerify: false }));
    try {
      await shipOne(shipping, 1);
      await vi.waitFor(() => { expect(shipping.queue.depth()).toBe(0); }, WAIT);
      expect(receiver.reports().some((r) => r.connections[0]?.bytesSent === 1)).toBe(true);
    } finally {
      await shipping.close();
    }
  });

  it('refuses the server without the CA, keeps the batch and says why', async () => {
    const shipping = await openShipping(config('without-ca', { caFile: undefined, insecureSkipVerify: false }));
    try {
      await shipOne(shipping, 2);
      await vi.waitFor(() => { expect(shipping.shipper.status().consecutiveFailures).toBeGreaterThan(1); }, WAIT);
      expect(shipping.shipper.status().lastError?.message).toMatch(/certificate/i);
      expect(shipping.queue.depth()).toBe(1);
      expect(receiver.reports().some((r) => r.connections[0]?.bytesSent === 2)).toBe(false);
    } finally {
      await shipping.close();
    }
  });

  it('delivers without the CA only when insecureSkipVerify is set', async () => {
    const shipping = await openShipping(config('insecure', { caFile: undefined, insecureSkipVerify: true }));
    try {
      await shipOne(shipping, 3);
      await vi.waitFor(() => { expect(shipping.queue.depth()).toBe(0); }, WAIT);
      expect(receiver.reports().some((r) => r.connections[0]?.bytesSent === 3)).toBe(true);
    } finally {
      await shipping.close();
    }
  });
});
