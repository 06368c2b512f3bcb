import { describe, expect, it } from 'vitest';
import { clearSessions, loadSessions, saveSession } from './session-store.js';

/** An in-memory Web Storage, standing in for the tab's sessionStorage. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() { return items.size; },
    clear: () => { items.clear(); },
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => { items.delete(key); },
    setItem: (key, value) => { items.set(key, value); },
  };
}

const workspace = (id: string) => ({ id, name: id, retentionDays: 30 });

describe('session store', () => {
  it('keeps one session per workspace, the newest token winning', () => {
    const storage = memoryStorage();
    saveSession({ token: 'smt_a', workspace: workspace('w1') }, storage);
    saveSession({ token: 'smt_b', workspace: workspace('w2') }, storage);
    saveSession({ token: 'smt_c', workspace: workspace('w1') }, storage);
    expect(loadSessions(storage).map((s) => [s.workspace.id, s.token])).toEqual([['w2', 'smt_b'], ['w1', 'smt_c']]);
    clearSessions(storage);
    expect(loadSessions(storage)).toEqual([]);
  });

  it('ignores unreadable or malformed stored data', () => {
    const storage = memoryStorage();
    storage.setItem('servicemap.sessions', '{not json');
    expect(loadSessions(storage)).toEqual([]);
    storage.setItem('servicemap.sessions', JSON.stringify([{ token: 1, workspace: { id: 'w' } }, { token: 'smt_x', workspace: workspace('w3') }]));
    expect(loadSessions(storage).map((s) => s.token)).toEqual(['smt_x']);
  });
});
