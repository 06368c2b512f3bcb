/**
 * Shipping: the bounded on-disk queue of report batches and the shipper that sends them to the
 * server's ingest endpoint with backoff.
 */
export { DiskQueue, type DiskQueueOptions, type EnqueueResult, type QueuedBatch } from './disk-queue.js';
export { DEFAULT_QUEUE_LIMITS, excessOldest, type QueueLimits } from './queue-bounds.js';
export type { QueueCounters } from './queue-counters.js';
export {
  backoffCeilingMs,
  backoffDelayMs,
  DEFAULT_BACKOFF,
  parseRetryAfterMs,
  type BackoffPolicy,
} from './backoff.js';
export { classifyIngestStatus, type IngestVerdict } from './ingest-outcome.js';
export {
  IngestClient,
  ingestUrl,
  type IngestClientOptions,
  type IngestPoster,
  type IngestResponse,
} from './ingest-client.js';
export {
  Shipper,
  type ShipperError,
  type ShipperLogger,
  type ShipperOptions,
  type ShipperQueue,
  type ShipperStatus,
  type ShipperTimers,
} from './shipper.js';
export { fsyncDir, writeFileAtomic } from './write-file-atomic.js';
export { openShipping, type Shipping, type ShippingConfig } from './open-shipping.js';
