import { machineLabel } from '../service-map/build-map-view.js';
import { portGroupQuery } from './log-search-queries.js';
import { LogSearchLink } from './LogSearchLink.js';
import type { PaneProps } from './pane-props.js';
import { PropertyTable } from './PropertyTable.js';

/** Server Port Group Properties: agentless back-ends reached on one port. */
export function ServerPortGroupPane({ data, id, onLogSearch }: PaneProps) {
  const group = data.annotations.serverPortGroups.find((g) => g.id === id);
  if (group === undefined) return null;
  const machines = data.response.map.nodes.machines;
  return (
    <section aria-labelledby="port-group-title">
      <h3 id="port-group-title">Server Port Group Properties</h3>
      <PropertyTable rows={[
        ['Port', group.portNumber],
        ['Servers', group.machines.length],
        ['Connections', group.connections.length],
        ['State', group.failureState === 'ok' ? 'All connections succeeded' : group.failureState === 'failed' ? 'Failed' : 'Some connections failed'],
      ]} />
      <h4>Servers</h4>
      <ul className="member-list" aria-label="Servers">
        {group.machines.map((m) => <li key={m}><code>{machineLabel(machines.find((x) => x.name === m), m)}</code></li>)}
      </ul>
      <div className="pane-actions"><LogSearchLink query={portGroupQuery(data.annotations.focusMachines, group.portNumber)} onOpen={onLogSearch} /></div>
    </section>
  );
}
