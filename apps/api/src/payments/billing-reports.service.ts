import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ArrearsTotals, ArrearsView, CollectionRateView, HouseholdArrearsView, Page } from '@doorstep/contracts';
import { LIMITS } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { basisPoints } from '../common/basis-points';
import { validationFailed } from '../common/http/validation';
import { shanghaiMonth, startOfShanghaiDay } from '../common/shanghai-time';
import { householdLabel } from './bill.view';
import { BillingAccess } from './billing-access';
import { lastReminded } from './reminder-times';
import type { ArrearsHouseholdsQueryDto } from './dto/payments.dto';

type Row = Record<string, unknown>;
const DAY_MS = 24 * 3600_000;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Open bills whose period has begun: `b` is the bills alias; params: compound, asOf. */
const OPEN = "b.compound_id = ? AND b.status IN ('unpaid', 'partially_paid') AND b.period <= ?";

/** Whole days from the first day of `period` (Asia/Shanghai) to the start of today there; never negative. */
export function periodAgeDays(period: string, now: Date): number {
  const start = Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)) - 1, 1) - SHANGHAI_OFFSET_MS;
  return Math.max(0, Math.floor((startOfShanghaiDay(now).getTime() - start) / DAY_MS));
}

/** Rates here and in the visit figures share one rounding rule. */
export { basisPoints };

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** 欠费 and 收缴率, computed from bills (paid amounts come from the payments of later slices). */
@Injectable()
export class BillingReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: BillingAccess,
  ) {}

  private totals(r: Row | undefined, now: Date): ArrearsTotals {
    const oldest = r?.oldest ? String(r.oldest) : null;
    return {
      owedFen: n(r?.owed),
      bills: n(r?.bills),
      households: n(r?.households),
      oldestPeriod: oldest,
      oldestDays: oldest ? periodAgeDays(oldest, now) : null,
    };
  }

  async arrears(caller: Caller, compoundId: number, now: Date): Promise<ArrearsView> {
    await this.access.compound(caller, 'bill.read', compoundId);
    const asOf = shanghaiMonth(now).label;
    const select =
      'SUM(b.amount_fen - b.paid_fen) AS owed, COUNT(*) AS bills, COUNT(DISTINCT b.household_id) AS households, MIN(b.period) AS oldest';
    const [total]: Row[] = await this.db.query(`SELECT ${select} FROM bills b WHERE ${OPEN}`, [compoundId, asOf]);
    const buildings: Row[] = await this.db.query(
      `SELECT b.building_id, bd.name, ${select} FROM bills b JOIN buildings bd ON bd.id = b.building_id
        WHERE ${OPEN} GROUP BY b.building_id, bd.name ORDER BY b.building_id`,
      [compoundId, asOf],
    );
    return {
      compoundId,
      asOfPeriod: asOf,
      total: this.totals(total, now),
      buildings: buildings.map((r) => ({ buildingId: n(r.building_id), buildingName: String(r.name), ...this.totals(r, now) })),
    };
  }

  /** Households in arrears, by household id, in pages. */
  async arrearsHouseholds(
    caller: Caller,
    compoundId: number,
    q: ArrearsHouseholdsQueryDto,
    now: Date,
  ): Promise<Page<HouseholdArrearsView>> {
    await this.access.compound(caller, 'bill.read', compoundId);
    const limit = q.limit ?? LIMITS.pageSizeDefault;
    let after = 0;
    if (q.cursor !== undefined) {
      after = Number(Buffer.from(q.cursor, 'base64url').toString('utf8'));
      if (!Number.isSafeInteger(after) || after < 1) {
        throw validationFailed([{ field: 'cursor', problems: ['cursor is not valid for this list'] }]);
      }
    }
    const params: unknown[] = [compoundId, shanghaiMonth(now).label, after];
    let building = '';
    if (q.buildingId !== undefined) {
      building = ' AND b.building_id = ?';
      params.push(q.buildingId);
    }
    const rows: Row[] = await this.db.query(
      `SELECT b.household_id, h.unit, h.room, b.building_id, bd.name,
              SUM(b.amount_fen - b.paid_fen) AS owed, COUNT(*) AS bills, MIN(b.period) AS oldest
         FROM bills b JOIN households h ON h.id = b.household_id JOIN buildings bd ON bd.id = b.building_id
        WHERE ${OPEN} AND b.household_id > ?${building}
        GROUP BY b.household_id, h.unit, h.room, b.building_id, bd.name
        ORDER BY b.household_id LIMIT ${limit + 1}`,
      params,
    );
    const pageRows = rows.slice(0, limit);
    // One indexed look-up for the page: when each of these households was last sent a 催缴.
    const reminded = await lastReminded(
      this.db,
      compoundId,
      pageRows.map((r) => n(r.household_id)),
    );
    const items = pageRows.map((r) => ({
      householdId: n(r.household_id),
      householdLabel: householdLabel(String(r.unit), String(r.room)),
      buildingId: n(r.building_id),
      buildingName: String(r.name),
      owedFen: n(r.owed),
      bills: n(r.bills),
      oldestPeriod: String(r.oldest),
      oldestDays: periodAgeDays(String(r.oldest), now),
      lastRemindedAt: reminded.get(n(r.household_id))?.toISOString() ?? null,
    }));
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? Buffer.from(String(last.householdId)).toString('base64url') : null,
    };
  }

  /**
   * 收缴率 of one period. Cancelled bills do not count; a waived bill counts as due only for what was
   * paid on it before it was waived (the forgiven rest is not due).
   */
  async collectionRate(caller: Caller, compoundId: number, period: string): Promise<CollectionRateView> {
    await this.access.compound(caller, 'bill.read', compoundId);
    const [r]: Row[] = await this.db.query(
      `SELECT SUM(due) AS due, SUM(paid) AS paid,
              SUM(CASE WHEN due > 0 THEN 1 ELSE 0 END) AS due_households,
              SUM(CASE WHEN due > 0 AND open_bills = 0 THEN 1 ELSE 0 END) AS paid_households
         FROM (SELECT b.household_id,
                      SUM(CASE WHEN b.status = 'waived' THEN b.paid_fen ELSE b.amount_fen END) AS due,
                      SUM(b.paid_fen) AS paid,
                      SUM(CASE WHEN b.status IN ('unpaid', 'partially_paid') THEN 1 ELSE 0 END) AS open_bills
                 FROM bills b
                WHERE b.compound_id = ? AND b.period = ? AND b.status <> 'cancelled'
                GROUP BY b.household_id) per_household`,
      [compoundId, period],
    );
    const dueFen = n(r?.due);
    const collectedFen = n(r?.paid);
    const dueHouseholds = n(r?.due_households);
    const paidHouseholds = n(r?.paid_households);
    return {
      compoundId,
      period,
      dueFen,
      collectedFen,
      amountRateBp: basisPoints(collectedFen, dueFen),
      dueHouseholds,
      paidHouseholds,
      householdRateBp: basisPoints(paidHouseholds, dueHouseholds),
    };
  }
}
