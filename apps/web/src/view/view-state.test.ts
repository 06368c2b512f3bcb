import { describe, expect, it } from 'vitest';
import { DEFAULT_RANGE } from './time-range.js';
import { EMPTY_VIEW, formatViewState, parseViewState, refocus, toggleExpanded, type ViewState } from './view-state.js';

describe('view state in the URL', () => {
  it('round-trips focus, range, expanded nodes, selection, self-links and page', () => {
    const state: ViewState = {
      workspace: 'ws1',
      subject: { kind: 'machine', machine: 'm-1' },
      range: { kind: 'absolute', startMs: Date.parse('2025-01-01T00:00:00Z'), endMs: Date.parse('2025-01-01T01:00:00Z') },
      expanded: ['m-2', 'm-1|group:nginx'],
      selected: 'm-1|p-1',
      selfLinks: true,
      view: 'map',
    };
    const parsed = parseViewState(formatViewState(state));
    expect(parsed).toEqual({ ...state, expanded: ['m-1|group:nginx', 'm-2'] });
  });

  it('round-trips a group map with the group-connected filter and a Log Search query', () => {
    const state: ViewState = {
      ...EMPTY_VIEW, subject: { kind: 'group', group: 'g1', filterProcesses: true }, view: 'logs', query: 'VMConnection | take 10',
    };
    expect(parseViewState(formatViewState(state))).toEqual(state);
  });

  it('falls back to the last 30 minutes and no subject on broken parameters', () => {
    const parsed = parseViewState('?range=yesterday&x=&view=other');
    expect(parsed.range).toEqual(DEFAULT_RANGE);
    expect(parsed.subject).toBeUndefined();
    expect(parsed.expanded).toEqual([]);
    expect(parsed.view).toBe('map');
  });

  it('toggles expansion and clears selection and expansion on refocus', () => {
    const expanded = toggleExpanded(toggleExpanded(EMPTY_VIEW, 'a'), 'b');
    expect(expanded.expanded).toEqual(['a', 'b']);
    expect(toggleExpanded(expanded, 'a').expanded).toEqual(['b']);
    const moved = refocus({ ...expanded, selected: 'a' }, { kind: 'machine', machine: 'm-9' });
    expect(moved.selected).toBeUndefined();
    expect(moved.expanded).toEqual([]);
    expect(moved.subject).toEqual({ kind: 'machine', machine: 'm-9' });
  });
});
