import { DEFAULT_RANGE, decodeRange, encodeRange, type TimeRange } from './time-range.js';

/** What the map shows: one machine, or a machine group. */
export type MapSubject =
  | { readonly kind: 'machine'; readonly machine: string }
  | { readonly kind: 'group'; readonly group: string; readonly filterProcesses: boolean };

/** Which page the main area shows. */
export type MainView = 'map' | 'logs';

/**
 * Everything a shared URL carries: the workspace, what the map is of, the range, the expanded
 * nodes, the selection, self-links and the page. Sign-in is never in the URL (tokens stay in the
 * browser session).
 */
export interface ViewState {
  readonly workspace?: string;
  readonly subject?: MapSubject;
  readonly range: TimeRange;
  /** Ids of expanded map nodes (machines, process groups, server port groups). */
  readonly expanded: readonly string[];
  /** Id of the selected map node or edge. */
  readonly selected?: string;
  readonly selfLinks: boolean;
  readonly view: MainView;
  /** The Log Search query, when the page is `logs`. */
  readonly query?: string;
}

export const EMPTY_VIEW: ViewState = { range: DEFAULT_RANGE, expanded: [], selfLinks: false, view: 'map' };

/** Reads a view from a URL query string; unknown or broken parameters fall back to defaults. */
export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const machine = params.get('machine');
  const group = params.get('group');
  const subject: MapSubject | undefined = machine
    ? { kind: 'machine', machine }
    : group
      ? { kind: 'group', group, filterProcesses: params.get('filter') === 'connected' }
      : undefined;
  const workspace = params.get('ws') ?? undefined;
  const selected = params.get('sel') ?? undefined;
  const query = params.get('q') ?? undefined;
  const expanded = params.getAll('x').filter((id) => id !== '');
  return {
    ...(workspace === undefined ? {} : { workspace }),
    ...(subject === undefined ? {} : { subject }),
    range: decodeRange(params.get('range')) ?? DEFAULT_RANGE,
    expanded: [...new Set(expanded)],
    ...(selected === undefined ? {} : { selected }),
    selfLinks: params.get('self') === '1',
    view: params.get('view') === 'logs' ? 'logs' : 'map',
    ...(query === undefined ? {} : { query }),
  };
}

/** Writes a view as a query string (with the leading `?`), in a stable parameter order. */
export function formatViewState(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.workspace !== undefined) params.set('ws', state.workspace);
  if (state.subject?.kind === 'machine') params.set('machine', state.subject.machine);
  if (state.subject?.kind === 'group') {
    params.set('group', state.subject.group);
    if (state.subject.filterProcesses) params.set('filter', 'connected');
  }
  params.set('range', encodeRange(state.range));
  for (const id of [...state.expanded].sort()) params.append('x', id);
  if (state.selected !== undefined) params.set('sel', state.selected);
  if (state.selfLinks) params.set('self', '1');
  if (state.view === 'logs') params.set('view', 'logs');
  if (state.query !== undefined) params.set('q', state.query);
  return `?${params.toString()}`;
}

/** Toggles one node's expansion. */
export function toggleExpanded(state: ViewState, id: string): ViewState {
  const expanded = state.expanded.includes(id) ? state.expanded.filter((x) => x !== id) : [...state.expanded, id];
  return { ...state, expanded };
}

/** A new map subject starts collapsed and unselected, keeping the workspace and range. */
export function refocus(state: ViewState, subject: MapSubject): ViewState {
  const { selected: _selected, ...rest } = state;
  return { ...rest, subject, expanded: [], view: 'map' };
}
