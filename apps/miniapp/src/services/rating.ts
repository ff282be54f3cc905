import { ENDPOINTS, type CompoundRatingView, type ScoreListView } from '@doorstep/contracts';

import { call } from './request';

/** Public: the latest published verdict on a compound's handler, and the compound's grade. */
export function getCompoundRating(compoundId: number): Promise<CompoundRatingView> {
  return call(ENDPOINTS.compoundRating, { params: { id: compoundId } });
}

/** Public: one published 红黑榜. */
export function getScoreList(id: number): Promise<ScoreListView> {
  return call(ENDPOINTS.getScoreList, { params: { id } });
}
