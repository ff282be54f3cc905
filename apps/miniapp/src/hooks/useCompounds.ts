import type { CompoundView } from '@doorstep/contracts';

import { listCompounds } from '../services/api';
import { usePagedList, type PagedListState } from './usePagedList';

const PAGE_SIZE = 20;

export type CompoundsState = PagedListState<CompoundView>;

/** Compounds the signed-in user works or lives in, a keyset page at a time. Empty while signed out. */
export function useCompounds(userId: number | null): CompoundsState {
  return usePagedList((cursor) => listCompounds({ limit: PAGE_SIZE, cursor }), userId, userId !== null);
}
