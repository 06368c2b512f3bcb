import { useState } from 'react';
import type { MapNodeView } from './map-view.js';

/** Above the map: search-to-focus, the group filter (group maps), expand/collapse all. */
export function MapToolbar({ nodes, groupFilter, onGroupFilter, onFind, onCollapseAll, status }: {
  readonly nodes: readonly MapNodeView[];
  /** Undefined for single-machine maps. */
  readonly groupFilter?: boolean;
  readonly onGroupFilter: (filterProcesses: boolean) => void;
  readonly onFind: (id: string) => void;
  readonly onCollapseAll: () => void;
  readonly status: string;
}) {
  const [text, setText] = useState('');
  const needle = text.trim().toLowerCase();
  const hits = needle === '' ? [] : nodes.filter((n) => `${n.label} ${n.sublabel} ${n.id}`.toLowerCase().includes(needle)).slice(0, 8);
  return (
    <div className="map-toolbar">
      <form role="search" onSubmit={(e) => {
        e.preventDefault();
        if (hits[0] !== undefined) onFind(hits[0].id);
      }}>
        <input type="search" aria-label="Find on map" placeholder="Find on map…" value={text} list="map-search-hits"
          onChange={(e) => { setText(e.target.value); }} />
        <datalist id="map-search-hits">{hits.map((h) => <option key={h.id} value={h.label} />)}</datalist>
      </form>
      {groupFilter !== undefined && (
        <label>
          <span className="visually-hidden">Processes</span>
          <select aria-label="Group process filter" value={groupFilter ? 'connected' : 'all'}
            onChange={(e) => { onGroupFilter(e.target.value === 'connected'); }}>
            <option value="all">All processes</option>
            <option value="connected">Group-connected processes</option>
          </select>
        </label>
      )}
      <button type="button" onClick={onCollapseAll}>Collapse all</button>
      <span className="map-status" role="status">{status}</span>
    </div>
  );
}
