import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AGENT_KEY_HEADER,
  INGEST_PATH,
  PROTOCOL_VERSION,
  WORKSPACE_HEADER,
  type AgentReport,
} from '@servicemap/protocol';
import { ReportReceiver } from './report-receiver.js';

const WORKSPACE = '0f8fad5b-d9cb-469f-a165-70867728950e';
const KEY = 'test-agent-key';
const AGENT = '4b9c93f9-bc37-46df-b43c-899ba829e07b';

function report(): AgentReport {
  return {
    protocolVersion: PROTOCOL_VERSION,
    batchId: randomUUID(),
    agentId: AGENT,
    machine: `m-${AGENT}`,
    sentAt: '2026-11-25T10:00:00.000Z',
    processes: [],
    connections: [],
    boundPorts: [],
    health: { mode: 'snapshots', limitations: [], eventsLost: 0, batchesDropped: 0, queueDepth: 0 },
  };
}

interface PostOptions {
  readonly headers?: Record<string, string>;
  readonly gzip?: boolean;
}

async function post(receiver: ReportReceiver, body: unknown, options: PostOptions = {}): Promise<{ status: number; json: unknown }> {
  const json = Buffer.from(JSON.stringify(body));
  const gzip = options.gzip ?? true;
  const response = await fetch(`${receiver.url}${INGEST_PATH}`, {
    method: 'POST',
    body: gzip ? gzipSync(json) : json,
    headers: {
      'content-type': 'application/json',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      [WORKSPACE_HEADER]: WORKSPACE,
      [AGENT_KEY_HEADER]: KEY,
      ...options.headers,
    },
  });
  return { status: response.status, json: await response.json() };
}

const receivers: ReportReceiver[] = [];

async function started(): Promise<ReportReceiver> {
  const receiver = new ReportReceiver({ workspaceId: WORKSPACE, agentKey: KEY });
  receivers.push(receiver);
  await receiver.start();
  return receiver;
}

afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.stop();
});

describe('ReportReceiver', () => {
  it('stores a gzip report and acknowledges it; a resend is acknowledged but not stored twice', async () => {
    const receiver = await started();
    const sent = report();
    expect(await post(receiver, sent)).toEqual({ status: 200, json: { batchId: sent.batchId, stored: true } });
    expect(await post(receiver, sent)).toEqual({ status: 200, json: { batchId: sent.batchId, stored: false } });
    expect(receiver.reports()).toEqual([sent]);
    expect(receiver.acceptCounts().get(sent.batchId)).toBe(2);
  });

  it('accepts an uncompressed body too', async () => {
    const receiver = await started();
    expect((await post(receiver, report(), { gzip: false })).status).toBe(200);
  });

  it('answers 401 without credentials and 403 with wrong ones', async () => {
    const receiver = await started();
    const noKey = await fetch(`${receiver.url}${INGEST_PATH}`, {
      method: 'POST',
      body: gzipSync(JSON.stringify(report())),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(noKey.status).toBe(401);
    expect((await post(receiver, report(), { headers: { [AGENT_KEY_HEADER]: 'wrong' } })).status).toBe(403);
    expect(receiver.reports()).toEqual([]);
  });

  it('answers 400 naming the field of a report that breaks the schema', async () => {
    const receiver = await started();
    const bad = { ...report(), machine: 'm-nope' };
    const answer = await post(receiver, bad);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: 'INVALID_REPORT', message: expect.stringContaining('/machine') as unknown } });
  });

  it('fails the next N requests with the given status, then works again', async () => {
    const receiver = await started();
    receiver.failNext(2, 503);
    const sent = report();
    expect((await post(receiver, sent)).status).toBe(503);
    expect((await post(receiver, sent)).status).toBe(503);
    expect((await post(receiver, sent)).status).toBe(200);
    expect(receiver.requests().map((r) => r.status)).toEqual([503, 503, 200]);
    expect(receiver.acceptCounts().get(sent.batchId)).toBe(1);
  });

  it('refuses a chosen batch every time', async () => {
    const receiver = await started();
    const refused = report();
    receiver.refuseBatch(refused.batchId, 413);
    expect((await post(receiver, refused)).status).toBe(413);
    expect((await post(receiver, report())).status).toBe(200);
    expect(receiver.reports()).toHaveLength(1);
  });

  it('restarts on the same port and keeps what it stored', async () => {
    const receiver = await started();
    const first = report();
    await post(receiver, first);
    const port = receiver.port;
    await receiver.stop();
    await expect(post(receiver, report())).rejects.toThrow();
    await receiver.start();
    expect(receiver.port).toBe(port);
    const second = report();
    expect((await post(receiver, second)).status).toBe(200);
    expect(receiver.reports().map((r) => r.batchId)).toEqual([first.batchId, second.batchId]);
  });

  it('holds requests unanswered until released', async () => {
    const receiver = await started();
    receiver.hold();
    let answered = false;
    const pending = post(receiver, report()).then((a) => {
      answered = true;
      return a;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toBe(false);
    receiver.release();
    expect((await pending).status).toBe(200);
  });
});
