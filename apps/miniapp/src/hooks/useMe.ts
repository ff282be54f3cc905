import type { MeView } from '@doorstep/contracts';

import { getMe } from '../services/api';
import { useRemote, type RemoteState } from './useRemote';

/** The signed-in user's profile; refetched when the account changes. */
export function useMe(userId: number | null): RemoteState<MeView> {
  return useRemote(getMe, userId, userId !== null);
}
