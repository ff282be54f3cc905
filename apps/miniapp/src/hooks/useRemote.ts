import { useCallback, useEffect, useRef, useState } from 'react';

import { errorMessage } from '../services/request';

export interface RemoteState<T> {
  data: T | undefined;
  /** Chinese message of the last failure, cleared by the next success. */
  error: string | undefined;
  /** Raw failure, for branching on ApiError.code. */
  failure: unknown;
  loading: boolean;
  reload: () => Promise<void>;
}

/**
 * Loads `load()` while `enabled`, again whenever `key` changes, and on `reload()`.
 * Answers to superseded loads are dropped, so a slow old answer never overwrites a newer one.
 */
export function useRemote<T>(load: () => Promise<T>, key: unknown, enabled = true): RemoteState<T> {
  const [data, setData] = useState<T>();
  const [failure, setFailure] = useState<unknown>();
  const [loading, setLoading] = useState(enabled);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    if (!enabled) {
      setData(undefined);
      setFailure(undefined);
      setLoading(false);
      return;
    }
    setLoading(true);
    try {
      const result = await loadRef.current();
      if (mine !== generation.current) return;
      setData(result);
      setFailure(undefined);
    } catch (err) {
      if (mine !== generation.current) return;
      setFailure(err);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [enabled]);

  useEffect(() => {
    void reload();
  }, [reload, key]);

  return { data, error: failure === undefined ? undefined : errorMessage(failure), failure, loading, reload };
}
