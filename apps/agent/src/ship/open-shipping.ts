import type { AgentConfig } from '../config/index.js';
import { DiskQueue } from './disk-queue.js';
import { IngestClient } from './ingest-client.js';
import { Shipper, type ShipperLogger } from './shipper.js';

/** The settings shipping needs; an `AgentConfig` has them all. */
export type ShippingConfig = Pick<
  AgentConfig,
  | 'server'
  | 'workspace'
  | 'key'
  | 'caFile'
  | 'insecureSkipVerify'
  | 'stateDir'
  | 'queueMaxBytes'
  | 'queueMaxBatches'
  | 'requestTimeoutMs'
  | 'retryBaseMs'
  | 'retryMaxMs'
>;

/** The running shipping path: enqueue into `queue`, then `shipper.kick()`. */
export interface Shipping {
  readonly queue: DiskQueue;
  readonly shipper: Shipper;
  /** Stops the shipper (the batch in flight stays queued) and closes the connections. */
  close(): Promise<void>;
}

/** Opens the queue in the state dir and starts a shipper to the configured server. */
export async function openShipping(config: ShippingConfig, logger?: ShipperLogger): Promise<Shipping> {
  const queue = await DiskQueue.open({
    stateDir: config.stateDir,
    limits: { maxBytes: config.queueMaxBytes, maxBatches: config.queueMaxBatches },
  });
  const client = new IngestClient({
    serverUrl: config.server,
    workspaceId: config.workspace,
    agentKey: config.key,
    ...(config.caFile === undefined ? {} : { caFile: config.caFile }),
    insecureSkipVerify: config.insecureSkipVerify,
    requestTimeoutMs: config.requestTimeoutMs,
  });
  const shipper = new Shipper({
    queue,
    poster: client,
    backoff: { baseMs: config.retryBaseMs, capMs: config.retryMaxMs },
    ...(logger === undefined ? {} : { logger }),
  });
  shipper.start();
  return {
    queue,
    shipper,
    close: async () => {
      await shipper.stop();
      client.close();
    },
  };
}
