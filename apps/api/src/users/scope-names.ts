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
    if (type === 'building') {
      // "1号楼" alone names a building in every compound: "1号楼 · 幸福里小区".
      const rows: Array<{ id: number; name: string; compound: string }> = await db
        .createQueryBuilder()
        .select(['b.id AS id', 'b.name AS name', 'k.name AS compound'])
        .from('buildings', 'b')
        .innerJoin('compounds', 'k', 'k.id = b.compound_id')
        .where('b.id IN (:...ids)', { ids })
        .getRawMany();
      for (const r of rows) names.set(`building:${Number(r.id)}`, `${r.name} · ${r.compound}`);
      continue;
    }
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
