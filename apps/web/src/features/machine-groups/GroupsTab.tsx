import { useState } from 'react';
import type { MachineGroup } from '@servicemap/protocol';
import { groupMembers } from '../../api/service-map-client.js';
import { GroupEditor } from './GroupEditor.js';

/** The Groups tab: create a group from the ticked machines, open a group's map, edit it. */
export function GroupsTab({ groups, checked, current, labelOf, onCreate, onOpen, onRename, onSetMembers, onDelete, error }: {
  readonly groups: readonly MachineGroup[];
  readonly checked: ReadonlySet<string>;
  readonly current?: string;
  readonly labelOf: (machine: string) => string;
  readonly onCreate: (name: string) => void;
  readonly onOpen: (group: string) => void;
  readonly onRename: (group: MachineGroup, name: string) => void;
  readonly onSetMembers: (group: MachineGroup, machines: readonly string[]) => void;
  readonly onDelete: (group: MachineGroup) => void;
  readonly error?: string;
}) {
  const [name, setName] = useState('');
  const [editing, setEditing] = useState<string>();
  return (
    <div className="groups-tab">
      <form className="new-group" onSubmit={(e) => {
        e.preventDefault();
        if (name.trim() !== '' && checked.size > 0) {
          onCreate(name.trim());
          setName('');
        }
      }}>
        <label htmlFor="new-group-name">New group from {checked.size} selected machine{checked.size === 1 ? '' : 's'}</label>
        <div className="row">
          <input id="new-group-name" value={name} placeholder="Group name" maxLength={256} onChange={(e) => { setName(e.target.value); }} />
          <button type="submit" disabled={name.trim() === '' || checked.size === 0}>Create group</button>
        </div>
      </form>
      {error !== undefined && <p role="alert" className="error">{error}</p>}
      <ul aria-label="Machine groups">
        {groups.map((g) => (
          <li key={g.name} className={g.name === current ? 'current' : ''}>
            <div className="row">
              <button type="button" className="group-button" aria-current={g.name === current ? 'true' : undefined} onClick={() => { onOpen(g.name); }}>
                {g.properties.displayName} <span className="muted">({groupMembers(g).length})</span>
              </button>
              <button type="button" aria-expanded={editing === g.name} aria-label={`Edit ${g.properties.displayName}`}
                onClick={() => { setEditing(editing === g.name ? undefined : g.name); }}>Edit</button>
            </div>
            {editing === g.name && (
              <GroupEditor group={g} checked={checked} labelOf={labelOf} onRename={(n) => { onRename(g, n); }}
                onSetMembers={(m) => { onSetMembers(g, m); }} onDelete={() => { setEditing(undefined); onDelete(g); }} />
            )}
          </li>
        ))}
        {groups.length === 0 && <li className="muted">No groups yet. Tick machines in the Machines tab, then name a group here.</li>}
      </ul>
    </div>
  );
}
