import type { DemoUserView } from '@doorstep/contracts';

import { listDemoUsers } from '../services/api';
import { useRemote, type RemoteState } from './useRemote';

/** Demo accounts to sign in with; only fetched while signed out. */
export function useDemoUsers(enabled: boolean): RemoteState<DemoUserView[]> {
  return useRemote(listDemoUsers, 'demo-users', enabled);
}
