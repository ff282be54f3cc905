import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { billAmountFen, cycleStartsAt, type BillingRunItemView, type BillingRunView } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { isSqliteDb } from '../common/database/dialect';
import { unprocessable } from '../common/errors/domain-error';
import { validationFailed } from '../common/http/validation';
import { BillingAccess } from './billing-access';
import { BillingRun } from './billing-run.entity';
import type { BillingRunDto } from './dto/payments.dto';
import { FeeItem } from './fee-item.entity';

/** Households read and bills written per round trip; the event loop is given back between batches. */
export const BILLING_BATCH = 500;

type Row = Record<string, unknown>;
interface HouseholdRow {
  id: number;
  buildingId: number;
  areaHundredths: number;
}

const BILL_COLUMNS = [
  'compound_id',
  'building_id',
  'household_id',
  'fee_item_id',
  'billing_run_id',
  'period',
  'months',
  'item_name',
  'rule',
  'price_fen',
  'area_hundredths',
  'amount_fen',
  'paid_fen',
  'status',
  'version',
  'created_at',
  'updated_at',
];

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** MySQL/MariaDB deadlock (two runs inserting the same keys): the statement is safe to repeat. */
const isDeadlock = (error: unknown) => {
  const e = (error as { driverError?: { code?: string; errno?: number } })?.driverError;
  return e?.code === 'ER_LOCK_DEADLOCK' || e?.errno === 1213 || e?.code === 'ER_LOCK_WAIT_TIMEOUT';
};

/**
 * 出账: the bills of one compound and period, previewed (dryRun) or created. Households are walked by id
 * in batches of BILLING_BATCH; each batch is one multi-row INSERT that skips (household, item, period)
 * keys already present, so a rerun, a retry after a crash half-way or a concurrent run creates every bill
 * exactly once and never fails on a duplicate.
 */
