import { describe, expect, it } from 'vitest';
import {
  clientGroupMemberName,
  clientGroupName,
  discoveredMachineName,
  discoveredProcessName,
  monitoredMachineName,
  parseClientGroupMemberName,
  parseClientGroupName,
  parseMachineName,
  parseProcessName,
  parsePortName,
  portName,
  type ClientGroupTarget,
} from './resource-names.js';

const AGENT = 'A4AB1C4C-6F2D-4F3A-9C1E-0123456789AB';
const POOL = 'p-d642fef420c5baa4c72f53de9426f1ed699899e2';

describe('machine names', () => {
  it('round-trips monitored machines, keeping the GUID case', () => {
    expect(monitoredMachineName(AGENT)).toBe(`m-${AGENT}`);
    expect(parseMachineName(`m-${AGENT}`)).toEqual({ kind: 'monitored', agentId: AGENT });
    expect(() => monitoredMachineName('nope')).toThrow(/GUID/);
  });

  it('round-trips discovered machines for IPv4 and IPv6', () => {
    expect(discoveredMachineName('10.10.10.10')).toBe('t-0a0a0a0a');
    expect(parseMachineName('t-0a0a0a0a')).toEqual({ kind: 'discovered', ip: '10.10.10.10' });
    expect(discoveredMachineName('fd00::7')).toBe('t-fd000000000000000000000000000007');
    expect(parseMachineName('t-fd000000000000000000000000000007')).toEqual({ kind: 'discovered', ip: 'fd00::7' });
  });

  it('rejects other names', () => {
    expect(parseMachineName('m-123')).toBeUndefined();
    expect(parseMachineName('t-0a0a')).toBeUndefined();
    expect(parseMachineName('x-0a0a0a0a')).toBeUndefined();
  });
});

describe('process and port names', () => {
  it('parses pool ids', () => {
    expect(parseProcessName(POOL)).toEqual({ kind: 'pool', hash: POOL.slice(2) });
    expect(parseProcessName('p-123')).toBeUndefined();
  });

  it('builds the discovered acceptor name of the Azure example', () => {
    const name = discoveredProcessName('t-0a0a0a0a', 'b-0a0a0a0a_8880');
    expect(name).toBe('ts-m@t-0a0a0a0a@b@b-0a0a0a0a_8880');
    expect(parseProcessName(name)).toEqual({ kind: 'discovered', machine: 't-0a0a0a0a', port: 'b-0a0a0a0a_8880' });
  });

  it('round-trips ports for both families and rejects bad numbers', () => {
    expect(portName('192.168.1.1', 80)).toBe('b-c0a80101_80');
    expect(parsePortName('b-c0a80101_80')).toEqual({ ip: '192.168.1.1', portNumber: 80 });
    expect(parsePortName(portName('fd00::2', 443))).toEqual({ ip: 'fd00::2', portNumber: 443 });
    expect(() => portName('10.0.0.1', 65536)).toThrow(/port/);
    expect(parsePortName('b-c0a80101_70000')).toBeUndefined();
    expect(parsePortName('b-c0a801_80')).toBeUndefined();
  });
});

describe('client group names', () => {
  const machine = `m-${AGENT}`;
  const targets: ClientGroupTarget[] = [
    { kind: 'machine', machine },
    { kind: 'process', machine, process: POOL },
    { kind: 'port', machine, port: 'b-c0a8010a_10000' },
  ];

  it.each(targets)('round-trips a %s group', (target) => {
    expect(parseClientGroupName(clientGroupName(target))).toEqual(target);
  });

  it('spells them as Azure does', () => {
    expect(clientGroupName(targets[2]!)).toBe(`m!${machine}!b!b-c0a8010a_10000`);
    expect(clientGroupName(targets[1]!)).toBe(`m!${machine}!p!${POOL}`);
  });

  it('rejects malformed groups', () => {
    expect(parseClientGroupName(`m!${machine}!x!${POOL}`)).toBeUndefined();
    expect(parseClientGroupName(`m!${machine}!p`)).toBeUndefined();
    expect(parseClientGroupName('m!nobody')).toBeUndefined();
  });

  it('names members by their address', () => {
    expect(clientGroupMemberName('1.1.0.0')).toBe('01010000');
    expect(parseClientGroupMemberName('01010000')).toBe('1.1.0.0');
    expect(parseClientGroupMemberName(clientGroupMemberName('2001:db8::1'))).toBe('2001:db8::1');
  });
});
