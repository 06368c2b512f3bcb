/**
 * The agent → server ingest contract. The body is an `AgentReport` as JSON, usually gzip-encoded.
 *
 * Request:  POST {server}{INGEST_PATH}
 *           Content-Type: application/json; Content-Encoding: gzip (optional)
 *           {WORKSPACE_HEADER}: <workspace GUID>; {AGENT_KEY_HEADER}: <workspace agent key>
 * Answers:  200 IngestAck, only after the batch is durably committed (or was already stored:
 *           `stored: false`); 400 schema error naming the field; 401/403 bad credentials;
 *           413 body over the limits below; 429/503 busy (retry later).
 * Agents retry 401/403/408/429/5xx and network errors with backoff; 400 and 413 are permanent
 * for that batch (the agent sets it aside and counts it, it never loops on it).
 */
export const INGEST_PATH = '/api/agent/v1/reports';
export const WORKSPACE_HEADER = 'x-servicemap-workspace';
export const AGENT_KEY_HEADER = 'x-servicemap-agent-key';
/** Largest request body the server reads, as sent (compressed when gzip). */
export const MAX_INGEST_BODY_BYTES = 16 * 1024 * 1024;
/** Largest report after decompression. */
export const MAX_INGEST_JSON_BYTES = 128 * 1024 * 1024;
/** Agents keep their batches (as JSON) under this, well inside the server's limits. */
export const AGENT_BATCH_TARGET_JSON_BYTES = 8 * 1024 * 1024;
