import { useCallback, useEffect, useRef, useState } from 'react';
import { formatViewState, parseViewState, type ViewState } from '../view/view-state.js';

/**
 * Changes the view: a new state, or a function of the latest one (so two events of one gesture,
 * a tap and a double tap, never undo each other). `push` adds a history entry, `replace` does not.
 */
export type ViewUpdate = (next: ViewState | ((current: ViewState) => ViewState), mode?: 'push' | 'replace') => void;

/**
 * The view lives in the URL's query string: changes push a history entry (so Back works) or
 * replace it (selection, which changes often), and Back/Forward restore the view.
 */
export function useViewState(): [ViewState, ViewUpdate] {
  const [state, setState] = useState<ViewState>(() => parseViewState(window.location.search));
  const latest = useRef(state);
  useEffect(() => {
    const onPop = (): void => {
      latest.current = parseViewState(window.location.search);
      setState(latest.current);
    };
    window.addEventListener('popstate', onPop);
    return () => { window.removeEventListener('popstate', onPop); };
  }, []);
  const update = useCallback<ViewUpdate>((next, mode = 'push') => {
    const value = typeof next === 'function' ? next(latest.current) : next;
    latest.current = value;
    const search = formatViewState(value);
    if (search !== window.location.search) {
      if (mode === 'push') window.history.pushState(null, '', search);
      else window.history.replaceState(null, '', search);
    }
    setState(value);
  }, []);
  return [state, update];
}
