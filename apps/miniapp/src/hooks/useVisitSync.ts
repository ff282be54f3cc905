import { useCallback, useEffect } from 'react';

import { pruneOfflinePhotos, syncVisits } from '../services/visit-queue';
import { useOnline } from './useOnline';
import { useReloadOnReturn } from './useReloadOnReturn';
import { useSession } from './useSession';
import { useVisitQueue } from './useVisitQueue';

/**
 * Sends the signed-in worker's queued visits whenever there is a chance: the network comes back, the
 * app is shown again (WeChat keeps it in the background for a while), or a visit was just queued while
 * online. Mounted once, in the app root; pages only read the queue.
 */
export function useVisitSync(): void {
  const online = useOnline();
  const session = useSession();
  const userId = session.signedIn ? (session.user?.id ?? null) : null;
  const { pending } = useVisitQueue();

  const run = useCallback(() => {
    if (userId !== null && online && pending > 0) void syncVisits(userId);
  }, [userId, online, pending]);

  useEffect(run, [run]);
  // At the start no form is open: kept photo bytes no queued visit refers to can go (H5).
  useEffect(() => {
    void pruneOfflinePhotos();
  }, []);
  // Shown again after a while in the background; the launch itself is the effect's.
  useReloadOnReturn(run);
}
