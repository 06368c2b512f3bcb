import type { Readable } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
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

const tooLarge = (what: string, limit: number): ApiError =>
  new ApiError('PayloadTooLarge', `The ${what} exceeds ${limit} bytes.`);

/**
 * Reads an ingest body and parses its JSON, never holding more than the limits allow: the raw
 * stream is counted as it arrives (a lying or absent Content-Length does not help), and gzip is
 * inflated as a stream whose output is counted too, so a small "zip bomb" stops at
 * `maxJsonBytes` instead of filling memory. Errors are catalogue errors (413, 415, 400).
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

function collect(raw: Readable, encoding: Encoding, limits: IngestBodyLimits): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let rawBytes = 0;
    let jsonBytes = 0;
    let settled = false;
    const gunzip: Gunzip | undefined = encoding === 'gzip' ? createGunzip() : undefined;
    const fail = (error: ApiError): void => {
      if (settled) return;
      settled = true;
      raw.unpipe();
      gunzip?.destroy();
      // Keep reading (and discarding) so the client can finish sending and read our answer.
      raw.resume();
      reject(error);
    };
    const onJson = (chunk: Buffer): void => {
      jsonBytes += chunk.length;
      if (jsonBytes > limits.maxJsonBytes) fail(tooLarge('decompressed report', limits.maxJsonBytes));
      else chunks.push(chunk);
    };
    const done = (): void => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    raw.on('data', (chunk: Buffer) => {
      if (settled) return;
      rawBytes += chunk.length;
      if (rawBytes > limits.maxBodyBytes) {
        fail(tooLarge('request body', limits.maxBodyBytes));
        return;
      }
      if (gunzip === undefined) onJson(chunk);
      // Respect the inflater's back-pressure: pause the socket until it drains.
      else if (!gunzip.write(chunk)) {
        raw.pause();
        gunzip.once('drain', () => raw.resume());
      }
    });
    raw.on('error', () => {
      fail(new ApiError('InvalidRequest', 'The request body was cut off.'));
    });
    if (gunzip === undefined) {
      raw.on('end', done);
      return;
    }
    gunzip.on('data', onJson);
    gunzip.on('error', (error) => {
      fail(new ApiError('InvalidGzip', `The request body is not valid gzip: ${error.message}`));
    });
    gunzip.on('end', done);
    raw.on('end', () => {
      if (!settled) gunzip.end();
    });
  });
}
