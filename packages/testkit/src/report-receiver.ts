import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import {
  AGENT_KEY_HEADER,
  AgentReport,
  INGEST_PATH,
  MAX_INGEST_BODY_BYTES,
  MAX_INGEST_JSON_BYTES,
  WORKSPACE_HEADER,
  type IngestAck,
} from '@servicemap/protocol';

/** Options of {@link ReportReceiver}. */
export interface ReportReceiverOptions {
  readonly workspaceId: string;
  readonly agentKey: string;
  /** Default 127.0.0.1: tests only ever listen on loopback. */
  readonly host?: string;
  /** Default 0 (any free port); the port chosen first is kept across restarts. */
  readonly port?: number;
  /** Serve HTTPS with this key and certificate (PEM). */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
}

/** One request the receiver answered, in arrival order. */
export interface ReceivedRequest {
  /** The batch id when the body could be read, else undefined. */
  readonly batchId: string | undefined;
  readonly status: number;
}

// Compiled once: the interpreted Value.Check takes ~85 ms on a 2,000-connection report, the
// compiled check ~5 ms, and shipping tests send many batches. Value.Errors names the field.
const reportValidator = Compile(AgentReport);

interface ErrorAnswer {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/**
 * A stand-in for the server's ingest endpoint that speaks the contract of
 * `@servicemap/protocol` (`ingest.ts`): header auth, gzip, schema validation, dedup by batchId,
 * `200 {batchId, stored}`. It can be stopped and restarted on the same port, made to fail the
 * next N requests, made to refuse chosen batches, and made to hold requests unanswered.
 */
export class ReportReceiver {
  readonly #options: ReportReceiverOptions;
  #server: Server | undefined;
  #port: number;
  readonly #stored = new Map<string, AgentReport>();
  readonly #acceptCounts = new Map<string, number>();
  readonly #requests: ReceivedRequest[] = [];
  readonly #refused = new Map<string, ErrorAnswer>();
  #failures: { remaining: number; status: number; body: string } = { remaining: 0, status: 503, body: '' };
  #held: (() => void)[] | undefined;

  constructor(options: ReportReceiverOptions) {
    this.#options = options;
    this.#port = options.port ?? 0;
  }

