/** What the shipper does with a batch after one answer from the server. */
export type IngestVerdict = 'ack' | 'retry' | 'permanent';

/**
 * Classifies an ingest answer by the contract in `@servicemap/protocol` (`ingest.ts`): 200 is the
 * only acknowledgement (sent after a durable commit); 400 and 413 are permanent for that batch;
 * everything else (401/403/408/429/5xx, and statuses the contract does not name, such as a proxy's
 * 404 or 502) is retried, because dropping data on an unexpected answer cannot be undone.
 */
export function classifyIngestStatus(status: number): IngestVerdict {
  if (status === 200) return 'ack';
  if (status === 400 || status === 413) return 'permanent';
  return 'retry';
}
