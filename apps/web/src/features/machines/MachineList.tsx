import { useMemo, useState } from 'react';
import type { Machine, MachinesSummary } from '@servicemap/protocol';
import { machineLabel } from '../service-map/build-map-view.js';

/** The Machines tab: search, OS and liveness filters, pick one to map, tick several for a group. */
export function MachineList({ machines, loading, live, onLive, liveNames, summary, focus, checked, onCheck, onPick }: {
  readonly machines: readonly Machine[];
  /** Machines that reported in the range (marked live). */
  readonly liveNames: ReadonlySet<string>;
  readonly summary?: MachinesSummary['properties'];
  readonly loading: boolean;
  readonly live: boolean;
  readonly onLive: (live: boolean) => void;
  readonly focus?: string;
  readonly checked: ReadonlySet<string>;
  readonly onCheck: (machine: string, on: boolean) => void;
  readonly onPick: (machine: string) => void;
}) {
  const [search, setSearch] = useState('');
  const [os, setOs] = useState<'all' | 'linux' | 'windows'>('all');
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return machines
      .filter((m) => os === 'all' || m.properties.operatingSystem?.family === os)
      .filter((m) => needle === '' || [machineLabel(m, m.name), m.properties.fullyQualifiedDomainName ?? '',
        ...(m.properties.networking?.ipv4Interfaces ?? []).map((i) => i.ipAddress)].some((s) => s.toLowerCase().includes(needle)))
      .sort((a, b) => machineLabel(a, a.name).localeCompare(machineLabel(b, b.name)));
  }, [machines, search, os]);
  return (
    <div className="machine-list">
      <div className="filters">
        <input type="search" aria-label="Search machines" placeholder="Search machines…" value={search}
          onChange={(e) => { setSearch(e.target.value); }} />
        <select aria-label="Operating system" value={os} onChange={(e) => { setOs(e.target.value as typeof os); }}>
          <option value="all">All OS</option>
          <option value="linux">Linux</option>
          <option value="windows">Windows</option>
        </select>
        <label className="checkbox">
          <input type="checkbox" checked={live} onChange={(e) => { onLive(e.target.checked); }} /> Live in range only
        </label>
      </div>
      {summary !== undefined && (
        <p className="summary" aria-label="Workspace summary">
          {summary.total} machines, {summary.live} live · {summary.os.linux} Linux, {summary.os.windows} Windows
        </p>
      )}
      <p className="muted" role="status">{loading ? 'Loading machines…' : `${shown.length} of ${machines.length} machines`}</p>
      <ul aria-label="Machines">
        {shown.map((m) => (
          <li key={m.name} className={m.name === focus ? 'current' : ''}>
            <input type="checkbox" aria-label={`Select ${machineLabel(m, m.name)}`} checked={checked.has(m.name)}
              onChange={(e) => { onCheck(m.name, e.target.checked); }} />
            <button type="button" className="machine-button" aria-current={m.name === focus ? 'true' : undefined}
              onClick={() => { onPick(m.name); }}>
              <span className="name">
                <span className={liveNames.has(m.name) ? 'live-dot live' : 'live-dot'} aria-hidden="true" />
                {machineLabel(m, m.name)}
                <span className="visually-hidden">{liveNames.has(m.name) ? ' (live)' : ' (not live in the range)'}</span>
              </span>
              <span className="os">{m.properties.operatingSystem?.fullName ?? m.properties.operatingSystem?.family ?? ''}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
