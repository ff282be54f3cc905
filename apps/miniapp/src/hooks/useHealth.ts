import type { HealthView } from '@doorstep/contracts';

import { getHealth } from '../services/api';
import { useRemote, type RemoteState } from './useRemote';

export function useHealth(): RemoteState<HealthView> {
  return useRemote(getHealth, 'health');
}
