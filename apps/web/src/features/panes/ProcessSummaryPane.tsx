import { processNodeId } from '../service-map/build-map-view.js';
import { processConnectionsQuery } from './log-search-queries.js';
import { LogSearchLink } from './LogSearchLink.js';
import type { PaneProps } from './pane-props.js';
import { PropertyTable } from './PropertyTable.js';

/** Process Summary: the ports it listens on and its inbound, outbound and failed connections. */
export function ProcessSummaryPane({ data, id, onLogSearch }: PaneProps) {
  const [machine = '', processName = ''] = id.split('|');
  const { connections, acceptors } = data.response.map.edges;
  const ports = [...new Set(acceptors
    .filter((a) => processNodeId(a.properties.destination.properties?.machine?.name ?? '', a.properties.destination.name ?? '') === id)
    .map((a) => `${a.properties.source.properties?.ipAddress ?? '*'}:${a.properties.source.properties?.portNumber ?? '?'}`))];
  const isThis = (ref: { name?: string; properties?: { machine?: { name?: string } } }): boolean =>
    processNodeId(ref.properties?.machine?.name ?? '', ref.name ?? '') === id;
  const inbound = connections.filter((c) => isThis(c.properties.destination));
  const outbound = connections.filter((c) => c.properties.source.kind === 'ref:process' && isThis(c.properties.source));
  const failed = [...inbound, ...outbound].filter((c) => c.properties.failureState !== undefined && c.properties.failureState !== 'ok');
  return (
    <section aria-labelledby="process-summary-title">
      <h3 id="process-summary-title">Process Summary</h3>
      <PropertyTable rows={[
        ['Bound ports', ports.join(', ')],
        ['Inbound connections', inbound.length],
        ['Outbound connections', outbound.length],
        ['Failed connections', failed.length],
      ]} />
      <div className="pane-actions"><LogSearchLink query={processConnectionsQuery(machine, processName)} onOpen={onLogSearch} /></div>
    </section>
  );
}
