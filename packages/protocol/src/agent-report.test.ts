import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { AgentReport, PROTOCOL_VERSION } from './index.js';

const minimal = (): AgentReport => ({
  protocolVersion: PROTOCOL_VERSION,
  batchId: '2b1e8a70-1d2c-4a8e-9a51-0c3f5e9d7b11',
  agentId: '4b9c93f9-bc37-46df-b43c-899ba829e07b',
  machine: 'm-4b9c93f9-bc37-46df-b43c-899ba829e07b',
  sentAt: '2026-11-25T10:00:00.000Z',
  processes: [],
  connections: [
    {
      timeGenerated: '2026-11-25T09:59:00.000Z',
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
      bytesSent: 10,
      bytesReceived: 20,
      selfLink: false,
    },
  ],
  boundPorts: [],
  health: { mode: 'events', limitations: [], eventsLost: 0, batchesDropped: 0, queueDepth: 0 },
});

describe('AgentReport schema', () => {
  it('accepts a well-formed report with IPv4 and IPv6 endpoints', () => {
    expect(Value.Check(AgentReport, minimal())).toBe(true);
  });

  it('names the bad field of a wrong report', () => {
    const bad = minimal() as unknown as { connections: { destinationPort: unknown }[] };
    bad.connections[0]!.destinationPort = 70000;
    const errors = [...Value.Errors(AgentReport, bad)];
    expect(errors.map((e) => e.instancePath)).toContain('/connections/0/destinationPort');
  });

  it('rejects unknown fields, other protocol versions and malformed ids', () => {
    expect(Value.Check(AgentReport, { ...minimal(), extra: 1 })).toBe(false);
    expect(Value.Check(AgentReport, { ...minimal(), protocolVersion: 2 })).toBe(false);
    expect(Value.Check(AgentReport, { ...minimal(), machine: 'm-nope' })).toBe(false);
    expect(Value.Check(AgentReport, { ...minimal(), sentAt: '25/11/2026' })).toBe(false);
  });
});
