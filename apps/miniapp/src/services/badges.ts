import { ENDPOINTS, type BadgesView } from '@doorstep/contracts';

import { callIfChanged } from './request';

/**
 * The last badges of the signed-in user, shared by every page that polls: a page that opens shows them
 * at once, and its first poll revalidates the same ETag (304 when nothing changed).
 */
let last: { userId: number; etag: string | null; view: BadgesView } | null = null;

export function lastBadges(userId: number): BadgesView | null {
  return last?.userId === userId ? last.view : null;
}

/** GET /me/badges, revalidated: returns the current badges and whether they changed since the last poll. */
export async function pollBadges(userId: number): Promise<{ view: BadgesView; changed: boolean }> {
  const mine = last?.userId === userId ? last : null;
  const answer = await callIfChanged(ENDPOINTS.badges, mine?.etag ?? null);
  if (!answer.changed && mine) return { view: mine.view, changed: false };
  if (!answer.changed) throw new Error('304 without a previous answer');
  last = { userId, etag: answer.etag, view: answer.data };
  return { view: answer.data, changed: mine !== null };
}
