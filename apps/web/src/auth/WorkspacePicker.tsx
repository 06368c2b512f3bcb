import type { Session } from './session-store.js';

/** Picks among the workspaces of the tokens signed in this session; "Add" signs in another. */
export function WorkspacePicker({ sessions, current, onPick, onAdd }: {
  readonly sessions: readonly Session[];
  readonly current: string;
  readonly onPick: (workspaceId: string) => void;
  readonly onAdd: () => void;
}) {
  return (
    <label className="workspace-picker">
      <span className="visually-hidden">Workspace</span>
      <select aria-label="Workspace" value={current} onChange={(e) => {
        if (e.target.value === '+') onAdd();
        else onPick(e.target.value);
      }}>
        {sessions.map((s) => <option key={s.workspace.id} value={s.workspace.id}>{s.workspace.name}</option>)}
        <option value="+">Add a workspace…</option>
      </select>
    </label>
  );
}
