import { useCallback, useEffect, useMemo, useState } from 'react';
import type { MachineGroup } from '@servicemap/protocol';
import { ApiRequestError } from '../api/api-error.js';
import { LogAnalyticsClient } from '../api/log-analytics-client.js';
import { groupMembers, ServiceMapClient } from '../api/service-map-client.js';
import type { Session } from '../auth/session-store.js';
import { WorkspacePicker } from '../auth/WorkspacePicker.js';
import { LogSearchView } from '../features/log-search/LogSearchView.js';
import { GroupsTab } from '../features/machine-groups/GroupsTab.js';
import { MachineList } from '../features/machines/MachineList.js';
import { machineLabel } from '../features/service-map/build-map-view.js';
import { ServiceMapView } from '../features/service-map/ServiceMapView.js';
import { resolveRange } from '../view/time-range.js';
import { refocus, type ViewState } from '../view/view-state.js';
import type { ViewUpdate } from './use-view-state.js';
import { TimeRangePicker } from './TimeRangePicker.js';
import { useResource } from './use-resource.js';
import type { Theme } from './use-theme.js';

const describeError = (e: unknown): string => (e instanceof ApiRequestError ? `${e.message} (${e.code})` : String(e));

/** The signed-in page: header, left pane (Machines, Groups), the map or Log Search. */
export function Workspace({ session, sessions, state, onChange, theme, onTheme, onPickWorkspace, onAddWorkspace, onSignOut }: {
  readonly session: Session;
  readonly sessions: readonly Session[];
  readonly state: ViewState;
  readonly onChange: ViewUpdate;
  readonly theme: Theme;
  readonly onTheme: (theme: Theme) => void;
  readonly onPickWorkspace: (id: string) => void;
  readonly onAddWorkspace: () => void;
  readonly onSignOut: () => void;
}) {
  const client = useMemo(() => new ServiceMapClient(session.token, session.workspace.id), [session]);
  const logClient = useMemo(() => new LogAnalyticsClient(session.token, session.workspace.id), [session]);
  const [tab, setTab] = useState<'machines' | 'groups'>(state.subject?.kind === 'group' ? 'groups' : 'machines');
  const [live, setLive] = useState(true);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [groupError, setGroupError] = useState<string>();
  const rangeKey = JSON.stringify(state.range);
  // Live machines always (they mark the list); every known machine when "live only" is off.
  const liveMachines = useResource(`${session.workspace.id}|${rangeKey}`, () => client.machines(resolveRange(state.range, Date.now()), true), 60_000);
  const knownMachines = useResource(live ? undefined : `${session.workspace.id}|${rangeKey}|known`,
    () => client.machines(resolveRange(state.range, Date.now()), false), 60_000);
  const machines = live ? liveMachines : knownMachines;
  const liveNames = useMemo(() => new Set((liveMachines.data ?? []).map((m) => m.name)), [liveMachines.data]);
  const summary = useResource(`${session.workspace.id}|${rangeKey}|summary`, () => client.summary(resolveRange(state.range, Date.now())), 60_000);
  const groups = useResource(session.workspace.id, () => client.groups());
  // A revoked or expired token: back to sign-in rather than a page of errors.
  const unauthorized = liveMachines.error instanceof ApiRequestError && liveMachines.error.status === 401;
  useEffect(() => { if (unauthorized) onSignOut(); }, [unauthorized, onSignOut]);
  const labelOf = useCallback((m: string) => machineLabel(machines.data?.find((x) => x.name === m), m), [machines.data]);
  const currentGroup = state.subject?.kind === 'group' ? groups.data?.find((g) => g.name === (state.subject?.kind === 'group' ? state.subject.group : '')) : undefined;
  const members = useMemo(() => new Set(currentGroup === undefined ? [] : groupMembers(currentGroup)), [currentGroup]);
  const onQuery = useCallback((query: string) => { onChange((s) => ({ ...s, query }), 'replace'); }, [onChange]);
  const change = (action: Promise<unknown>, after?: (result: unknown) => void): void => {
    setGroupError(undefined);
    action.then((result) => { groups.reload(); after?.(result); }, (e: unknown) => { setGroupError(describeError(e)); });
  };
  return (
    <div className="workspace">
      <header className="top-bar">
        <h1 className="brand">Servicemap</h1>
        <WorkspacePicker sessions={sessions} current={session.workspace.id} onPick={onPickWorkspace} onAdd={onAddWorkspace} />
        <TimeRangePicker range={state.range} retentionDays={session.workspace.retentionDays} onChange={(range) => { onChange({ ...state, range }); }} />
        <nav className="page-tabs" aria-label="Pages">
          <button type="button" aria-pressed={state.view === 'map'} onClick={() => { onChange({ ...state, view: 'map' }); }}>Map</button>
          <button type="button" aria-pressed={state.view === 'logs'} onClick={() => { onChange({ ...state, view: 'logs' }); }}>Log Search</button>
        </nav>
        <span className="spacer" />
        <button type="button" onClick={() => { onTheme(theme === 'dark' ? 'light' : 'dark'); }} aria-label="Switch theme">
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
        <button type="button" onClick={onSignOut}>Sign out</button>
      </header>
      <nav className="left-pane" aria-label="Machines and groups">
        <div role="tablist" className="tabs">
          <button type="button" role="tab" aria-selected={tab === 'machines'} onClick={() => { setTab('machines'); }}>Machines</button>
          <button type="button" role="tab" aria-selected={tab === 'groups'} onClick={() => { setTab('groups'); }}>Groups</button>
        </div>
        {tab === 'machines'
          ? <MachineList machines={machines.data ?? []} loading={machines.loading && machines.data === undefined} live={live} onLive={setLive}
            liveNames={liveNames} {...(summary.data === undefined ? {} : { summary: summary.data.properties })}
            checked={checked} {...(state.subject?.kind === 'machine' ? { focus: state.subject.machine } : {})}
            onCheck={(m, on) => { setChecked((c) => { const next = new Set(c); if (on) next.add(m); else next.delete(m); return next; }); }}
            onPick={(machine) => { onChange(refocus(state, { kind: 'machine', machine })); }} />
          : <GroupsTab groups={groups.data ?? []} checked={checked} labelOf={labelOf} {...(groupError === undefined ? {} : { error: groupError })}
            {...(state.subject?.kind === 'group' ? { current: state.subject.group } : {})}
            onOpen={(group) => { onChange(refocus(state, { kind: 'group', group, filterProcesses: false })); }}
            onCreate={(name) => { change(client.createGroup(name, [...checked]), (g) => {
              setChecked(new Set());
              onChange((s) => refocus(s, { kind: 'group', group: (g as MachineGroup).name, filterProcesses: false }));
            }); }}
            onRename={(g, name) => { change(client.updateGroup(g, name, groupMembers(g))); }}
            onSetMembers={(g, m) => { change(client.updateGroup(g, g.properties.displayName, m)); }}
            onDelete={(g) => { change(client.deleteGroup(g.name), () => {
              onChange((s) => {
                if (s.subject?.kind !== 'group' || s.subject.group !== g.name) return s;
                const { subject: _s, selected: _sel, ...rest } = s;
                return { ...rest, expanded: [] };
              });
            }); }} />}
      </nav>
      <main className="main-area">
        {state.view === 'logs'
          ? <LogSearchView client={logClient} workspaceName={session.workspace.name} query={state.query ?? ''} range={state.range} dark={theme === 'dark'}
            onQuery={onQuery} onBack={() => { onChange({ ...state, view: 'map' }); }} />
          : <ServiceMapView client={client} state={state} members={members} theme={theme} onChange={onChange} />}
      </main>
    </div>
  );
}
