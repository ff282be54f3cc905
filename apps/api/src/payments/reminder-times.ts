import type { DataSource } from 'typeorm';
import { rawTime } from '../common/time';

/**
 * When each household of the compound (or only the given ones) was last sent a 催缴, along
 * idx_bill_reminders_compound_household. Households never reminded are absent.
 */
export async function lastReminded(db: DataSource, compoundId: number, householdIds?: number[]): Promise<Map<number, Date>> {
  if (householdIds && !householdIds.length) return new Map();
  const only = householdIds ? ` AND household_id IN (${householdIds.map(() => '?').join(', ')})` : '';
  const rows: Array<Record<string, unknown>> = await db.query(
    `SELECT household_id, MAX(created_at) AS at FROM bill_reminders WHERE compound_id = ?${only} GROUP BY household_id`,
    [compoundId, ...(householdIds ?? [])],
  );
  const out = new Map<number, Date>();
  for (const r of rows) {
    const at = rawTime(r.at);
    if (at) out.set(Number(r.household_id), at);
  }
  return out;
}
