import type { DataSource } from 'typeorm';
import type { ScopeType } from '@doorstep/contracts';

const TABLES: Partial<Record<ScopeType, string>> = {
  street: 'streets',
  community: 'communities',
  grid: 'grids',
  company: 'property_companies',
  compound: 'compounds',
};

/** Display names of scopes (幸福社区, 安居物业 …), one query per scope type. */
export async function scopeNames(
  db: DataSource,
  scopes: Array<{ scopeType: ScopeType; scopeId: number }>,
): Promise<Map<string, string>> {
  const names = new Map<string, string>([['platform:0', '全平台']]);
  const byType = new Map<ScopeType, number[]>();
  for (const s of scopes) byType.set(s.scopeType, [...(byType.get(s.scopeType) ?? []), s.scopeId]);
  for (const [type, ids] of byType) {
    const table = TABLES[type];
    if (!table) continue;
    const rows: Array<{ id: number; name: string }> = await db
      .createQueryBuilder()
      .select(['t.id AS id', 't.name AS name'])
      .from(table, 't')
      .where('t.id IN (:...ids)', { ids })
      .getRawMany();
    for (const r of rows) names.set(`${type}:${Number(r.id)}`, r.name);
  }
  return names;
}