  /** Starts listening (again, on the same port after a stop). */
  async start(): Promise<void> {
    if (this.#server !== undefined) return;
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      void this.#handle(req, res);
    };
    const server = this.#options.tls
      ? createHttpsServer({ key: this.#options.tls.key, cert: this.#options.tls.cert }, handler)
      : createHttpServer(handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, this.#options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Stops listening and cuts every open connection (held requests die unanswered). */
  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    this.#held = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => { resolve(); }));
    server.closeAllConnections();
    await closed;
  }

  /** The base URL to give an agent, e.g. `http://127.0.0.1:40123`. */
  get url(): string {
    const scheme = this.#options.tls ? 'https' : 'http';
    return `${scheme}://${this.#options.host ?? '127.0.0.1'}:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  /** Answers the next `count` readable requests with `status` instead of storing them. */
  failNext(count: number, status: number, body = '{"error":{"code":"BUSY","message":"injected"}}'): void {
    this.#failures = { remaining: count, status, body };
  }

  /** Answers every request carrying `batchId` with `status` (400 by default), never storing it. */
  refuseBatch(batchId: string, status = 400, message = 'refused by the test'): void {
    this.#refused.set(batchId, { status, code: 'REFUSED', message });
  }

  /** Holds requests unanswered from now on, until `release()` or `stop()`. */
  hold(): void {
    this.#held ??= [];
  }

  /** Answers every held request and stops holding. */
  release(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const resume of held) resume();
  }

  /** Stored reports, deduplicated by batchId, in the order they were first stored. */
  reports(): AgentReport[] {
    return [...this.#stored.values()];
  }

  /** How many times each batch was answered 200 (more than 1 means a resend after an ack). */
  acceptCounts(): ReadonlyMap<string, number> {
    return this.#acceptCounts;
  }

  /** Every answered request in order, with the status it got. */
  requests(): readonly ReceivedRequest[] {
    return this.#requests;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw: Buffer;
    try {
      raw = await readBody(req, MAX_INGEST_BODY_BYTES);
    } catch (error) {
      this.#answerError(res, undefined, { status: 413, code: 'TOO_LARGE', message: (error as Error).message });
      return;
    }
    if (this.#held !== undefined) await new Promise<void>((resolve) => this.#held?.push(resolve));
    const parsed = this.#parse(req, raw);
    if ('status' in parsed) {
      this.#answerError(res, undefined, parsed);
      return;
    }
    const batchId = parsed.batchId;
    const refusal = this.#refused.get(batchId);
    if (refusal !== undefined) {
      this.#answerError(res, batchId, refusal);
      return;
    }
    if (this.#failures.remaining > 0) {
      this.#failures.remaining -= 1;
      this.#answer(res, batchId, this.#failures.status, this.#failures.body);
      return;
    }
    const stored = !this.#stored.has(batchId);
    if (stored) this.#stored.set(batchId, parsed);
    this.#acceptCounts.set(batchId, (this.#acceptCounts.get(batchId) ?? 0) + 1);
    const ack: IngestAck = { batchId, stored };
    this.#answer(res, batchId, 200, JSON.stringify(ack));
  }

  #parse(req: IncomingMessage, raw: Buffer): AgentReport | ErrorAnswer {
    if (req.method !== 'POST' || req.url !== INGEST_PATH) {
      return { status: 404, code: 'NOT_FOUND', message: `${req.method ?? ''} ${req.url ?? ''}` };
    }
    const workspace = req.headers[WORKSPACE_HEADER];
    const key = req.headers[AGENT_KEY_HEADER];
    if (workspace === undefined || key === undefined) {
      return { status: 401, code: 'UNAUTHENTICATED', message: 'workspace and agent key headers are required' };
    }
    if (workspace !== this.#options.workspaceId || key !== this.#options.agentKey) {
      return { status: 403, code: 'FORBIDDEN', message: 'unknown workspace or wrong agent key' };
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return { status: 400, code: 'BAD_CONTENT_TYPE', message: 'content-type must be application/json' };
    }
    const encoding = req.headers['content-encoding'] ?? 'identity';
    if (encoding !== 'gzip' && encoding !== 'identity') {
      return { status: 400, code: 'BAD_ENCODING', message: `unsupported content-encoding ${encoding}` };
    }
    let json: Buffer;
    try {
      json = encoding === 'gzip' ? gunzipSync(raw, { maxOutputLength: MAX_INGEST_JSON_BYTES }) : raw;
    } catch (error) {
      return { status: 400, code: 'BAD_ENCODING', message: (error as Error).message };
    }
    let body: unknown;
    try {
      body = JSON.parse(json.toString('utf8'));
    } catch (error) {
      return { status: 400, code: 'BAD_JSON', message: (error as Error).message };
    }
    if (!reportValidator.Check(body)) {
      const first = [...Value.Errors(AgentReport, body)][0];
      const where = first === undefined ? '' : `${first.instancePath || '/'}: ${first.message}`;
      return { status: 400, code: 'INVALID_REPORT', message: `report does not match the schema at ${where}` };
    }
    return body;
  }

  #answerError(res: ServerResponse, batchId: string | undefined, error: ErrorAnswer): void {
    this.#answer(res, batchId, error.status, JSON.stringify({ error: { code: error.code, message: error.message } }));
  }

  #answer(res: ServerResponse, batchId: string | undefined, status: number, body: string): void {
    this.#requests.push({ batchId, status });
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  }
}

function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
    });
    req.once('end', () => {
      if (size > limitBytes) reject(new Error(`body of ${size} bytes is over ${limitBytes}`));
      else resolve(Buffer.concat(chunks));
    });
    req.once('error', reject);
  });
}
