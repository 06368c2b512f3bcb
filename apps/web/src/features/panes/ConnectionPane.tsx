import { formatBytes } from './format-values.js';
import { connectionQuery } from './log-search-queries.js';
import { LogSearchLink } from './LogSearchLink.js';
import type { PaneProps } from './pane-props.js';
import { PropertyTable } from './PropertyTable.js';

/** Connection: the figures of the links an edge stands for, over the range. */
export function ConnectionPane({ data, view, id, onLogSearch }: PaneProps) {
  const edge = view.edges.find((e) => e.id === id);
  if (edge === undefined) return null;
  const label = (nodeId: string): string => view.nodes.find((n) => n.id === nodeId)?.label ?? nodeId;
  const f = edge.figures;
  return (
    <section aria-labelledby="connection-title">
      <h3 id="connection-title">Connection</h3>
      <p className="connection-ends">{label(edge.source)} → {label(edge.target)}</p>
      <PropertyTable rows={[
        ['State', edge.failureState === 'ok' ? 'OK' : edge.failureState === 'failed' ? 'Failed' : 'Partly failed'],
        ['Ports', edge.ports.join(', ')],
        ['Connections', f.connections],
        ['Links established', f.linksEstablished],
        ['Links terminated', f.linksTerminated],
        ['Links failed', f.linksFailed],
        ['Links live', f.linksLive],
        ['Bytes sent', formatBytes(f.bytesSent)],
        ['Bytes received', formatBytes(f.bytesReceived)],
      ]} />
      <div className="pane-actions">
        <LogSearchLink query={connectionQuery(data.annotations.focusMachines, edge.ports)} onOpen={onLogSearch} />
      </div>
    </section>
  );
}
