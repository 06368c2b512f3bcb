import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { AGENT_KEY_HEADER, INGEST_PATH, WORKSPACE_HEADER } from '@servicemap/protocol';

/** One answer of the server to one batch. */
export interface IngestResponse {
  readonly status: number;
  /** The start of the response body (error answers name the problem there). */
  readonly body: string;
  /** The raw Retry-After header, when the server sent one. */
  readonly retryAfter: string | undefined;
}

/** Posts one gzip batch; rejects on network errors, timeouts and aborts. */
export interface IngestPoster {
  post(gzipBody: Buffer, signal: AbortSignal): Promise<IngestResponse>;
}

/** Options of {@link IngestClient}. */
export interface IngestClientOptions {
  /** `http://host:port` or `https://host:port`, optionally with a path prefix. */
  readonly serverUrl: string;
  readonly workspaceId: string;
  readonly agentKey: string;
  /** PEM CA certificate(s) to trust instead of the system store (contents). */
  readonly ca?: string | Buffer;
  /** A PEM file of CA certificate(s) to trust instead of the system store; read once, here. */
  readonly caFile?: string;
  /** Accept any server certificate. For labs only; never the default. */
  readonly insecureSkipVerify?: boolean;
  /** Deadline for the whole exchange, connect to last byte. */
  readonly requestTimeoutMs: number;
  readonly userAgent?: string;
}

/** Error bodies are for logs and the rejected/ notes; no reason to keep more of them. */
const MAX_RESPONSE_BODY_BYTES = 64 * 1024;

/** The ingest URL for a server base URL, keeping any path prefix (a reverse proxy's sub-path). */
export function ingestUrl(serverUrl: string): URL {
  const base = new URL(serverUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new TypeError(`server URL must be http or https: ${serverUrl}`);
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  return new URL(`${prefix}${INGEST_PATH}`, base.origin);
}

/**
 * The HTTP(S) side of shipping: one keep-alive connection pool to the server, one request per
 * batch. It knows nothing of queues or retries; the shipper decides what an answer means.
 */
export class IngestClient implements IngestPoster {
  readonly #url: URL;
  readonly #options: IngestClientOptions;
  readonly #agent: HttpAgent;

  constructor(options: IngestClientOptions) {
    this.#url = ingestUrl(options.serverUrl);
    this.#options = options;
    const ca = options.ca ?? (options.caFile === undefined ? undefined : readFileSync(options.caFile));
    this.#agent =
      this.#url.protocol === 'https:'
        ? new HttpsAgent({
            keepAlive: true,
            maxSockets: 1,
            ...(ca === undefined ? {} : { ca }),
            rejectUnauthorized: options.insecureSkipVerify !== true,
          })
        : new HttpAgent({ keepAlive: true, maxSockets: 1 });
  }

  /** Sends one batch and resolves with the server's answer, whatever its status. */
  post(gzipBody: Buffer, signal: AbortSignal): Promise<IngestResponse> {
    const deadline = AbortSignal.timeout(this.#options.requestTimeoutMs);
    const combined = AbortSignal.any([signal, deadline]);
    const send = this.#url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<IngestResponse>((resolve, reject) => {
      const req = send(this.#url, {
        method: 'POST',
        agent: this.#agent,
        signal: combined,
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'content-length': gzipBody.length,
          accept: 'application/json',
          'user-agent': this.#options.userAgent ?? 'servicemap-agent',
          [WORKSPACE_HEADER]: this.#options.workspaceId,
          [AGENT_KEY_HEADER]: this.#options.agentKey,
        },
      });
      req.once('error', (error) => {
        reject(deadline.aborted && !signal.aborted ? timeoutError(this.#options.requestTimeoutMs) : error);
      });
      req.once('response', (res) => {
        readLimited(res).then(
          (body) => {
            resolve({ status: res.statusCode ?? 0, body, retryAfter: headerValue(res.headers['retry-after']) });
          },
          (error: unknown) => {
            const cause = error instanceof Error ? error : new Error(String(error));
            reject(deadline.aborted && !signal.aborted ? timeoutError(this.#options.requestTimeoutMs) : cause);
          },
        );
      });
      req.end(gzipBody);
    });
  }

  /** Closes idle keep-alive connections so the process can exit. */
  close(): void {
    this.#agent.destroy();
  }
}

function timeoutError(ms: number): Error {
  return new Error(`request timed out after ${ms} ms`);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the body up to the limit and discards the rest (the socket stays reusable). */
function readLimited(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    res.on('data', (chunk: Buffer) => {
      if (kept >= MAX_RESPONSE_BODY_BYTES) return;
      const part = chunk.subarray(0, MAX_RESPONSE_BODY_BYTES - kept);
      chunks.push(part);
      kept += part.length;
    });
    res.once('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    res.once('error', reject);
    res.once('aborted', () => {
      reject(new Error('response aborted'));
    });
  });
}
