import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '@doorstep/contracts';

import { errorMessage } from '../services/request';

export interface PagedListState<T> {
  items: T[];
  /** First page on its way (or a reload). */
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  error: string | undefined;
  reload: () => Promise<void>;
  loadMore: () => Promise<void>;
}

/**
 * A keyset-paginated list: `load(cursor)` fetches one page. Reloads when `key` changes and on
 * `reload()` (pull-to-refresh); answers to superseded loads are dropped. Empty while not `enabled`.
 */
export function usePagedList<T>(load: (cursor?: string) => Promise<Page<T>>, key: unknown, enabled = true): PagedListState<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(enabled);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string>();
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setError(undefined);
    setLoadingMore(false);
    if (!enabled) {
      setItems([]);
      setCursor(null);
      setLoading(false);
      return;
    }
    // Items stay on screen while a pull-to-refresh is on its way.
    setLoading(true);
    try {
      const page = await loadRef.current();
      if (mine !== generation.current) return;
      setItems(page.items);
      setCursor(page.nextCursor);
    } catch (err) {
      if (mine === generation.current) setError(errorMessage(err));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [enabled]);

  const loadMore = useCallback(async () => {
    if (!cursor || loading || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    try {
      const page = await loadRef.current(cursor);
      if (mine !== generation.current) return;
      setItems((previous) => [...previous, ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      if (mine === generation.current) setError(errorMessage(err));
    } finally {
      if (mine === generation.current) setLoadingMore(false);
    }
  }, [cursor, loading, loadingMore]);

  useEffect(() => {
    void reload();
  }, [reload, key]);

  return { items, loading, loadingMore, hasMore: cursor !== null, error, reload, loadMore };
}
