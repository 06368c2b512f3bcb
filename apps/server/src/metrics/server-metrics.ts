import { Counter, Histogram, MetricsRegistry } from './metrics-registry.js';

const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The server's metrics; storage size is a gauge the app adds once it has a store. */
export interface ServerMetrics {
  readonly registry: MetricsRegistry;
  /** Batches by result: stored, duplicate. */
  readonly ingestBatches: Counter;
  /** Records stored, by table. */
  readonly ingestRecords: Counter;
  /** Refused batches by error code. */
  readonly ingestRejected: Counter;
  /** Seconds from request start to acknowledgement. */
  readonly ingestLatency: Histogram;
  /** Seconds per request of the query APIs, by route. */
  readonly queryLatency: Histogram;
}

/** Creates a fresh set of server metrics (one per app, so tests do not share counts). */
export function createServerMetrics(): ServerMetrics {
  const registry = new MetricsRegistry();
  return {
    registry,
    ingestBatches: registry.register(new Counter('servicemap_ingest_batches_total', 'Agent batches accepted, by result (stored or duplicate).')),
    ingestRecords: registry.register(new Counter('servicemap_ingest_records_total', 'Records received in stored batches, by table.')),
    ingestRejected: registry.register(new Counter('servicemap_ingest_rejected_total', 'Agent batches refused, by error code.')),
    ingestLatency: registry.register(new Histogram('servicemap_ingest_duration_seconds', 'Time from request to durable acknowledgement.', LATENCY_BUCKETS_S)),
    queryLatency: registry.register(new Histogram('servicemap_query_duration_seconds', 'Time to answer a query API request, by route.', LATENCY_BUCKETS_S)),
  };
}
