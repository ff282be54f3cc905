import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { LIMITS, type Page } from '@doorstep/contracts';
import { validationFailed } from '../http/validation';

export class PageQueryDto {
  /** Opaque cursor from the previous page's `nextCursor`. */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LIMITS.pageSizeMax)
  limit?: number;
}

export interface KeysetKey<Row = { id: number }> {
  /** SQL expression to order by, e.g. `c.id` or `t.resolveDeadline`. */
  expression: string;
  /** Where the value is found on a fetched row (entity property). */
  read: (row: Row) => unknown;
  direction: 'ASC' | 'DESC';
  kind: 'number' | 'string' | 'date';
}

/** An opaque cursor of the last row's key values (also for lists paged in memory). */
export function encode(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The key values of a cursor, checked against the keys' kinds (400 naming `cursor` otherwise). */
export function decode(cursor: string, keys: Array<Pick<KeysetKey<never>, 'kind'>>): unknown[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  const valid =
    Array.isArray(values) &&
    values.length === keys.length &&
    values.every((v, i) =>
      keys[i].kind === 'number'
        ? Number.isFinite(v)
        : keys[i].kind === 'date'
          ? typeof v === 'string' && !Number.isNaN(Date.parse(v))
          : typeof v === 'string',
    );
  if (!valid) throw validationFailed([{ field: 'cursor', problems: ['cursor is not valid for this list'] }]);
  return (values as unknown[]).map((v, i) => (keys[i].kind === 'date' ? new Date(v as string) : v));
}

/**
 * Keyset pagination: `WHERE (k1, k2) > (:v1, :v2)` spelled out portably, `ORDER BY k1, k2`, one row
 * more than the page to know whether another page exists. The last key must be unique (the id).
 */
export async function keysetPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: PageQueryDto,
  keys: KeysetKey<T>[],
): Promise<Page<T>> {
  const limit = query.limit ?? LIMITS.pageSizeDefault;
  if (query.cursor) {
    const values = decode(query.cursor, keys);
    qb.andWhere(
      new Brackets((outer) => {
        keys.forEach((key, i) => {
          outer.orWhere(
            new Brackets((inner) => {
              for (let j = 0; j < i; j++) inner.andWhere(`${keys[j].expression} = :ks${j}`, { [`ks${j}`]: values[j] });
              const op = key.direction === 'ASC' ? '>' : '<';
              inner.andWhere(`${key.expression} ${op} :ks${i}`, { [`ks${i}`]: values[i] });
            }),
          );
        });
      }),
    );
  }
  keys.forEach((key, i) => (i === 0 ? qb.orderBy(key.expression, key.direction) : qb.addOrderBy(key.expression, key.direction)));
  const rows = await qb
    .take(undefined)
    .limit(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? encode(
          keys.map((k) => {
            const v = k.read(last);
            return v instanceof Date ? v.toISOString() : v;
          }),
        )
      : null;
  return { items, nextCursor };
}

/** The common case: a list ordered by id. */
export const byId = (alias: string, direction: 'ASC' | 'DESC' = 'ASC'): KeysetKey<{ id: number }>[] => [
  { expression: `${alias}.id`, read: (r) => r.id, direction, kind: 'number' },
];
