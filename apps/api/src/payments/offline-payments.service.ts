import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager, type Repository, type SelectQueryBuilder } from 'typeorm';
import { OPEN_BILL_STATUSES, receiptNumber, type BillStatus, type Page, type PaymentView } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { isSqliteDb } from '../common/database/dialect';
import { isUniqueViolation } from '../common/database/db-errors';
import { lockRow } from '../common/database/locks';
import { DomainError, conflict, notFound, unprocessable } from '../common/errors/domain-error';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { byId, keysetPage } from '../common/pagination/keyset';
import { householdLabel } from './bill.view';
import { Bill } from './bill.entity';
import { BillingAccess } from './billing-access';
import type { ListPaymentsQueryDto, MyPaymentsQueryDto, RecordPaymentDto, ReversePaymentDto } from './dto/payments.dto';
import { PaymentAllocation } from './payment-allocation.entity';
import { PaymentReversal } from './payment-reversal.entity';
import { Payment } from './payment.entity';
import { ReceiptCounter } from './receipt-counter.entity';
import { receiptPdf } from './receipt-pdf';

/** The Asia/Shanghai calendar year of an instant: receipts are numbered per compound and this year. */
export const shanghaiYear = (at: Date): number => new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();

interface OpenBill {
  id: number;
  period: string;
  amountFen: number;
  paidFen: number;
  status: BillStatus;
  version: number;
}

/**
 * 线下收款 and 冲正. Everything that touches a household's bills runs in one transaction that first locks
 * the household row (FOR UPDATE; SQLite runs one write transaction at a time anyway), then the bills by
 * id, then the receipt counter — always in that order, so payments and reversals of one household queue
 * instead of deadlocking, and a resend with the same Idempotency-Key waits for its first attempt and is
 * answered from it. Each bill is still changed by a conditional update (`version`, `paid_fen`): a change
 * that slipped past the locks (a waive) makes the payment fail with 409 rather than over-allocate.
 */
