import { Brackets, type SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import type { ScopeType } from '@doorstep/contracts';

/**
 * How a list query recognises rows inside a scope: a column per scope type (`k.company_id`), or a
 * condition builder for scopes reached through other tables.
 */
export type ScopeColumns = Partial<Record<Exclude<ScopeType, 'platform'>, string | ((param: string) => string)>>;

/**
 * Restricts a list to the caller's scopes: `scopes` maps scope types to ids (from `scopesWith`). A
 * platform scope means no restriction; no usable scope means an empty list. `extra` adds conditions
 * that also make a row visible (a resident's own household, say).
 */
export function applyScopeFilter<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  scopes: Map<ScopeType, number[]>,
  columns: ScopeColumns,
  extra: Array<{ sql: string; params?: ObjectLiteral }> = [],
): SelectQueryBuilder<T> {
  if (scopes.has('platform')) return qb;
  const conditions: Array<{ sql: string; params?: ObjectLiteral }> = [...extra];
  for (const [type, ids] of scopes) {
    const column = columns[type as Exclude<ScopeType, 'platform'>];
    if (!column || !ids.length) continue;
    const param = `scope_${type}`;
    const sql = typeof column === 'function' ? column(param) : `${column} IN (:...${param})`;
    conditions.push({ sql, params: { [param]: ids } });
  }
  if (!conditions.length) return qb.andWhere('1 = 0');
  return qb.andWhere(
    new Brackets((b) => {
      for (const c of conditions) b.orWhere(c.sql, c.params);
    }),
  );
}
