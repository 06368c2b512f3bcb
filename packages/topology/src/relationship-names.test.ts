import { describe, expect, it } from 'vitest';
import { formatEndpoint, parseEndpoint, type Endpoint } from './endpoint-names.js';
import { acceptorName, connectionName, parseAcceptorName, parseConnectionName } from './relationship-names.js';

const A = 'm-a4ab1c4c-6f2d-4f3a-9c1e-0123456789ab';
const B = 'm-21e1f2a3-0000-4000-8000-000000000001';
const PA = 'p-d642fef420c5baa4c72f53de9426f1ed699899e2';
const PB = 'p-68cf000000000000000000000000000000000001';

describe('endpoints', () => {
  const endpoints: Endpoint[] = [
    { kind: 'process', machine: A, process: PA },
    { kind: 'port', machine: B, port: 'b-c0a80101_80' },
    { kind: 'process', machine: 't-0a0a0a0a', process: 'ts-m@t-0a0a0a0a@b@b-0a0a0a0a_8880' },
    { kind: 'clientGroup', group: { kind: 'machine', machine: A } },
    { kind: 'clientGroup', group: { kind: 'process', machine: A, process: PA } },
    { kind: 'clientGroup', group: { kind: 'port', machine: A, port: 'b-c0a80101_80' } },
  ];

  it.each(endpoints)('round-trips %o', (endpoint) => {
    expect(parseEndpoint(formatEndpoint(endpoint))).toEqual(endpoint);
  });

  it('doubles @ inside components and turns client group ! into @', () => {
    expect(formatEndpoint(endpoints[2]!)).toBe('m@t-0a0a0a0a@p@ts-m@@t-0a0a0a0a@@b@@b-0a0a0a0a_8880');
    expect(formatEndpoint(endpoints[4]!)).toBe(`c@m@${A}@p@${PA}`);
  });

  it('refuses components holding the relationship separator', () => {
    expect(() => formatEndpoint({ kind: 'process', machine: A, process: 'p!x' })).toThrow(/'!'/);
  });
});

describe('connection names', () => {
  it('matches the Azure example', () => {
    const name = connectionName({
      source: { kind: 'process', machine: A, process: PA },
      destination: { kind: 'process', machine: B, process: PB },
      serverPort: { kind: 'port', machine: B, port: 'b-c0a80101_80' },
    });
    expect(name).toBe(`m@${A}@p@${PA}!m@${B}@p@${PB}!m@${B}@b@b-c0a80101_80`);
  });

  it('round-trips a client group source and a discovered destination', () => {
    const parts = {
      source: { kind: 'clientGroup', group: { kind: 'process', machine: A, process: PA } },
      destination: { kind: 'process', machine: 't-0a0a0a0a', process: 'ts-m@t-0a0a0a0a@b@b-0a0a0a0a_8880' },
      serverPort: { kind: 'port', machine: 't-0a0a0a0a', port: 'b-0a0a0a0a_8880' },
    } as const;
    expect(parseConnectionName(connectionName(parts))).toEqual(parts);
  });

  it('rejects names whose parts have the wrong kinds', () => {
    const process = `m@${A}@p@${PA}`;
    const port = `m@${B}@b@b-c0a80101_80`;
    expect(parseConnectionName(`${port}!${process}!${port}`)).toBeUndefined();
    expect(parseConnectionName(`${process}!${port}!${port}`)).toBeUndefined();
    expect(parseConnectionName(`${process}!${process}`)).toBeUndefined();
  });
});

describe('acceptor names', () => {
  it('round-trips the Azure example', () => {
    const name = `m@${B}@b@b-c0a80101_80!m@${B}@p@${PB}`;
    const parts = parseAcceptorName(name);
    expect(parts).toEqual({
      port: { kind: 'port', machine: B, port: 'b-c0a80101_80' },
      process: { kind: 'process', machine: B, process: PB },
    });
    expect(acceptorName(parts!)).toBe(name);
    expect(parseAcceptorName(`m@${B}@p@${PB}!m@${B}@b@b-c0a80101_80`)).toBeUndefined();
  });
});
