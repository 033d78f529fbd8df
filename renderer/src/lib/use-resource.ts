import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveEventKind } from '../../../shared/live-events.js';
import { useLiveVersion } from '../live/live-store.js';

/**
 * Server state for one screen: fetched on mount (and when `deps` change), kept in component
 * state, reloadable after a mutation. No cache across screens — the local server is fast and the
 * API is the source of truth. With `live`, the data is refetched whenever the event stream says
 * one of those kinds changed — only the data: the screen stays mounted, so forms keep their input.
 */
export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => Promise<void>;
  setData: (update: T | ((previous: T | undefined) => T)) => void;
}

export function useResource<T>(
  load: () => Promise<T>,
  deps: readonly unknown[] = [],
  options: { live?: readonly LiveEventKind[] } = {},
): Resource<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const value = await loadRef.current();
      if (mine !== generation.current) return;
      setDataState(value);
      setError(undefined);
    } catch (e) {
      if (mine !== generation.current) return;
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
    return () => {
      generation.current++;
    };
  }, deps);

  const liveVersion = useLiveVersion(options.live);
  const seenVersion = useRef(liveVersion);
  useEffect(() => {
    if (liveVersion === seenVersion.current) return;
    seenVersion.current = liveVersion;
    void reload();
  }, [liveVersion, reload]);

  const setData = useCallback((update: T | ((previous: T | undefined) => T)) => {
    setDataState((previous) =>
      typeof update === 'function' ? (update as (p: T | undefined) => T)(previous) : update,
    );
  }, []);

  return { data, error, loading, reload, setData };
}