@Injectable()
export class OfflinePaymentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Payment) private readonly payments: Repository<Payment>,
    private readonly access: BillingAccess,
    private readonly idempotency: IdempotencyService,
  ) {}

  async record(
    caller: Caller,
    dto: RecordPaymentDto,
    key: string | undefined,
    now: Date,
  ): Promise<{ view: PaymentView; replayed: boolean }> {
    const [household]: Array<Record<string, unknown>> = await this.db.query(
      'SELECT id, compound_id, building_id FROM households WHERE id = ?',
      [dto.householdId],
    );
    if (!household) throw notFound('HOUSEHOLD_NOT_FOUND');
    const compoundId = Number(household.compound_id);
    await this.access.compound(caller, 'bill.write', compoundId, 'HOUSEHOLD_NOT_FOUND');
    const year = shanghaiYear(now);
    await this.ensureCounter(compoundId, year);
    const { resourceId, replayed } = await this.idempotency.run(
      caller.userId,
      'payment',
      key,
      dto,
      async (tx) => {
        const bills = await this.allocate(tx, dto);
        const seq = await this.nextReceipt(tx, compoundId, year);
        const payment = await tx.getRepository(Payment).save({
          compoundId,
          buildingId: Number(household.building_id),
          householdId: dto.householdId,
          channel: dto.channel,
          amountFen: dto.amountFen,
          receiptYear: year,
          receiptSeq: seq,
          reference: dto.reference ?? null,
          note: dto.note ?? null,
          recordedById: caller.userId,
          createdAt: now,
        });
        for (const { bill, amountFen } of bills) {
          await tx.insert(PaymentAllocation, { paymentId: payment.id, billId: bill.id, amountFen });
          await this.changePaid(tx, bill, bill.paidFen + amountFen, ['unpaid', 'partially_paid']);
        }
        return payment.id;
      },
      { serialize: (tx) => lockRow(tx, 'households', dto.householdId) },
    );
    return { view: await this.view(resourceId), replayed };
  }

  /** 冲正: a reversal row referencing the payment, and its allocations taken off the bills again. */
  async reverse(caller: Caller, id: number, dto: ReversePaymentDto, now: Date): Promise<PaymentView> {
    const payment = await this.payments.findOneBy({ id });
    if (!payment) throw notFound('PAYMENT_NOT_FOUND');
    await this.access.compound(caller, 'bill.write', payment.compoundId, 'PAYMENT_NOT_FOUND');
    try {
      await this.db.transaction(async (tx) => {
        await lockRow(tx, 'households', payment.householdId);
        if (await tx.getRepository(PaymentReversal).existsBy({ paymentId: id })) {
          throw conflict('PAYMENT_ALREADY_REVERSED');
        }
        const allocations = await tx
          .getRepository(PaymentAllocation)
          .find({ where: { paymentId: id }, order: { billId: 'ASC' } });
        const bills = await this.lockBills(tx, { ids: allocations.map((a) => a.billId) });
        for (const a of allocations) {
          const bill = bills.find((b) => b.id === a.billId)!;
          await this.changePaid(tx, bill, bill.paidFen - a.amountFen, ['partially_paid', 'paid', 'waived']);
        }
        await tx.insert(PaymentReversal, {
          paymentId: id,
          compoundId: payment.compoundId,
          householdId: payment.householdId,
          amountFen: payment.amountFen,
          reason: dto.reason,
          reversedById: caller.userId,
          createdAt: now,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('PAYMENT_ALREADY_REVERSED');
      throw error;
    }
    return this.view(id);
  }

  /** One payment: to bill.read holders of its compound, and to verified members of its household. */
  async get(caller: Caller, id: number): Promise<PaymentView> {
    const payment = await this.payments.findOneBy({ id });
    if (!payment) throw notFound('PAYMENT_NOT_FOUND');
    const own = await this.access.ownHouseholds(caller);
    if (!own.includes(payment.householdId)) {
      await this.access.compound(caller, 'bill.read', payment.compoundId, 'PAYMENT_NOT_FOUND');
    }
    return this.view(id);
  }

  /** The 收据 as a PDF, to whoever may see the payment. */
  async receipt(caller: Caller, id: number): Promise<{ pdf: Buffer; receiptNo: string }> {
    const payment = await this.get(caller, id);
    const [names]: Array<Record<string, unknown>> = await this.db.query(
      `SELECT c.name AS compound_name, b.name AS building_name, u.name AS recorder_name
         FROM payments p
         JOIN compounds c ON c.id = p.compound_id
         JOIN buildings b ON b.id = p.building_id
         LEFT JOIN users u ON u.id = p.recorded_by_id
        WHERE p.id = ?`,
      [id],
    );
    const pdf = await receiptPdf({
      payment,
      compoundName: String(names.compound_name),
      buildingName: String(names.building_name),
      recordedByName: String(names.recorder_name ?? ''),
    });
    return { pdf, receiptNo: payment.receiptNo };
  }

  async list(caller: Caller, q: ListPaymentsQueryDto): Promise<Page<PaymentView>> {
    await this.access.compound(caller, 'bill.read', q.compoundId);
    const qb = this.query().where('p.compoundId = :compound', { compound: q.compoundId });
    if (q.householdId !== undefined) qb.andWhere('p.householdId = :household', { household: q.householdId });
    if (q.channel !== undefined) qb.andWhere('p.channel = :channel', { channel: q.channel });
    if (q.from !== undefined) qb.andWhere('p.createdAt >= :from', { from: new Date(q.from) });
    if (q.to !== undefined) qb.andWhere('p.createdAt < :to', { to: new Date(q.to) });
    return this.page(qb, q);
  }

  /** 缴费记录: the payments of the households the caller is a verified member of. */
  async mine(caller: Caller, q: MyPaymentsQueryDto): Promise<Page<PaymentView>> {
    const own = await this.access.ownHouseholds(caller);
    if (q.householdId !== undefined && !own.includes(q.householdId)) throw notFound('HOUSEHOLD_NOT_FOUND');
    const households = q.householdId !== undefined ? [q.householdId] : own;
    if (!households.length) return { items: [], nextCursor: null };
    return this.page(this.query().where('p.householdId IN (:...households)', { households }), q);
  }

  /** The household's open bills to pay, locked, with what each gets: named ones in order, else oldest first. */
  private async allocate(tx: EntityManager, dto: RecordPaymentDto): Promise<Array<{ bill: OpenBill; amountFen: number }>> {
    const open = await this.lockBills(tx, { householdId: dto.householdId });
    let targets: OpenBill[];
    if (dto.billIds) {
      const invalid = dto.billIds.filter((id) => !open.some((b) => b.id === id));
      if (invalid.length) throw unprocessable('PAYMENT_BILLS_INVALID', { billIds: invalid });
      targets = dto.billIds.map((id) => open.find((b) => b.id === id)!);
    } else {
      targets = [...open].sort((a, b) => a.period.localeCompare(b.period) || a.id - b.id);
    }
    const owedFen = targets.reduce((sum, b) => sum + b.amountFen - b.paidFen, 0);
    if (dto.amountFen > owedFen) throw unprocessable('PAYMENT_EXCEEDS_OWED', { owedFen });
    const result: Array<{ bill: OpenBill; amountFen: number }> = [];
    let left = dto.amountFen;
    for (const bill of targets) {
      if (!left) break;
      const amountFen = Math.min(left, bill.amountFen - bill.paidFen);
      if (amountFen > 0) result.push({ bill, amountFen });
      left -= amountFen;
    }
    return result;
  }

  /** Bills locked FOR UPDATE in id order (the one order every payment and reversal takes them in). */
  private async lockBills(tx: EntityManager, where: { householdId: number } | { ids: number[] }): Promise<OpenBill[]> {
    const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
    const [sql, params] =
      'householdId' in where
        ? [`household_id = ? AND status IN (${marks(OPEN_BILL_STATUSES.length)})`, [where.householdId, ...OPEN_BILL_STATUSES]]
        : [`id IN (${marks(where.ids.length)})`, where.ids];
    if (!params.length) return [];
    const forUpdate = isSqliteDb(this.db) ? '' : ' FOR UPDATE';
    const rows: Array<Record<string, unknown>> = await tx.query(
      `SELECT id, period, amount_fen, paid_fen, status, version FROM bills WHERE ${sql} ORDER BY id${forUpdate}`,
      params,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      period: String(r.period),
      amountFen: Number(r.amount_fen),
      paidFen: Number(r.paid_fen),
      status: String(r.status) as BillStatus,
      version: Number(r.version),
    }));
  }

  /**
   * `UPDATE bills … WHERE id = ? AND version = ? AND paid_fen = ?`: the bill as it was read under the lock,
   * or nothing. Status follows paid_fen (a waived bill stays waived).
   */
  private async changePaid(tx: EntityManager, bill: OpenBill, paidFen: number, from: BillStatus[]): Promise<void> {
    if (paidFen < 0) throw new DomainError('VERSION_CONFLICT', 409, { billId: bill.id });
    const status: BillStatus =
      bill.status === 'waived' ? 'waived' : paidFen === 0 ? 'unpaid' : paidFen >= bill.amountFen ? 'paid' : 'partially_paid';
    const result = await tx
      .getRepository(Bill)
      .createQueryBuilder()
      .update()
      .set({ paidFen, status })
      .where('id = :id AND version = :version AND paid_fen = :paid AND status IN (:...from)', {
        id: bill.id,
        version: bill.version,
        paid: bill.paidFen,
        from,
      })
      .andWhere('amount_fen >= :paidFen', { paidFen })
      .execute();
    if (!result.affected) throw new DomainError('VERSION_CONFLICT', 409, { billId: bill.id });
    Object.assign(bill, { paidFen, status, version: bill.version + 1 });
  }

  /** The counter row exists before the transaction takes it FOR UPDATE (its own autocommitted insert). */
  private async ensureCounter(compoundId: number, year: number): Promise<void> {
    const ignore = isSqliteDb(this.db) ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
    await this.db.query(`${ignore} INTO receipt_counters (compound_id, year, last_seq) VALUES (?, ?, 0)`, [compoundId, year]);
  }

  private async nextReceipt(tx: EntityManager, compoundId: number, year: number): Promise<number> {
    const forUpdate = isSqliteDb(this.db) ? '' : ' FOR UPDATE';
    const [row] = await tx.query(`SELECT id, last_seq FROM receipt_counters WHERE compound_id = ? AND year = ?${forUpdate}`, [
      compoundId,
      year,
    ]);
    const seq = Number(row.last_seq) + 1;
    await tx.update(ReceiptCounter, { id: Number(row.id) }, { lastSeq: seq });
    return seq;
  }

  private query(): SelectQueryBuilder<Payment> {
    return this.payments.createQueryBuilder('p').leftJoinAndSelect('p.household', 'h');
  }

  private async page(qb: SelectQueryBuilder<Payment>, q: ListPaymentsQueryDto | MyPaymentsQueryDto): Promise<Page<PaymentView>> {
    const page = await keysetPage(qb, q, byId('p', 'DESC'));
    return { items: await this.views(page.items), nextCursor: page.nextCursor };
  }

  private async view(id: number): Promise<PaymentView> {
    const payment = await this.query().where('p.id = :id', { id }).getOneOrFail();
    return (await this.views([payment]))[0];
  }

  /** Payments as the API shows them, with allocations and reversal (also the 收款 export's rows). */
  async views(payments: Payment[]): Promise<PaymentView[]> {
    if (!payments.length) return [];
    const ids = payments.map((p) => p.id);
    const allocations = await this.db
      .getRepository(PaymentAllocation)
      .find({ where: { paymentId: In(ids) }, relations: { bill: true }, order: { id: 'ASC' } });
    const reversals = await this.db.getRepository(PaymentReversal).findBy({ paymentId: In(ids) });
    return payments.map((p) => {
      const reversal = reversals.find((r) => r.paymentId === p.id);
      return {
        id: p.id,
        compoundId: p.compoundId,
        buildingId: p.buildingId,
        householdId: p.householdId,
        householdLabel: p.household ? householdLabel(p.household.unit, p.household.room) : '',
        channel: p.channel,
        amountFen: p.amountFen,
        receiptNo: receiptNumber(p.receiptYear, p.receiptSeq),
        reference: p.reference,
        note: p.note,
        recordedById: p.recordedById,
        allocations: allocations
          .filter((a) => a.paymentId === p.id)
          .map((a) => ({
            billId: a.billId,
            period: a.bill?.period ?? '',
            itemName: a.bill?.itemName ?? '',
            amountFen: a.amountFen,
          })),
        reversal: reversal
          ? {
              id: reversal.id,
              reason: reversal.reason,
              reversedById: reversal.reversedById,
              createdAt: reversal.createdAt.toISOString(),
            }
          : null,
        createdAt: p.createdAt.toISOString(),
      };
    });
  }
}
