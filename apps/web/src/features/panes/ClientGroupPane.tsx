import { clientGroupQuery } from './log-search-queries.js';
import { LogSearchLink } from './LogSearchLink.js';
import type { PaneProps } from './pane-props.js';
import { PropertyTable } from './PropertyTable.js';

/** Client Group Properties: how many agentless clients, and their addresses. */
export function ClientGroupPane({ data, id, onLogSearch }: PaneProps) {
  const group = data.annotations.clientGroups.find((g) => g.name === id);
  const target = id.split('!')[1] ?? '';
  if (group === undefined) return null;
  return (
    <section aria-labelledby="client-group-title">
      <h3 id="client-group-title">Client Group Properties</h3>
      <PropertyTable rows={[
        ['Clients', group.memberCount],
        ['Clients of', `${group.clientsOf} ${id.split('!').slice(1).join(' ')}`],
      ]} />
      <h4>Member addresses</h4>
      <ul className="member-list" aria-label="Member addresses">
        {group.memberIps.map((ip) => <li key={ip}><code>{ip}</code></li>)}
      </ul>
      <div className="pane-actions"><LogSearchLink query={clientGroupQuery(target, group.memberIps)} onOpen={onLogSearch} /></div>
    </section>
  );
}
