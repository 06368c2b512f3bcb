import { useState } from 'react';
import { clearSessions, loadSessions, saveSession, type Session } from '../auth/session-store.js';
import { SignIn } from '../auth/SignIn.js';
import { useTheme } from './use-theme.js';
import { useViewState } from './use-view-state.js';
import { EMPTY_VIEW } from '../view/view-state.js';
import { Workspace } from './Workspace.js';

/** The whole UI: sign in, then the workspace the URL names (or the first signed-in one). */
export function App() {
  const [sessions, setSessions] = useState<Session[]>(() => loadSessions());
  const [adding, setAdding] = useState(false);
  const [state, setState] = useViewState();
  const [theme, setTheme] = useTheme();
  const named = sessions.find((s) => s.workspace.id === state.workspace || s.workspace.name === state.workspace);
  const session = state.workspace === undefined ? sessions[0] : named;
  if (session === undefined || adding) {
    // A shared URL may name a workspace this tab has no token for yet.
    const hint = !adding && state.workspace !== undefined && sessions.length > 0 ? `This link is for workspace ${state.workspace}.` : undefined;
    const fallback = sessions[0];
    return <SignIn {...(hint === undefined ? {} : { hint })}
      {...(adding ? { other: { label: 'Cancel', go: () => { setAdding(false); } } } : fallback === undefined ? {} : {
        other: { label: `Open ${fallback.workspace.name} instead`, go: () => { setState({ ...EMPTY_VIEW, range: state.range, workspace: fallback.workspace.id }); } },
      })}
      onSignedIn={(s) => {
      setSessions(saveSession(s));
      setAdding(false);
      // The view of a shared URL belongs to its workspace; a token of another starts afresh.
      const same = state.workspace === undefined || state.workspace === s.workspace.id || state.workspace === s.workspace.name;
      setState(same ? { ...state, workspace: s.workspace.id } : { ...EMPTY_VIEW, workspace: s.workspace.id }, 'replace');
    }} />;
  }
  return (
    <Workspace session={session} sessions={sessions} state={state} onChange={setState} theme={theme} onTheme={setTheme}
      onPickWorkspace={(id) => { setState({ ...EMPTY_VIEW, range: state.range, workspace: id }); }}
      onAddWorkspace={() => { setAdding(true); }}
      onSignOut={() => { clearSessions(); setSessions([]); }} />
  );
}
