import { useCallback, useEffect, useState } from 'react';
import { formatViewState, parseViewState, type ViewState } from '../view/view-state.js';

/**
 * The view lives in the URL's query string: changes push a history entry (so Back works) or
 * replace it (selection, which changes often), and Back/Forward restore the view.
 */
export function useViewState(): [ViewState, (next: ViewState, mode?: 'push' | 'replace') => void] {
  const [state, setState] = useState<ViewState>(() => parseViewState(window.location.search));
  useEffect(() => {
    const onPop = (): void => { setState(parseViewState(window.location.search)); };
    window.addEventListener('popstate', onPop);
    return () => { window.removeEventListener('popstate', onPop); };
  }, []);
  const update = useCallback((next: ViewState, mode: 'push' | 'replace' = 'push') => {
    const search = formatViewState(next);
    if (search !== window.location.search) {
      if (mode === 'push') window.history.pushState(null, '', search);
      else window.history.replaceState(null, '', search);
    }
    setState(next);
  }, []);
  return [state, update];
}
