import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager, type Repository, type SelectQueryBuilder } from 'typeorm';
import { LIVE_REFUND_STATUSES, receiptNumber, type Page, type PaymentView } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { isUniqueViolation } from '../common/database/db-errors';
import { lockRow } from '../common/database/locks';
import { conflict, notFound, unprocessable } from '../common/errors/domain-error';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { byId, keysetPage } from '../common/pagination/keyset';
import { householdLabel } from './bill.view';
import { BillingAccess } from './billing-access';
import type { ListPaymentsQueryDto, MyPaymentsQueryDto, RecordPaymentDto, ReversePaymentDto } from './dto/payments.dto';
import { PaymentAllocation } from './payment-allocation.entity';
import { PaymentLedger, type LedgerBill } from './payment-ledger';
import { refundView } from './payment-refund.view';
import { PaymentRefund } from './payment-refund.entity';
import { PaymentReversal } from './payment-reversal.entity';
import { RefundAllocation } from './refund-allocation.entity';
import { Payment } from './payment.entity';
import { receiptPdf } from './receipt-pdf';

const sum = (values: number[]): number => values.reduce((total, v) => total + v, 0);

/**
 * 线下收款 and 冲正, and how every payment is shown. The books are changed through PaymentLedger (its
 * lock order: household, bills, receipt counter); a resend with the same Idempotency-Key waits for its
 * first attempt under the household lock and is answered from it.
 */
@Injectable()
export class OfflinePaymentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Payment) private readonly payments: Repository<Payment>,
    private readonly access: BillingAccess,
    private readonly idempotency: IdempotencyService,
    private readonly ledger: PaymentLedger,
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
    await this.access.compound(caller, 'payment.collect', compoundId, 'HOUSEHOLD_NOT_FOUND');
    await this.ledger.ensureCounter(compoundId, now);
    const { resourceId, replayed } = await this.idempotency.run(
      caller.userId,
      'payment',
      key,
      dto,
      async (tx) => {
        const allocations = await this.allocate(tx, dto);
        const payment = await this.ledger.insertPayment(
          tx,
          {
            compoundId,
            buildingId: Number(household.building_id),
            householdId: dto.householdId,
            channel: dto.channel,
            amountFen: dto.amountFen,
            reference: dto.reference ?? null,
            note: dto.note ?? null,
            recordedById: caller.userId,
            transactionId: null,
            createdAt: now,
          },
          allocations,
        );
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
    if (payment.channel === 'wechat') throw unprocessable('PAYMENT_NOT_REVERSIBLE');
    try {
      await this.db.transaction(async (tx) => {
        await lockRow(tx, 'households', payment.householdId);
        if (await tx.getRepository(PaymentReversal).existsBy({ paymentId: id })) {
          throw conflict('PAYMENT_ALREADY_REVERSED');
        }
        const allocations = await tx
          .getRepository(PaymentAllocation)
          .find({ where: { paymentId: id }, order: { billId: 'ASC' } });
        const bills = await this.ledger.lockBills(tx, { ids: allocations.map((a) => a.billId) });
        for (const a of allocations) {
          const bill = bills.find((b) => b.id === a.billId)!;
          await this.ledger.changePaid(tx, bill, bill.paidFen - a.amountFen, ['partially_paid', 'paid', 'waived']);
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
  private async allocate(tx: EntityManager, dto: RecordPaymentDto): Promise<Array<{ bill: LedgerBill; amountFen: number }>> {
    const open = await this.ledger.lockBills(tx, { householdId: dto.householdId });
    let targets: LedgerBill[];
    if (dto.billIds) {
      const invalid = dto.billIds.filter((id) => !open.some((b) => b.id === id));
      if (invalid.length) throw unprocessable('PAYMENT_BILLS_INVALID', { billIds: invalid });
      targets = dto.billIds.map((id) => open.find((b) => b.id === id)!);
    } else {
      targets = [...open].sort((a, b) => a.period.localeCompare(b.period) || a.id - b.id);
    }
    const owedFen = targets.reduce((sum, b) => sum + b.amountFen - b.paidFen, 0);
    if (dto.amountFen > owedFen) throw unprocessable('PAYMENT_EXCEEDS_OWED', { owedFen });
    const result: Array<{ bill: LedgerBill; amountFen: number }> = [];
    let left = dto.amountFen;
    for (const bill of targets) {
      if (!left) break;
      const amountFen = Math.min(left, bill.amountFen - bill.paidFen);
      if (amountFen > 0) result.push({ bill, amountFen });
      left -= amountFen;
    }
    return result;
  }

  private query(): SelectQueryBuilder<Payment> {
    return this.payments.createQueryBuilder('p').leftJoinAndSelect('p.household', 'h');
  }

  private async page(qb: SelectQueryBuilder<Payment>, q: ListPaymentsQueryDto | MyPaymentsQueryDto): Promise<Page<PaymentView>> {
    const page = await keysetPage(qb, q, byId('p', 'DESC'));
    return { items: await this.views(page.items), nextCursor: page.nextCursor };
  }

  async view(id: number): Promise<PaymentView> {
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
    const refunds = await this.db.getRepository(PaymentRefund).find({ where: { paymentId: In(ids) }, order: { id: 'ASC' } });
    const refunded = await this.refundedByBill(refunds.map((r) => r.id));
    return payments.map((p) => {
      const reversal = reversals.find((r) => r.paymentId === p.id);
      const own = allocations.filter((a) => a.paymentId === p.id);
      const ownRefunds = refunds.filter((r) => r.paymentId === p.id);
      const refundedFen = sum(ownRefunds.filter((r) => LIVE_REFUND_STATUSES.includes(r.status)).map((r) => r.amountFen));
      const allocatedFen = sum(own.map((a) => a.amountFen)) - sum(ownRefunds.map((r) => refunded.get(r.id) ?? 0));
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
        allocations: own.map((a) => ({
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
        transactionId: p.transactionId,
        refunds: ownRefunds.map(refundView),
        creditFen: reversal ? 0 : p.amountFen - refundedFen - allocatedFen,
        createdAt: p.createdAt.toISOString(),
      };
    });
  }

  /** What each refund took off bills. */
  private async refundedByBill(refundIds: number[]): Promise<Map<number, number>> {
    const totals = new Map<number, number>();
    if (!refundIds.length) return totals;
    for (const a of await this.db.getRepository(RefundAllocation).findBy({ refundId: In(refundIds) })) {
      totals.set(a.refundId, (totals.get(a.refundId) ?? 0) + a.amountFen);
    }
    return totals;
  }
}
