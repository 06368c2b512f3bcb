import { useCallback, useEffect, useRef, useState } from 'react';

/** A loaded value: the last good data stays while a reload runs, so nothing blinks or jumps. */
export interface Resource<T> {
  readonly data?: T;
  readonly error?: Error;
  readonly loading: boolean;
  readonly reload: () => void;
}

/**
 * Loads `load()` whenever `key` changes (and every `refreshMs` when given). Answers that arrive
 * after a newer request started are dropped.
 */
export function useResource<T>(key: string | undefined, load: () => Promise<T>, refreshMs?: number): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean; key?: string }>({ loading: false });
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    if (key === undefined) return;
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => { if (mine === generation.current) setState({ data, loading: false, key }); },
      (error: unknown) => {
        if (mine === generation.current) {
          setState((s) => ({ ...(s.key === key ? { data: s.data } : {}), error: error instanceof Error ? error : new Error(String(error)), loading: false, key }));
        }
      },
    );
  }, [key, tick]);
  useEffect(() => {
    if (refreshMs === undefined || key === undefined) return;
    const timer = setInterval(() => { setTick((t) => t + 1); }, refreshMs);
    return () => { clearInterval(timer); };
  }, [refreshMs, key]);
  const reload = useCallback(() => { setTick((t) => t + 1); }, []);
  // Data of another key is stale: show it only while the new one loads, never beside an error.
  return { ...(state.data === undefined ? {} : { data: state.data }), ...(state.error ? { error: state.error } : {}), loading: state.loading, reload };
}
