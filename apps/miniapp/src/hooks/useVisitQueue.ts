import { useMemo, useSyncExternalStore } from 'react';

import { queueSnapshot, subscribeQueue, type QueuedVisit } from '../services/visit-queue';
import { useSession } from './useSession';

export interface VisitQueueView {
  /** The signed-in worker's visits not yet on the server, oldest first. */
  items: QueuedVisit[];
  /** Waiting for a network (what the badge counts). */
  pending: number;
  /** Refused by the server: the worker edits or discards them. */
  refused: number;
}

/** The offline visit queue of whoever is signed in, re-rendering when it changes. */
export function useVisitQueue(): VisitQueueView {
  const all = useSyncExternalStore(subscribeQueue, queueSnapshot, queueSnapshot);
  const userId = useSession().user?.id ?? null;
  return useMemo(() => {
    const items = all.filter((r) => r.workerId === userId);
    const refused = items.filter((r) => r.state === 'refused').length;
    return { items, pending: items.length - refused, refused };
  }, [all, userId]);
}
