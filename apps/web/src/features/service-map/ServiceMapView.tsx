import { useCallback, useMemo, useState } from 'react';
import type { MapRequest } from '@servicemap/protocol';
import type { ServiceMapClient } from '../../api/service-map-client.js';
import { useResource } from '../../app/use-resource.js';
import { PaneHost } from '../panes/PaneHost.js';
import { resolveRange } from '../../view/time-range.js';
import type { ViewUpdate } from '../../app/use-view-state.js';
import { refocus, toggleExpanded, type ViewState } from '../../view/view-state.js';
import { DEFAULT_BADGE_PROVIDERS } from './badges.js';
import { buildMapView } from './build-map-view.js';
import type { MapData } from './map-data.js';
import { MapCanvas, type DrawStats } from './canvas/MapCanvas.js';
import { MachineMenu } from './MachineMenu.js';
import { MapToolbar } from './MapToolbar.js';

/** How often a map of a relative range ("last 30 minutes") follows the clock. */
const REFRESH_MS = 60_000;

const hiddenSelfLinks = (data: MapData | undefined, shown: boolean): string => {
  const hidden = data?.annotations.hiddenSelfLinks ?? 0;
  return shown || hidden === 0 ? '' : ` · ${hidden} self-link${hidden === 1 ? '' : 's'} hidden`;
};

/** The map page: toolbar, canvas, machine menu and the selection's panes. */
export function ServiceMapView({ client, state, members, theme, onChange }: {
  readonly client: ServiceMapClient;
  readonly state: ViewState;
  /** Members of the group the map is of. */
  readonly members: ReadonlySet<string>;
  readonly theme: 'light' | 'dark';
  readonly onChange: ViewUpdate;
}) {
  const { subject, range, selfLinks } = state;
  const key = subject === undefined ? undefined : JSON.stringify([client.workspaceId, subject, range, selfLinks]);
  const map = useResource(key, () => {
    const window = resolveRange(range, Date.now());
    if (subject === undefined) return Promise.reject(new Error('no subject'));
    const request: MapRequest = subject.kind === 'machine'
      ? { kind: 'map:single-machine-dependency', machineId: client.machineId(subject.machine), ...window }
      : { kind: 'map:machine-group-dependency', machineGroupId: client.machineGroupId(subject.group), filterProcesses: subject.filterProcesses, ...window };
    return client.map(request, selfLinks);
  }, range.kind === 'relative' ? REFRESH_MS : undefined);
  // The viewport is fitted for a new subject only: refreshes, ranges and self-links keep it.
  const fitKey = JSON.stringify([client.workspaceId, subject]);
  const expanded = useMemo(() => new Set(state.expanded), [state.expanded]);
  const view = useMemo(() => map.data === undefined ? undefined
    : buildMapView(map.data, { expanded, badgeProviders: DEFAULT_BADGE_PROVIDERS, members }), [map.data, expanded, members]);
  const [menu, setMenu] = useState<{ id: string; x: number; y: number }>();
  const [centerOn, setCenterOn] = useState<{ id: string; seq: number }>();
  const [stats, setStats] = useState<DrawStats>();
  // Each badge click asks the pane to show the machine's status again (a counter, not a flag).
  const [statusRequest, setStatusRequest] = useState(0);
  const onBadge = useCallback(() => { setStatusRequest((n) => n + 1); }, []);
  const onSelect = useCallback((id: string | undefined) => {
    onChange((current) => {
      const { selected: _s, ...rest } = current;
      return id === undefined ? rest : { ...rest, selected: id };
    }, 'replace');
  }, [onChange]);
  const onToggle = useCallback((id: string) => {
    const node = view?.nodes.find((n) => n.id === id);
    if (node?.expandable) onChange((current) => toggleExpanded(current, id), 'replace');
  }, [onChange, view]);
  const onMenu = useCallback((id: string, x: number, y: number) => {
    const node = view?.nodes.find((n) => n.id === id);
    if (node?.kind === 'machine' || node?.kind === 'portGroup' || node?.kind === 'processGroup') setMenu({ id, x, y });
  }, [view]);
  const closeMenu = useCallback(() => { setMenu(undefined); }, []);

  if (subject === undefined) {
    return <div className="map-empty"><p>Pick a machine or a group on the left to draw its map.</p></div>;
  }
  const menuNode = menu === undefined ? undefined : view?.nodes.find((n) => n.id === menu.id);
  const status = map.error !== undefined ? `Could not load the map: ${map.error.message}`
    : view === undefined ? 'Loading the map…'
      : `${view.nodes.length} nodes, ${view.edges.length} edges${hiddenSelfLinks(map.data, selfLinks)}${stats ? ` · drawn in ${Math.round(stats.totalMs)} ms` : ''}${map.loading ? ' · refreshing…' : ''}`;
  return (
    <div className="map-page">
      <div className="map-main">
        <MapToolbar nodes={view?.nodes ?? []} status={status}
          {...(subject.kind === 'group' ? { groupFilter: subject.filterProcesses } : {})}
          onGroupFilter={(filterProcesses) => { if (subject.kind === 'group') onChange({ ...state, subject: { ...subject, filterProcesses } }); }}
          onFind={(id) => {
            setCenterOn((c) => ({ id, seq: (c?.seq ?? 0) + 1 }));
            onSelect(id);
          }}
          onCollapseAll={() => { onChange({ ...state, expanded: [] }, 'replace'); }} />
        {view !== undefined && (
          <MapCanvas view={view} theme={theme} fitKey={fitKey} onSelect={onSelect} onToggle={onToggle} onMenu={onMenu}
            onBadge={onBadge} onDrawn={setStats} {...(state.selected === undefined ? {} : { selected: state.selected })}
            {...(centerOn === undefined ? {} : { centerOn })} />
        )}
        {menu !== undefined && menuNode !== undefined && (
          <MachineMenu x={menu.x} y={menu.y} expanded={menuNode.expanded} selfLinks={selfLinks}
            canRefocus={menuNode.kind === 'machine' && menuNode.monitored && !menuNode.focus}
            onRefocus={() => { onChange(refocus(state, { kind: 'machine', machine: menu.id })); }}
            onToggle={() => { onToggle(menu.id); }}
            onSelfLinks={() => { onChange({ ...state, selfLinks: !selfLinks }, 'replace'); }}
            onClose={closeMenu} />
        )}
      </div>
      {view !== undefined && map.data !== undefined && state.selected !== undefined && (
        <PaneHost data={map.data} view={view} id={state.selected} statusRequest={statusRequest}
          onClose={() => { onSelect(undefined); }}
          onRefocus={(machine) => { onChange(refocus(state, { kind: 'machine', machine })); }}
          onLogSearch={(query) => { onChange({ ...state, view: 'logs', query }); }} />
      )}
    </div>
  );
}
