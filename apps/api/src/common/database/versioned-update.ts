import type { ObjectLiteral, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { ErrorCode } from '@doorstep/contracts';
import { DomainError, notFound } from '../errors/domain-error';

/**
 * Optimistic concurrency: `UPDATE … SET …, version = version + 1 WHERE id = ? AND version = ?`.
 * TypeORM's @VersionColumn does not guard save(), so the condition is written here. Zero rows means the
 * object is gone (404) or someone changed it first (409 with the current version in details).
 */
export async function updateVersioned<T extends ObjectLiteral & { id: number; version: number }>(
  repo: Repository<T>,
  id: number,
  expectedVersion: number,
  changes: QueryDeepPartialEntity<T>,
  notFoundCode: ErrorCode,
): Promise<T> {
  const result = await repo
    .createQueryBuilder()
    .update()
    .set(changes)
    .where('id = :id AND version = :version', { id, version: expectedVersion })
    .execute();
  const current = await repo.findOne({ where: { id } as never });
  if (!current) throw notFound(notFoundCode);
  if (!result.affected) {
    throw new DomainError('VERSION_CONFLICT', 409, { currentVersion: current.version });
  }
  return current;
}
