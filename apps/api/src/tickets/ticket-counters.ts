import type { EntityManager } from 'typeorm';

/**
 * Counters and flags that are not state changes. Written with plain SQL because TypeORM's update
 * builder bumps the version column, and a phone holding the ticket must not get a 409 just because
 * someone tapped 我也遇到 or a supervisor urged it.
 */
export async function countFollower(tx: EntityManager, ticketId: number): Promise<void> {
  await tx.query('UPDATE tickets SET follower_count = follower_count + 1 WHERE id = ?', [ticketId]);
}

export async function markSupervised(tx: EntityManager, ticketId: number): Promise<void> {
  await tx.query('UPDATE tickets SET supervised = 1 WHERE id = ?', [ticketId]);
}
