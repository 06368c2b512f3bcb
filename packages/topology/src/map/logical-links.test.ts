import { describe, expect, it } from 'vitest';
import { buildAddressBook } from './address-book.js';
import { buildLogicalLinks } from './logical-links.js';
import type { BoundPortRow, ConnectionRow } from './map-input.js';
import { A, B, boundPort, connection, machineRow, pool } from './map-test-rows.test-support.js';

const machines = [machineRow(A, ['10.0.0.1']), machineRow(B, ['10.0.0.2'], ['fd00::2'])];
const links = (rows: ConnectionRow[], ports: BoundPortRow[] = []) =>
  buildLogicalLinks(rows, ports, buildAddressBook(machines, rows));

const outbound = connection({ machine: A, direction: 'outbound', process: pool(1), processName: 'curl' });
const inbound = connection({
  machine: B,
  direction: 'inbound',
  process: pool(2),
  processName: 'nginx',
  bytesSent: 20,
  bytesReceived: 10,
});

describe('buildLogicalLinks', () => {
  it('makes one link of the two halves seen by client and server, counted once', () => {
    const [link, ...rest] = links([outbound, inbound]);
    expect(rest).toEqual([]);
    expect(link?.client).toEqual({ ip: '10.0.0.1', machine: A, process: { process: pool(1), processName: 'curl' } });
    expect(link?.server).toMatchObject({ ip: '10.0.0.2', port: 80, machine: B, process: { process: pool(2) } });
    expect(link?.counters).toMatchObject({ linksEstablished: 1, bytesSent: 10, bytesReceived: 20 });
  });

  it('matches a dual-stack server reporting IPv4-mapped addresses', () => {
    const mapped = { ...inbound, sourceIp: '::ffff:10.0.0.1', destinationIp: '::ffff:10.0.0.2' };
    expect(links([outbound, mapped])).toHaveLength(1);
  });

  it('handles IPv6 links like IPv4 ones', () => {
    const v6 = { sourceIp: 'fd00::1', destinationIp: 'fd00:0:0::2' };
    const result = links([{ ...outbound, ...v6 }, { ...inbound, ...v6, destinationIp: 'fd00::2' }]);
    expect(result).toHaveLength(1);
    expect(result[0]?.server).toMatchObject({ ip: 'fd00::2', machine: B, process: { process: pool(2) } });
  });

  it('turns a server-only half into an agentless client, with counters from the client side', () => {
    const [link] = links([{ ...inbound, sourceIp: '192.0.2.9' }]);
    expect(link?.client).toEqual({ ip: '192.0.2.9' });
    expect(link?.counters).toMatchObject({ bytesSent: 10, bytesReceived: 20 });
  });

  it('finds the listener of a monitored server that reported no inbound half', () => {
    const failed = { ...outbound, linksEstablished: 0, linksLive: 0, linksFailed: 2 };
    const [listened] = links([failed], [boundPort({ machine: B, process: pool(7), processName: 'api' })]);
    expect(listened?.server.process).toEqual({ process: pool(7), processName: 'api' });
    const [nobody] = links([failed]);
    expect(nobody?.server).toEqual({ ip: '10.0.0.2', port: 80, machine: B, process: undefined });
  });

  it('leaves an agentless back-end without machine or process', () => {
    const [link] = links([{ ...outbound, destinationIp: '198.51.100.7' }]);
    expect(link?.server).toEqual({ ip: '198.51.100.7', port: 80, machine: undefined, process: undefined });
  });

  it('keeps loopback links on their own machine and never joins them across machines', () => {
    const loop = { sourceIp: '127.0.0.1', destinationIp: '127.0.0.1', selfLink: true };
    const result = links([
      { ...outbound, ...loop },
      { ...inbound, ...loop, machine: A },
      { ...outbound, ...loop, machine: B },
    ]);
    expect(result).toHaveLength(2);
    expect(result.map((l) => [l.client.machine, l.server.machine, l.server.process?.process, l.selfLink])).toEqual([
      [A, A, pool(2), true],
      [B, B, undefined, true],
    ]);
  });

  it('sums flows over minutes but keeps linksLive as the newest minute’s level', () => {
    const [link] = links([
      { ...outbound, timeGenerated: '2026-11-25T10:01:00.000Z', linksLive: 4, bytesSent: 1 },
      { ...outbound, timeGenerated: '2026-11-25T10:02:00.000Z', linksLive: 1, bytesSent: 2 },
      { ...outbound, timeGenerated: '2026-11-25T10:00:00.000Z', linksLive: 9, bytesSent: 4 },
    ]);
    expect(link?.counters).toMatchObject({ linksEstablished: 3, linksLive: 1, bytesSent: 7 });
    expect(link?.firstSeenMs).toBe(Date.parse('2026-11-25T10:00:00.000Z'));
    expect(link?.lastSeenMs).toBe(Date.parse('2026-11-25T10:02:00.000Z'));
  });
});
