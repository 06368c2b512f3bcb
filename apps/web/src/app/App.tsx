import { useState } from 'react';
import { clearSessions, loadSessions, saveSession, type Session } from '../auth/session-store.js';
import { SignIn } from '../auth/SignIn.js';
import { useTheme } from './use-theme.js';
import { useViewState } from './use-view-state.js';
import { Workspace } from './Workspace.js';

/** The whole UI: sign in, then the workspace the URL names (or the first signed-in one). */
export function App() {
  const [sessions, setSessions] = useState<Session[]>(() => loadSessions());
  const [adding, setAdding] = useState(false);
  const [state, setState] = useViewState();
  const [theme, setTheme] = useTheme();
  const session = sessions.find((s) => s.workspace.id === state.workspace || s.workspace.name === state.workspace) ?? sessions[0];
  if (session === undefined || adding) {
    return <SignIn onSignedIn={(s) => {
      setSessions(saveSession(s));
      setAdding(false);
      setState({ ...state, workspace: s.workspace.id }, 'replace');
    }} />;
  }
  return (
    <Workspace session={session} sessions={sessions} state={state} onChange={setState} theme={theme} onTheme={setTheme}
      onPickWorkspace={(id) => { setState({ range: state.range, expanded: [], selfLinks: false, view: 'map', workspace: id }); }}
      onAddWorkspace={() => { setAdding(true); }}
      onSignOut={() => { clearSessions(); setSessions([]); }} />
  );
}
