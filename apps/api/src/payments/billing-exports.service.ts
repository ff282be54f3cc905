import { setImmediate as nextTurn } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { ARREARS_AGE_BUCKETS, BILL_STATUS_LABELS, LIMITS } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { unprocessable } from '../common/errors/domain-error';
import { shanghaiDateStamp, shanghaiMonth } from '../common/shanghai-time';
import { SheetWriter, type SheetSpec } from '../common/xlsx/sheet-writer';
import type { XlsxFile } from '../common/xlsx/xlsx-reply';
import { Bill } from './bill.entity';
import { billView, householdLabel } from './bill.view';
import { BillingAccess } from './billing-access';
import { periodAgeDays } from './billing-reports.service';
import {
  ARREARS_COLUMNS,
  BILL_COLUMNS,
  PAYMENT_COLUMNS,
  ageBucket,
  arrearsNotes,
  arrearsRow,
  billNotes,
  billRow,
  exportHead,
  notesSheet,
  paymentNotes,
  paymentRow,
  type HouseholdArrears,
  type PaymentLine,
} from './billing-sheets';
import type { BillsExportQueryDto, PaymentsExportQueryDto } from './dto/billing-extras.dto';
import { OfflinePaymentsService } from './offline-payments.service';
import { Payment } from './payment.entity';
import { lastReminded } from './reminder-times';

type Row = Record<string, unknown>;

/** Rows loaded per statement, yielding to the event loop between chunks (as the ticket export does). */
const CHUNK = 1000;
const MAX = LIMITS.exportMaxRows;

/**
 * 账单, 收款 and 欠费 of a compound as XLSX files for its bill.read holders. Each counts first and refuses
 * more than LIMITS.exportMaxRows rows (422 BILLING_EXPORT_TOO_LARGE, before anything is loaded), then
 * loads in chunks and hands the rows to the shared worker-thread writer. Totals are summed in fen.
 */
