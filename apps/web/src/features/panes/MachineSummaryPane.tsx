import { useEffect, useRef } from 'react';
import { ROLE_NAMES } from '../service-map/canvas/role-icons.js';
import { machineLabel } from '../service-map/build-map-view.js';
import { machineQuery } from './log-search-queries.js';
import { LogSearchLink } from './LogSearchLink.js';
import type { PaneProps } from './pane-props.js';
import { PropertyTable } from './PropertyTable.js';

/** Machine Summary: what the machine is, its status badges and its links on this map. */
export function MachineSummaryPane({ data, view, id, onLogSearch, onRefocus, statusRequest }: PaneProps) {
  const status = useRef<HTMLHeadingElement>(null);
  // A badge click lands here: bring the Status section into view and move focus to it.
  useEffect(() => {
    if (statusRequest === undefined || statusRequest === 0) return;
    status.current?.scrollIntoView({ block: 'start' });
    status.current?.focus({ preventScroll: true });
  }, [statusRequest, id]);
  const machine = data.response.map.nodes.machines.find((m) => m.name === id);
  const node = view.nodes.find((n) => n.id === id);
  const annotation = data.annotations.machines.find((m) => m.name === id);
  // Agentless clients appear twice (clients of the machine and of the process): count them once.
  const touching = data.response.map.edges.connections.filter((c) => !(c.properties.source.kind === 'ref:clientgroup' && (c.properties.source.name ?? '').split('!').length > 2)).filter((c) =>
    c.properties.destination.properties?.machine?.name === id
    || (c.properties.source.kind === 'ref:process' && c.properties.source.properties?.machine?.name === id));
  const failed = touching.filter((c) => c.properties.failureState !== undefined && c.properties.failureState !== 'ok').length;
  const inbound = touching.filter((c) => c.properties.destination.properties?.machine?.name === id).length;
  return (
    <section aria-labelledby="machine-summary-title">
      <h3 id="machine-summary-title">Machine Summary</h3>
      <PropertyTable rows={[
        ['Name', machineLabel(machine, id)],
        ['Monitoring', annotation?.monitored ? 'Monitored by an agent' : 'Discovered (no agent)'],
        ['Operating system', machine?.properties.operatingSystem?.fullName],
        ['Roles', (annotation?.roles ?? []).map((r) => ROLE_NAMES[r]).join(', ')],
        ['Processes on map', annotation?.processCount],
        ['Inbound connections', inbound],
        ['Outbound connections', touching.length - inbound],
        ['Failed connections', failed],
      ]} />
      <h4 id="machine-status" ref={status} tabIndex={-1}>Status</h4>
      {node === undefined || node.badges.length === 0
        ? <p className="muted">No alerts, changes or failures in the range.</p>
        : <ul className="badges" aria-labelledby="machine-status">{node.badges.map((b) => (
          <li key={`${b.provider}-${b.severity}`} className={`badge ${b.severity}`}>
            <span className="badge-pill" aria-hidden="true">{b.count ?? ''}</span> {b.detail}
          </li>
        ))}</ul>}
      <div className="pane-actions">
        {annotation?.monitored && !annotation.focus && <button type="button" onClick={() => { onRefocus(id); }}>Load Server Map</button>}
        <LogSearchLink query={machineQuery(id)} onOpen={onLogSearch} />
      </div>
    </section>
  );
}
