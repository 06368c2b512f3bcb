import { describe, expect, it } from 'vitest';
import { selectLinks } from './link-selection.js';
import type { LogicalLink } from './logical-links.js';
import { zeroCounters } from './failure-state.js';
import { A, B, C, pool } from './map-test-rows.test-support.js';

function link(client: [string | undefined, number | undefined], server: [string | undefined, number], selfLink = false): LogicalLink {
  const [clientMachine, clientPool] = client;
  const [serverMachine, serverPool] = server;
  return {
    client: {
      ip: '10.0.0.1',
      machine: clientMachine,
      process: clientPool === undefined ? undefined : { process: pool(clientPool), processName: 'x' },
    },
    server: { ip: '10.0.0.2', port: 80, machine: serverMachine, process: { process: pool(serverPool), processName: 'y' } },
    counters: zeroCounters(),
    firstSeenMs: 0,
    lastSeenMs: 0,
    selfLink,
  };
}

const aToB = link([A, 1], [B, 2]);
const bToC = link([B, 3], [C, 4]);
const aToOutside = link([A, 5], [undefined, 6]);
const outsideToB = link([undefined, undefined], [B, 7]);
const cToA = link([C, 8], [A, 9]);
const aSelf = link([A, 1], [A, 9], true);
const all = [aToB, bToC, aToOutside, outsideToB, cToA, aSelf];

describe('selectLinks', () => {
  it('keeps the links with an end on the focus machine and hides self-links', () => {
    expect(selectLinks(all, { kind: 'single', machine: A }, false)).toEqual({
      links: [aToB, aToOutside, cToA],
      hiddenSelfLinks: 1,
    });
    expect(selectLinks(all, { kind: 'single', machine: A }, true).links).toContain(aSelf);
  });

  it('keeps every process of a group without filtering', () => {
    const { links } = selectLinks(all, { kind: 'group', machines: [A, B], filterProcesses: false }, false);
    expect(links).toEqual([aToB, bToC, aToOutside, outsideToB, cToA]);
  });

  it('keeps only group-connected processes, with all their connections, when filtering', () => {
    const withB2Client = link([undefined, undefined], [B, 2]);
    const { links } = selectLinks([...all, withB2Client], { kind: 'list', machines: [A, B], filterProcesses: true }, false);
    // A:1 and B:2 talk to each other; B:2's agentless clients stay, A:5, B:3, B:7 and A:9 do not.
    expect(links).toEqual([aToB, withB2Client]);
  });
});
