import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { OPEN_BILL_STATUSES, type BillStatus, type PaymentChannel } from '@doorstep/contracts';
import { isSqliteDb } from '../common/database/dialect';
import { DomainError } from '../common/errors/domain-error';
import { Bill } from './bill.entity';
import { PaymentAllocation } from './payment-allocation.entity';
import { Payment } from './payment.entity';
import { ReceiptCounter } from './receipt-counter.entity';

/** The Asia/Shanghai calendar year of an instant: receipts are numbered per compound and this year. */
export const shanghaiYear = (at: Date): number => new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();

export interface LedgerBill {
  id: number;
  period: string;
  amountFen: number;
  paidFen: number;
  status: BillStatus;
  version: number;
}

export interface NewPayment {
  compoundId: number;
  buildingId: number;
  householdId: number;
  channel: PaymentChannel;
  amountFen: number;
  reference: string | null;
  note: string | null;
  recordedById: number;
  transactionId: string | null;
  createdAt: Date;
}

/**
 * What every payment, reversal and refund does to the books, in one place. Callers run inside one
 * transaction that first locks the household row (FOR UPDATE; SQLite runs one write transaction at a
 * time anyway), then bills by id, then the receipt counter — always in that order, so the changes of
 * one household queue instead of deadlocking. Each bill is changed by a conditional update (`version`,
 * `paid_fen`): a change that slipped past the locks fails with 409 rather than over-allocate.
 */
@Injectable()
export class PaymentLedger {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Bills locked FOR UPDATE in id order: the household's open ones, or the named ones. */
  async lockBills(tx: EntityManager, where: { householdId: number } | { ids: number[] }): Promise<LedgerBill[]> {
    const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
    const [sql, params] =
      'householdId' in where
        ? [`household_id = ? AND status IN (${marks(OPEN_BILL_STATUSES.length)})`, [where.householdId, ...OPEN_BILL_STATUSES]]
        : [`id IN (${marks(where.ids.length)})`, where.ids];
    if (!params.length) return [];
    const rows: Array<Record<string, unknown>> = await tx.query(
      `SELECT id, period, amount_fen, paid_fen, status, version FROM bills WHERE ${sql} ORDER BY id${this.forUpdate}`,
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
  async changePaid(tx: EntityManager, bill: LedgerBill, paidFen: number, from: readonly BillStatus[]): Promise<void> {
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

  /**
   * The payment with the next receipt number of its compound and year, and its allocations added to the
   * (locked, open) bills. Call `ensureCounter` before the transaction.
   */
  async insertPayment(
    tx: EntityManager,
    fields: NewPayment,
    allocations: Array<{ bill: LedgerBill; amountFen: number }>,
  ): Promise<Payment> {
    const year = shanghaiYear(fields.createdAt);
    const receiptSeq = await this.nextReceipt(tx, fields.compoundId, year);
    const payment = await tx.getRepository(Payment).save({ ...fields, receiptYear: year, receiptSeq });
    for (const { bill, amountFen } of allocations) {
      await tx.insert(PaymentAllocation, { paymentId: payment.id, billId: bill.id, amountFen });
      await this.changePaid(tx, bill, bill.paidFen + amountFen, OPEN_BILL_STATUSES);
    }
    return payment;
  }

  /** The counter row exists before a transaction takes it FOR UPDATE (its own autocommitted insert). */
  async ensureCounter(compoundId: number, at: Date): Promise<void> {
    const ignore = isSqliteDb(this.db) ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
    await this.db.query(`${ignore} INTO receipt_counters (compound_id, year, last_seq) VALUES (?, ?, 0)`, [
      compoundId,
      shanghaiYear(at),
    ]);
  }

  private async nextReceipt(tx: EntityManager, compoundId: number, year: number): Promise<number> {
    const [row] = await tx.query(
      `SELECT id, last_seq FROM receipt_counters WHERE compound_id = ? AND year = ?${this.forUpdate}`,
      [compoundId, year],
    );
    const seq = Number(row.last_seq) + 1;
    await tx.update(ReceiptCounter, { id: Number(row.id) }, { lastSeq: seq });
    return seq;
  }

  get forUpdate(): string {
    return isSqliteDb(this.db) ? '' : ' FOR UPDATE';
  }
}