@Injectable()
export class BillingExportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: BillingAccess,
    private readonly offline: OfflinePaymentsService,
    private readonly sheets: SheetWriter,
    private readonly clock: Clock,
  ) {}

  async bills(caller: Caller, compoundId: number, q: BillsExportQueryDto): Promise<XlsxFile> {
    await this.access.compound(caller, 'bill.read', compoundId);
    const now = this.clock.now();
    const where = this.db.getRepository(Bill).createQueryBuilder('b').where('b.compoundId = :compoundId', { compoundId });
    if (q.period !== undefined) where.andWhere('b.period = :period', { period: q.period });
    if (q.status !== undefined) where.andWhere('b.status = :status', { status: q.status });
    const ids = await this.idsWithinCap(where, 'b');
    const views = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = await this.db.getRepository(Bill).find({
        where: { id: In(ids.slice(i, i + CHUNK)) },
        relations: { building: true, household: true },
        order: { id: 'ASC' },
      });
      views.push(...chunk.map(billView));
      await nextTurn();
    }
    const filters = [q.period && `账期 ${q.period}`, q.status && `状态 ${BILL_STATUS_LABELS[q.status]}`]
      .filter(Boolean)
      .join('，');
    const name = await this.compoundName(compoundId);
    return this.file(`bills-${compoundId}-${shanghaiDateStamp(now)}.xlsx`, [
      { name: '账单', columns: BILL_COLUMNS, rows: views.map(billRow) },
      notesSheet([...exportHead(name, now, filters), ...billNotes(views)]),
    ]);
  }

  async payments(caller: Caller, compoundId: number, q: PaymentsExportQueryDto): Promise<XlsxFile> {
    await this.access.compound(caller, 'bill.read', compoundId);
    const now = this.clock.now();
    const repo = this.db.getRepository(Payment);
    const where = repo.createQueryBuilder('p').where('p.compoundId = :compoundId', { compoundId });
    if (q.from !== undefined) where.andWhere('p.createdAt >= :from', { from: new Date(q.from) });
    if (q.to !== undefined) where.andWhere('p.createdAt < :to', { to: new Date(q.to) });
    const ids = await this.idsWithinCap(where, 'p');
    const buildings = await this.buildingNames(compoundId);
    const recorders = await this.recorderNames(compoundId);
    const lines: PaymentLine[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const payments = await repo
        .createQueryBuilder('p')
        .leftJoinAndSelect('p.household', 'h')
        .where('p.id IN (:...chunk)', { chunk })
        .orderBy('p.id', 'ASC')
        .getMany();
      for (const payment of await this.offline.views(payments)) {
        lines.push({
          payment,
          buildingName: buildings.get(payment.buildingId) ?? '',
          recordedByName: recorders.get(payment.recordedById) ?? '',
        });
      }
      await nextTurn();
    }
    const filters = [q.from && `收款时间不早于 ${q.from}`, q.to && `早于 ${q.to}`].filter(Boolean).join('，');
    const name = await this.compoundName(compoundId);
    return this.file(`payments-${compoundId}-${shanghaiDateStamp(now)}.xlsx`, [
      { name: '收款', columns: PAYMENT_COLUMNS, rows: lines.map(paymentRow) },
      notesSheet([...exportHead(name, now, filters), ...paymentNotes(lines)]),
    ]);
  }

  /** 欠费 by household, as the arrears report counts it (open bills whose period has begun), with age buckets. */
  async arrears(caller: Caller, compoundId: number): Promise<XlsxFile> {
    await this.access.compound(caller, 'bill.read', compoundId);
    const now = this.clock.now();
    const asOf = shanghaiMonth(now).label;
    const open = "b.compound_id = ? AND b.status IN ('unpaid', 'partially_paid') AND b.period <= ?";
    const [counted]: Row[] = await this.db.query(`SELECT COUNT(DISTINCT b.household_id) AS n FROM bills b WHERE ${open}`, [
      compoundId,
      asOf,
    ]);
    this.refuseOver(Number(counted?.n ?? 0));
    // One row per household and period: the age of a period is the age of all its bills.
    const rows: Row[] = await this.db.query(
      `SELECT b.household_id, h.unit, h.room, bd.name, b.period, SUM(b.amount_fen - b.paid_fen) AS owed, COUNT(*) AS bills
         FROM bills b JOIN households h ON h.id = b.household_id JOIN buildings bd ON bd.id = b.building_id
        WHERE ${open}
        GROUP BY b.household_id, h.unit, h.room, bd.name, b.period
        ORDER BY b.household_id, b.period`,
      [compoundId, asOf],
    );
    const reminded = await lastReminded(this.db, compoundId);
    const households = householdArrears(rows, reminded, now);
    const name = await this.compoundName(compoundId);
    return this.file(`arrears-${compoundId}-${shanghaiDateStamp(now)}.xlsx`, [
      { name: '欠费', columns: ARREARS_COLUMNS, rows: households.map(arrearsRow) },
      notesSheet([...exportHead(name, now, ''), ...arrearsNotes(households, asOf)]),
    ]);
  }

  /** The matching ids, oldest first, after refusing a count over the cap (rows added since cannot exceed it). */
  private async idsWithinCap<T extends Bill | Payment>(where: SelectQueryBuilder<T>, alias: string): Promise<number[]> {
    this.refuseOver(await where.clone().getCount());
    const rows = await where
      .select(`${alias}.id`, 'id')
      .orderBy(`${alias}.id`, 'ASC')
      .limit(MAX)
      .getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }

  private refuseOver(count: number): void {
    if (count > MAX) throw unprocessable('BILLING_EXPORT_TOO_LARGE', { count, max: MAX });
  }

  private async file(filename: string, sheets: SheetSpec[]): Promise<XlsxFile> {
    return { filename, body: await this.sheets.write(sheets) };
  }

  private async compoundName(compoundId: number): Promise<string> {
    const [row]: Row[] = await this.db.query('SELECT name FROM compounds WHERE id = ?', [compoundId]);
    return String(row?.name ?? '');
  }

  private async buildingNames(compoundId: number): Promise<Map<number, string>> {
    const rows: Row[] = await this.db.query('SELECT id, name FROM buildings WHERE compound_id = ?', [compoundId]);
    return new Map(rows.map((r) => [Number(r.id), String(r.name)]));
  }

  /** Who recorded the compound's payments, by user id. */
  private async recorderNames(compoundId: number): Promise<Map<number, string>> {
    const rows: Row[] = await this.db.query(
      'SELECT DISTINCT u.id, u.name FROM payments p JOIN users u ON u.id = p.recorded_by_id WHERE p.compound_id = ?',
      [compoundId],
    );
    return new Map(rows.map((r) => [Number(r.id), String(r.name)]));
  }
}

/** Household-and-period rows (ordered by household) folded into one line per household, in fen. */
export function householdArrears(rows: Row[], reminded: Map<number, Date>, now: Date): HouseholdArrears[] {
  const out = new Map<number, HouseholdArrears>();
  for (const r of rows) {
    const id = Number(r.household_id);
    const period = String(r.period);
    const days = periodAgeDays(period, now);
    let h = out.get(id);
    if (!h) {
      h = {
        buildingName: String(r.name),
        householdLabel: householdLabel(String(r.unit), String(r.room)),
        owedFen: 0,
        bills: 0,
        oldestPeriod: period,
        oldestDays: days,
        bucketsFen: ARREARS_AGE_BUCKETS.map(() => 0),
        lastRemindedAt: reminded.get(id) ?? null,
      };
      out.set(id, h);
    }
    const owed = Number(r.owed);
    h.owedFen += owed;
    h.bills += Number(r.bills);
    h.bucketsFen[ageBucket(days)] += owed;
  }
  return [...out.values()];
}