@Injectable()
export class BillingRunService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: BillingAccess,
  ) {}

  async run(caller: Caller, compoundId: number, dto: BillingRunDto, now: Date): Promise<BillingRunView> {
    await this.access.compound(caller, 'bill.write', compoundId);
    const dryRun = dto.dryRun === true;
    const all = await this.db.getRepository(FeeItem).find({ where: { compoundId }, order: { id: 'ASC' } });
    const due = (f: FeeItem) => (f.rule === 'one_off' ? f.period === dto.period : cycleStartsAt(dto.period, f.cycleMonths ?? 1));
    let items: FeeItem[];
    if (dto.feeItemIds) {
      const byId = new Map(all.map((f) => [f.id, f]));
      const unknown = dto.feeItemIds.filter((id) => !byId.has(id));
      if (unknown.length) {
        throw unprocessable('FEE_ITEM_NOT_FOUND', [
          { field: 'feeItemIds', problems: [`not fee items of this compound: ${unknown.join(', ')}`] },
        ]);
      }
      items = dto.feeItemIds.map((id) => byId.get(id)!);
      const notDue = items.filter((f) => !f.active || !due(f));
      if (notDue.length) {
        throw unprocessable('FEE_ITEM_NOT_DUE', [
          {
            field: 'feeItemIds',
            problems: notDue.map((f) => `${f.id} ${f.active ? 'is not due in' : 'is inactive for'} ${dto.period}`),
          },
        ]);
      }
    } else {
      items = all.filter((f) => f.active && due(f));
    }
    const notDueFeeItemIds = all.filter((f) => f.active && !items.includes(f)).map((f) => f.id);
    if (dto.householdIds) await this.checkHouseholds(compoundId, dto.householdIds);

    const stats = new Map<number, BillingRunItemView>(
      items.map((f) => [
        f.id,
        { feeItemId: f.id, name: f.name, rule: f.rule, toCreate: 0, totalFen: 0, existing: 0, skippedZero: 0 },
      ]),
    );
    let runId: number | null = null;
    if (!dryRun && items.length) {
      const inserted = await this.db
        .getRepository(BillingRun)
        .insert({ compoundId, period: dto.period, createdById: caller.userId, billsCreated: 0 });
      runId = Number(inserted.identifiers[0].id);
    }

    // The form TypeORM stores datetimes in, in UTC, for both dialects (better-sqlite3 cannot bind a Date).
    const stamp = now.toISOString().slice(0, 23).replace('T', ' ');
    let households = 0;
    let after = 0;
    for (;;) {
      const batch = await this.households(compoundId, after, dto.householdIds);
      if (!batch.length) break;
      households += batch.length;
      after = batch[batch.length - 1].id;
      for (const item of items) {
        const s = stats.get(item.id)!;
        const existing = await this.existing(
          item.id,
          dto.period,
          batch.map((h) => h.id),
        );
        const rows: unknown[][] = [];
        for (const h of batch) {
          if (existing.has(h.id)) {
            s.existing++;
            continue;
          }
          const months = item.rule === 'one_off' ? 1 : item.cycleMonths!;
          const amount = billAmountFen(item.rule, item.priceFen, months, h.areaHundredths);
          if (amount <= 0) {
            s.skippedZero++;
            continue;
          }
          s.toCreate++;
          s.totalFen += amount;
          rows.push([
            compoundId,
            h.buildingId,
            h.id,
            item.id,
            runId,
            dto.period,
            months,
            item.name,
            item.rule,
            item.priceFen,
            item.rule === 'per_area' ? h.areaHundredths : null,
            amount,
            0,
            'unpaid',
            1,
            stamp,
            stamp,
          ]);
        }
        if (!dryRun && rows.length) {
          const created = await this.insert(rows);
          // Another run got there first for some keys: they exist, this run did not create them.
          s.existing += rows.length - created;
          s.toCreate -= rows.length - created;
        }
      }
      if (batch.length < BILLING_BATCH) break;
      await yieldToEventLoop();
    }

    if (runId !== null) await this.finish(runId, stats);
    const list = [...stats.values()];
    const sum = (k: 'toCreate' | 'totalFen' | 'existing' | 'skippedZero') => list.reduce((a, s) => a + s[k], 0);
    return {
      compoundId,
      period: dto.period,
      dryRun,
      households,
      items: list,
      notDueFeeItemIds,
      toCreate: sum('toCreate'),
      totalFen: sum('totalFen'),
      existing: sum('existing'),
      skippedZero: sum('skippedZero'),
    };
  }

  /** Exact totals per item from the bills this run really inserted (a lost race leaves others' bills). */
  private async finish(runId: number, stats: Map<number, BillingRunItemView>): Promise<void> {
    const rows: Row[] = await this.db.query(
      'SELECT fee_item_id, COUNT(*) AS n, SUM(amount_fen) AS fen FROM bills WHERE billing_run_id = ? GROUP BY fee_item_id',
      [runId],
    );
    for (const s of stats.values()) {
      const r = rows.find((x) => Number(x.fee_item_id) === s.feeItemId);
      const n = r ? Number(r.n) : 0;
      s.existing += s.toCreate - n;
      s.toCreate = n;
      s.totalFen = r ? Number(r.fen) : 0;
    }
    const created = rows.reduce((a, r) => a + Number(r.n), 0);
    await this.db.getRepository(BillingRun).update({ id: runId }, { billsCreated: created });
  }

  private async checkHouseholds(compoundId: number, ids: number[]): Promise<void> {
    const found = new Set<number>();
    for (let i = 0; i < ids.length; i += BILLING_BATCH) {
      const chunk = ids.slice(i, i + BILLING_BATCH);
      const rows: Row[] = await this.db.query(
        `SELECT id FROM households WHERE compound_id = ? AND id IN (${chunk.map(() => '?').join(',')})`,
        [compoundId, ...chunk],
      );
      for (const r of rows) found.add(Number(r.id));
    }
    const foreign = ids.filter((id) => !found.has(id));
    if (foreign.length) {
      throw validationFailed([
        { field: 'householdIds', problems: [`not households of this compound: ${foreign.slice(0, 20).join(', ')}`] },
      ]);
    }
  }

  private async households(compoundId: number, after: number, only: number[] | undefined): Promise<HouseholdRow[]> {
    const params: unknown[] = [compoundId, after];
    let filter = '';
    if (only) {
      const chunk = only
        .filter((id) => id > after)
        .sort((a, b) => a - b)
        .slice(0, BILLING_BATCH);
      if (!chunk.length) return [];
      filter = ` AND id IN (${chunk.map(() => '?').join(',')})`;
      params.push(...chunk);
    }
    const rows: Row[] = await this.db.query(
      `SELECT id, building_id, area_hundredths FROM households WHERE compound_id = ? AND id > ?${filter} ORDER BY id LIMIT ${BILLING_BATCH}`,
      params,
    );
    return rows.map((r) => ({ id: Number(r.id), buildingId: Number(r.building_id), areaHundredths: Number(r.area_hundredths) }));
  }

  private async existing(feeItemId: number, period: string, householdIds: number[]): Promise<Set<number>> {
    const rows: Row[] = await this.db.query(
      `SELECT household_id FROM bills WHERE fee_item_id = ? AND period = ? AND household_id IN (${householdIds.map(() => '?').join(',')})`,
      [feeItemId, period, ...householdIds],
    );
    return new Set(rows.map((r) => Number(r.household_id)));
  }

  /** One multi-row insert that skips existing keys; returns how many rows it inserted. */
  private async insert(rows: unknown[][]): Promise<number> {
    const verb = isSqliteDb(this.db) ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
    const tuple = `(${BILL_COLUMNS.map(() => '?').join(',')})`;
    const sql = `${verb} INTO bills (${BILL_COLUMNS.join(',')}) VALUES ${rows.map(() => tuple).join(',')}`;
    const params = rows.flat();
    for (let attempt = 1; ; attempt++) {
      const runner = this.db.createQueryRunner();
      try {
        const result = await runner.query(sql, params, true);
        return Number(result.affected ?? 0);
      } catch (error) {
        if (attempt >= 3 || !isDeadlock(error)) throw error;
      } finally {
        await runner.release();
      }
    }
  }
}
