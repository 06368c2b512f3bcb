import { useState } from 'react';
import type { MachineGroup } from '@servicemap/protocol';
import { groupMembers } from '../../api/service-map-client.js';

/** Rename a group, add the ticked machines, remove members, or delete it (after a confirmation). */
export function GroupEditor({ group, checked, labelOf, onRename, onSetMembers, onDelete }: {
  readonly group: MachineGroup;
  readonly checked: ReadonlySet<string>;
  readonly labelOf: (machine: string) => string;
  readonly onRename: (name: string) => void;
  readonly onSetMembers: (machines: readonly string[]) => void;
  readonly onDelete: () => void;
}) {
  const [name, setName] = useState(group.properties.displayName);
  const [confirming, setConfirming] = useState(false);
  const members = groupMembers(group);
  const toAdd = [...checked].filter((m) => !members.includes(m));
  return (
    <div className="group-editor">
      <form className="row" onSubmit={(e) => { e.preventDefault(); if (name.trim() !== '') onRename(name.trim()); }}>
        <input aria-label="Group name" value={name} maxLength={256} onChange={(e) => { setName(e.target.value); }} />
        <button type="submit" disabled={name.trim() === '' || name.trim() === group.properties.displayName}>Rename</button>
      </form>
      <ul aria-label="Members">
        {members.map((m) => (
          <li key={m} className="row">
            <span>{labelOf(m)}</span>
            <button type="button" aria-label={`Remove ${labelOf(m)}`} disabled={members.length === 1}
              onClick={() => { onSetMembers(members.filter((x) => x !== m)); }}>Remove</button>
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" disabled={toAdd.length === 0} onClick={() => { onSetMembers([...members, ...toAdd]); }}>
          Add {toAdd.length} selected
        </button>
        {confirming
          ? <>
            <button type="button" className="danger" onClick={onDelete}>Really delete</button>
            <button type="button" onClick={() => { setConfirming(false); }}>Keep</button>
          </>
          : <button type="button" className="danger" onClick={() => { setConfirming(true); }}>Delete group</button>}
      </div>
    </div>
  );
}
