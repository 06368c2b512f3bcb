import { describe, expect, it } from 'vitest';
import {
  parseResourceId,
  resourceId,
  resourceType,
  serviceMapBaseId,
  type ResourcePath,
  type WorkspaceScope,
} from './resource-ids.js';

const scope: WorkspaceScope = {
  subscriptionId: '63BE4E24-FDF0-4E9C-9342-6A5D5A359722',
  resourceGroupName: 'rg-sm',
  workspaceName: 'D6F79F14-E563-469B-84B5-9286D2803B2F',
};
const M = 'm-d3641418-6ac8-4024-8074-48f6d9db9825';
const P = 'p-e12c75e851c715e7e5ee7e889d858cfc3661e91f';

const paths: ResourcePath[] = [
  { kind: 'machine', machine: M },
  { kind: 'process', machine: 't-0a0a0a0a', process: 'ts-m@t-0a0a0a0a@b@b-0a0a0a0a_8880' },
  { kind: 'port', machine: M, port: 'b-c0a80002_90' },
  { kind: 'clientGroup', clientGroup: `m!${M}!p!${P}` },
  { kind: 'clientGroupMember', clientGroup: `m!${M}`, member: '01010000' },
  { kind: 'connection', connection: `c@m@${M}!m@${M}@p@${P}!m@${M}@b@b-c0a80002_90` },
  { kind: 'acceptor', acceptor: `m@${M}@b@b-c0a80002_90!m@${M}@p@${P}` },
  { kind: 'machineGroup', machineGroup: 'b90f6d8f-a9b9-4ac6-abeb-abd8fe10a6dc' },
  { kind: 'machinesSummary' },
];

describe('resource ids', () => {
  it.each(paths)('round-trips %o', (path) => {
    const id = resourceId(scope, path);
    expect(id.startsWith(`${serviceMapBaseId(scope)}/`)).toBe(true);
    expect(parseResourceId(id)).toEqual({ scope, path });
  });

  it('parses the short form Azure examples use', () => {
    const id = `/subscriptions/${scope.subscriptionId}/resourceGroups/rg-sm/providers/Microsoft.OperationalInsights/workspaces/${scope.workspaceName}/machines/${M}`;
    expect(parseResourceId(id)).toEqual({ scope, path: { kind: 'machine', machine: M } });
  });

  it('ignores the case of fixed segments and decodes percent-encoded names', () => {
    const id = `/SUBSCRIPTIONS/s/resourcegroups/rg/providers/microsoft.operationalinsights/workspaces/ws/Machines/${M}/Processes/${encodeURIComponent('ts-m@t-0a0a0a0a@b@b-0a0a0a0a_1')}`;
    expect(parseResourceId(id)?.path).toEqual({
      kind: 'process',
      machine: M,
      process: 'ts-m@t-0a0a0a0a@b@b-0a0a0a0a_1',
    });
  });

  it('rejects ids that are not Service Map resources', () => {
    expect(parseResourceId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/x')).toBeUndefined();
    expect(parseResourceId(`${serviceMapBaseId(scope)}/machines`)).toBeUndefined();
    expect(parseResourceId(`${serviceMapBaseId(scope)}/machines/${M}/widgets/x`)).toBeUndefined();
    expect(parseResourceId(`${serviceMapBaseId(scope)}/machines/%E0%A4%A`)).toBeUndefined();
  });

  it('gives each resource its ARM type', () => {
    expect(resourceType(paths[1]!)).toBe('Microsoft.OperationalInsights/workspaces/features/machines/processes');
    expect(resourceType({ kind: 'machinesSummary' })).toBe('Microsoft.OperationalInsights/workspaces/features/summaries');
    expect(resourceType(paths[5]!)).toBe('Microsoft.OperationalInsights/workspaces/features/connections');
  });
});
