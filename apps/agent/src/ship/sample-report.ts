import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION, type AgentReport } from '@servicemap/protocol';

const AGENT_ID = '4b9c93f9-bc37-46df-b43c-899ba829e07b';

/**
 * A small valid report for window number `window` (tests of the queue and shipper). The window
 * number is carried in the connection's byte count so tests can check order end to end.
 */
export function sampleReport(window: number): AgentReport {
  const minute = new Date(Date.UTC(2026, 10, 25, 10, 0) + window * 60_000).toISOString();
  return {
    protocolVersion: PROTOCOL_VERSION,
    batchId: randomUUID(),
    agentId: AGENT_ID,
    machine: `m-${AGENT_ID}`,
    sentAt: minute,
    processes: [],
    connections: [
      {
        timeGenerated: minute,
        direction: 'outbound',
        process: `p-${'a'.repeat(40)}`,
        processName: 'curl',
        sourceIp: '10.0.0.1',
        destinationIp: 'fd00::2',
        destinationPort: 443,
        protocol: 'tcp',
        linksEstablished: 1,
        linksTerminated: 1,
        linksFailed: 0,
        linksLive: 0,
        bytesSent: window,
        bytesReceived: 0,
        selfLink: false,
      },
    ],
    boundPorts: [],
    health: { mode: 'events', limitations: [], eventsLost: 0, batchesDropped: 0, queueDepth: 0 },
  };
}
