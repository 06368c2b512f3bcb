import { describe, expect, it } from 'vitest';
import { DEFAULT_BADGE_PROVIDERS } from './badges.js';
import { buildMapView, describeNode, processNodeId } from './build-map-view.js';
import { makeSyntheticMap, SYNTHETIC_FOCUS } from './synthetic-map.js';

const data = makeSyntheticMap({ clientMachines: 2, serverMachines: 3, agentlessClients: 4, agentlessServers: 3, failEvery: 2 });
const view = (expanded: string[] = []) => buildMapView(data, { expanded: new Set(expanded), badgeProviders: DEFAULT_BADGE_PROVIDERS });

describe('buildMapView', () => {
  it('puts the focus in the centre, its clients left and its servers right', () => {
    const { nodes } = view();
    const column = (label: string) => nodes.find((n) => n.label === label)?.column;
    expect(column('focus')).toBe('focus');
    expect(column('client-0')).toBe('clients');
    expect(column('db-0')).toBe('servers');
    expect(nodes.find((n) => n.kind === 'clientGroup')).toMatchObject({ label: '4 clients', column: 'clients' });
  });

  it('folds agentless back-ends into server port groups that expand into their servers', () => {
    const collapsed = view();
    expect(collapsed.nodes.filter((n) => n.kind === 'portGroup').map((n) => [n.label, n.sublabel])).toEqual([
      ['Port 443', '2 servers'], ['Port 5432', '1 server'],
    ]);
    expect(collapsed.nodes.some((n) => n.id.startsWith('t-'))).toBe(false);
    expect(collapsed.edges.filter((e) => e.target === 'port:443')).toHaveLength(1);
    const open = view(['port:443']);
    const servers = open.nodes.filter((n) => n.parent === 'port:443');
    expect(servers).toHaveLength(2);
    expect(open.edges.filter((e) => servers.some((s) => s.id === e.target))).toHaveLength(2);
  });

  it('expands a machine into its processes and re-attaches edges to them', () => {
    const open = view([SYNTHETIC_FOCUS]);
    const processes = open.nodes.filter((n) => n.parent === SYNTHETIC_FOCUS).map((n) => n.label).sort();
    expect(processes).toEqual(['java', 'nginx']);
    const nginx = open.nodes.find((n) => n.label === 'nginx');
    expect(open.edges.filter((e) => e.target === nginx?.id).length).toBeGreaterThanOrEqual(2);
    expect(open.edges.some((e) => e.target === SYNTHETIC_FOCUS || e.source === SYNTHETIC_FOCUS)).toBe(false);
  });

  it('marks failed edges, sums figures, and badges and colours machines with failures', () => {
    const { nodes, edges } = view();
    const failed = edges.filter((e) => e.failureState === 'failed');
    expect(failed).toHaveLength(2);
    expect(failed[0]?.figures).toMatchObject({ linksFailed: 2, linksEstablished: 0 });
    const focus = nodes.find((n) => n.id === SYNTHETIC_FOCUS);
    expect(focus?.badges[0]).toMatchObject({ provider: 'connections', severity: 'warning', label: '2 failed' });
    expect(focus?.severity).toBe('warning');
    expect(nodes.find((n) => n.label === 'client-0')?.severity).toBe('none');
  });

  it('names process nodes by machine and process', () => {
    expect(processNodeId('m-1', 'p-2')).toBe('m-1|p-2');
  });

  it('describes a node in words with its status badges, for the canvas\'s accessible description', () => {
    const { nodes } = view();
    const focus = nodes.find((n) => n.id === SYNTHETIC_FOCUS);
    expect(focus?.badges.map((b) => [b.severity, b.count])).toEqual([['warning', 2]]);
    expect(focus && describeNode(focus)).toBe('Machine focus, 2 processes. Status warning: 2 connection(s) only failed in the range (warning)');
    const healthy = nodes.find((n) => n.kind === 'machine' && n.badges.length === 0);
    expect(healthy && describeNode(healthy)).toMatch(/^Machine [^.]+$/);
  });
});
