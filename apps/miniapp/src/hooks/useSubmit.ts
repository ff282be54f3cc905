import { useCallback, useRef, useState } from 'react';

export interface SubmitState<A extends unknown[], R> {
  /** Runs `action` unless a run is still on its way; then resolves with undefined and does nothing. */
  run: (...args: A) => Promise<R | undefined>;
  pending: boolean;
}

/**
 * No double submission on a double tap: the lock is a ref, set before the first await, so a second
 * tap in the same frame (before React re-renders the disabled button) is ignored too.
 */
export function useSubmit<A extends unknown[], R>(action: (...args: A) => Promise<R>): SubmitState<A, R> {
  const busy = useRef(false);
  const [pending, setPending] = useState(false);
  const actionRef = useRef(action);
  actionRef.current = action;

  const run = useCallback(async (...args: A) => {
    if (busy.current) return undefined;
    busy.current = true;
    setPending(true);
    try {
      return await actionRef.current(...args);
    } finally {
      busy.current = false;
      setPending(false);
    }
  }, []);

  return { run, pending };
}
