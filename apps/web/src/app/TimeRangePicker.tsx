import { useState } from 'react';
import { checkCustomRange, describeRange, RANGE_PRESETS, type TimeRange } from '../view/time-range.js';

const toLocalInput = (ms: number): string => new Date(ms).toISOString().slice(0, 16);

/** Presets (last 10 minutes … 7 days) and a custom UTC range checked against retention. */
export function TimeRangePicker({ range, retentionDays, onChange }: {
  readonly range: TimeRange;
  readonly retentionDays: number;
  readonly onChange: (range: TimeRange) => void;
}) {
  const [custom, setCustom] = useState(false);
  const now = Date.now();
  const [start, setStart] = useState(toLocalInput(range.kind === 'absolute' ? range.startMs : now - 3_600_000));
  const [end, setEnd] = useState(toLocalInput(range.kind === 'absolute' ? range.endMs : now));
  const startMs = Date.parse(`${start}:00Z`);
  const endMs = Date.parse(`${end}:00Z`);
  const problem = checkCustomRange(startMs, endMs, now, retentionDays);
  const value = custom || range.kind === 'absolute' ? 'custom' : String(range.durationMs);
  return (
    <div className="time-range">
      <label>
        <span className="visually-hidden">Time range</span>
        <select aria-label="Time range" value={value} onChange={(e) => {
          if (e.target.value === 'custom') { setCustom(true); return; }
          setCustom(false);
          onChange({ kind: 'relative', durationMs: Number(e.target.value) });
        }}>
          {RANGE_PRESETS.map((p) => <option key={p.durationMs} value={p.durationMs}>{p.label}</option>)}
          <option value="custom">{range.kind === 'absolute' ? describeRange(range) : 'Custom range…'}</option>
        </select>
      </label>
      {custom && (
        <form className="custom-range" onSubmit={(e) => {
          e.preventDefault();
          if (problem === undefined) { setCustom(false); onChange({ kind: 'absolute', startMs, endMs }); }
        }}>
          <label>From (UTC) <input type="datetime-local" value={start} onChange={(e) => { setStart(e.target.value); }} /></label>
          <label>To (UTC) <input type="datetime-local" value={end} onChange={(e) => { setEnd(e.target.value); }} /></label>
          <button type="submit" disabled={problem !== undefined}>Apply</button>
          {problem !== undefined && <span role="status" className="error">{problem}</span>}
        </form>
      )}
    </div>
  );
}
