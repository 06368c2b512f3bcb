import { useEffect, useState } from 'react';
import { ClientGroupPane } from './ClientGroupPane.js';
import { ConnectionPane } from './ConnectionPane.js';
import { MachinePropertiesPane } from './MachinePropertiesPane.js';
import { MachineSummaryPane } from './MachineSummaryPane.js';
import type { PaneProps } from './pane-props.js';
import { ProcessPropertiesPane } from './ProcessPropertiesPane.js';
import { ProcessSummaryPane } from './ProcessSummaryPane.js';
import { ServerPortGroupPane } from './ServerPortGroupPane.js';

type Tab = 'summary' | 'properties';

/** The right-hand panes of the selection: tabs for machines and processes, one pane otherwise. */
export function PaneHost(props: PaneProps & { readonly onClose: () => void }) {
  const [tab, setTab] = useState<Tab>('summary');
  // A badge click shows the Machine Summary, whose Status section explains the badges.
  useEffect(() => { if (props.statusRequest !== undefined && props.statusRequest > 0) setTab('summary'); }, [props.statusRequest]);
  const node = props.view.nodes.find((n) => n.id === props.id);
  const isEdge = node === undefined && props.view.edges.some((e) => e.id === props.id);
  if (node === undefined && !isEdge) return null;
  const tabs = node?.kind === 'machine' || node?.kind === 'process';
  const body = (() => {
    if (isEdge) return <ConnectionPane {...props} />;
    switch (node?.kind) {
      case 'machine': return tab === 'summary' ? <MachineSummaryPane {...props} /> : <MachinePropertiesPane {...props} />;
      case 'process': return tab === 'summary' ? <ProcessSummaryPane {...props} /> : <ProcessPropertiesPane {...props} />;
      case 'clientGroup': return <ClientGroupPane {...props} />;
      case 'portGroup': return <ServerPortGroupPane {...props} />;
      case 'processGroup': return <p>{node.label}: {node.sublabel}. Expand it to see its processes.</p>;
      case undefined: return null;
    }
  })();
  return (
    <aside className="right-pane" aria-label="Selection details">
      <div className="pane-header">
        <h2>{node?.label ?? 'Connection'}</h2>
        <button type="button" className="icon-button" aria-label="Close details" onClick={props.onClose}>×</button>
      </div>
      {tabs && (
        <div role="tablist" className="tabs" aria-label="Detail panes">
          {(['summary', 'properties'] as const).map((t) => (
            <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => { setTab(t); }}>
              {node.kind === 'machine' ? 'Machine' : 'Process'} {t === 'summary' ? 'Summary' : 'Properties'}
            </button>
          ))}
        </div>
      )}
      <div className="pane-body">{body}</div>
    </aside>
  );
}
