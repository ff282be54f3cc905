import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '../database/db-errors';
import { DomainError } from '../errors/domain-error';
import { validationFailed } from '../http/validation';
import { IdempotencyKey } from './idempotency-key.entity';

const KEY_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** JSON with keys sorted, so the same body hashes the same whatever order the phone sent it in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface IdempotentResult {
  resourceId: number;
  /** true when this was a retry and nothing new was created */
  replayed: boolean;
}

export interface IdempotentOptions {
  /**
   * Taken first in the transaction, before the stored key is looked up: a lock that serializes the
   * creates the key guards (one report per person at a time). A retry that waited behind its own
   * first attempt then finds that attempt's key and returns its result before `create` counts any cap.
   */
  serialize?: (tx: EntityManager) => Promise<void>;
}

/**
 * Creates that a phone may resend (reports, visits, payments) run through here with the client's
 * Idempotency-Key. The key is written in the same transaction as the resource, so either both exist
 * or neither; a concurrent retry loses the unique-key race, rolls back, and gets the winner's result.
 * A replay is answered from the stored key before `create` runs, so limits it checks (daily caps)
 * never refuse a request that was already carried out.
 */
@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async run(
    userId: number,
    scope: string,
    key: string | undefined,
    body: unknown,
    create: (tx: EntityManager) => Promise<number>,
    options: IdempotentOptions = {},
  ): Promise<IdempotentResult> {
    const serialize = options.serialize ?? (async () => undefined);
    if (key === undefined) {
      const resourceId = await this.db.transaction(async (tx) => {
        await serialize(tx);
        return create(tx);
      });
      return { resourceId, replayed: false };
    }
    if (!KEY_PATTERN.test(key)) {
      throw validationFailed([{ field: 'Idempotency-Key', problems: ['8–64 letters, digits, - or _'] }]);
    }
    const requestHash = createHash('sha256').update(stableJson(body)).digest('hex');
    try {
      return await this.db.transaction(async (tx) => {
        await serialize(tx);
        const earlier = await this.find(tx, userId, scope, key, requestHash);
        if (earlier) return earlier;
        const resourceId = await create(tx);
        await tx.insert(IdempotencyKey, { userId, scope, idemKey: key, requestHash, resourceId });
        return { resourceId, replayed: false };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.find(this.db.manager, userId, scope, key, requestHash);
      if (winner) return winner;
      throw error;
    }
  }

  private async find(
    manager: EntityManager,
    userId: number,
    scope: string,
    key: string,
    requestHash: string,
  ): Promise<IdempotentResult | null> {
    const row = await manager.getRepository(IdempotencyKey).findOneBy({ userId, scope, idemKey: key });
    if (!row) return null;
    if (row.requestHash !== requestHash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', 422);
    return { resourceId: row.resourceId, replayed: true };
  }
}
