import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { MAX_INGEST_BODY_BYTES, MAX_INGEST_JSON_BYTES } from '@servicemap/protocol';
import { ApiError } from '../errors.js';

/** Size limits of an ingest body. */
export interface IngestBodyLimits {
  /** Bytes as sent (compressed when gzip). */
  readonly maxBodyBytes: number;
  /** Bytes after decompression. */
  readonly maxJsonBytes: number;
}

export const DEFAULT_INGEST_BODY_LIMITS: IngestBodyLimits = {
  maxBodyBytes: MAX_INGEST_BODY_BYTES,
  maxJsonBytes: MAX_INGEST_JSON_BYTES,
};

/** `Content-Encoding` values we read; anything else is a 415. */
type Encoding = 'identity' | 'gzip';

function encodingOf(header: string | undefined): Encoding {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  throw new ApiError('UnsupportedContentEncoding', `Content-Encoding ${value} is not supported; send gzip or identity.`);
}

const gunzipAsync = promisify(gunzip);

const tooLarge = (what: string, limit: number): ApiError =>
  new ApiError('PayloadTooLarge', `The ${what} exceeds ${limit} bytes.`);

/**
 * Reads an ingest body and parses its JSON, never holding more than the limits allow: the raw
 * stream is counted as it arrives, and gzip output is capped while inflating, so a small "zip
 * bomb" stops at `maxJsonBytes` instead of filling memory. Errors are catalogue errors (413, 415, 400).
 */
export async function readIngestBody(
  raw: Readable,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  limits: IngestBodyLimits,
): Promise<unknown> {
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBodyBytes) throw tooLarge('request body', limits.maxBodyBytes);
  const encodingHeader = headers['content-encoding'];
  const encoding = encodingOf(Array.isArray(encodingHeader) ? encodingHeader.join(',') : encodingHeader);
  const text = await collect(raw, encoding, limits);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError('InvalidJson', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Collects the raw body up to `maxBodyBytes`, then inflates it in one call on libuv's thread pool
 * with `maxOutputLength`: zlib stops (and fails) as soon as the output would pass the limit, so a
 * zip bomb costs at most `maxJsonBytes` of memory. Rejected alternative: a gunzip stream on the
 * request, which did the same with bounded memory but cost one JS callback per 16 KiB of output,
 * about a tenth of the ingest CPU.
 */
async function collect(raw: Readable, encoding: Encoding, limits: IngestBodyLimits): Promise<string> {
  const body = await collectRaw(raw, limits.maxBodyBytes);
  if (encoding === 'identity') {
    if (body.length > limits.maxJsonBytes) throw tooLarge('decompressed report', limits.maxJsonBytes);
    return body.toString('utf8');
  }
  try {
    // 256 KiB output chunks instead of zlib's 16 KiB: one JS callback per chunk was ~1/10 of ingest CPU.
    return (await gunzipAsync(body, { maxOutputLength: limits.maxJsonBytes, chunkSize: 256 * 1024 })).toString('utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge('decompressed report', limits.maxJsonBytes);
    throw new ApiError('InvalidGzip', `The request body is not valid gzip: ${(error as Error).message}`);
  }
}

/** Reads the request body, failing as soon as it passes `maxBytes` (a lying Content-Length does not help). */
function collectRaw(raw: Readable, maxBytes: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    raw.on('data', (chunk: Buffer) => {
      if (settled) return;
      bytes += chunk.length;
      if (bytes > maxBytes) {
        settled = true;
        // Keep reading (and discarding) so the client can finish sending and read our answer.
        raw.resume();
        reject(tooLarge('request body', maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    raw.on('error', () => {
      if (settled) return;
      settled = true;
      reject(new ApiError('InvalidRequest', 'The request body was cut off.'));
    });
    raw.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, bytes));
    });
  });
}
