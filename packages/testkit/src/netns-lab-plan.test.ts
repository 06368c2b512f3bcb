import { describe, expect, it } from 'vitest';
import { labCreatorPid, parseNetnsList, planLab } from './netns-lab-plan.js';

describe('planLab', () => {
  it('names namespaces after the creator pid and numbers addresses per host', () => {
    const plan = planLab(4242, 'ab12', ['a', 'b'], 17);
    expect(plan.bridgeNetns).toBe('smlab-4242-ab12-br');
    expect(plan.hosts).toEqual([
      { name: 'a', netns: 'smlab-4242-ab12-a', bridgePort: 'v0', ip: '10.213.17.1', ip6: 'fd00:213:11::1' },
      { name: 'b', netns: 'smlab-4242-ab12-b', bridgePort: 'v1', ip: '10.213.17.2', ip6: 'fd00:213:11::2' },
    ]);
    expect(plan).toMatchObject({ rootLink: 'sm4242ab12', rootIp: '10.213.17.254' });
  });

  it.each([
    [['a', 'a'], 5, /unique/],
    [['br'], 5, /bad host name/],
    [['Bad'], 5, /bad host name/],
    [['a'], 0, /subnet/],
    [['a'], 255, /subnet/],
    [[], 5, /1..200/],
  ])('rejects hosts %j on subnet %i', (hosts, subnet, message) => {
    expect(() => planLab(1, 'x', hosts, subnet)).toThrow(message);
  });
});

describe('labCreatorPid / parseNetnsList', () => {
  it('finds lab namespaces and their creators in ip netns list output', () => {
    const names = parseNetnsList('smlab-77-ab12-a (id: 3)\nother\nsmlab-9-cd34-br\n\n');
    expect(names).toEqual(['smlab-77-ab12-a', 'other', 'smlab-9-cd34-br']);
    expect(names.map(labCreatorPid)).toEqual([77, undefined, 9]);
  });
});
