import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { LIVE_REFUND_STATUSES, type PaymentView, type RefundStatus } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { lockRow } from '../common/database/locks';
import { DomainError, notFound, unprocessable } from '../common/errors/domain-error';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { BillingAccess } from './billing-access';
import type { RefundPaymentDto } from './dto/wechat-pay.dto';
import { OfflinePaymentsService } from './offline-payments.service';
import { PaymentLedger } from './payment-ledger';
import { PaymentRefund } from './payment-refund.entity';
import { Payment } from './payment.entity';
import { RefundAllocation } from './refund-allocation.entity';
import { WechatPayClient, WechatPayError, type RefundState, type WechatRefund } from './wechat/wechatpay.client';

/** Why a refund notification was not applied (kept for review). */
export class RefundMismatch extends Error {
  constructor(
    readonly reason: string,
    readonly reference: string | null,
  ) {
    super(reason);
  }
}

const STATE: Record<RefundState, RefundStatus> = {
  PROCESSING: 'processing',
  SUCCESS: 'success',
  ABNORMAL: 'abnormal',
  CLOSED: 'closed',
};

const OVERPAID_REASON = '所缴账单已结清，多付款项原路退回';
/** Pending refunds younger than this are being sent by the request that made them; the job leaves them. */
const RESEND_AFTER_MS = 30_000;
const RESEND_BATCH = 50;

/**
 * 退款 of WeChat payments through WeChat's refund API, each a row of its own. A refund is written
 * `pending` together with what it takes off the books, then sent; WeChat's answer and REFUND.*
 * notifications move it to processing, success, abnormal or closed. Sending is safe to repeat: the same
 * out_refund_no is the same refund at WeChat.
 */
@Injectable()
export class RefundsService {
  private readonly logger = new Logger(RefundsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: BillingAccess,
    private readonly idempotency: IdempotencyService,
    private readonly ledger: PaymentLedger,
    private readonly payments: OfflinePaymentsService,
    private readonly client: WechatPayClient,
  ) {}

  /**
   * A manager's refund of (part of) a WeChat payment: first out of what the payment left as credit,
   * then off its bills, latest period first (those bills are open again by that much).
   */
  async refund(
    caller: Caller,
    paymentId: number,
    dto: RefundPaymentDto,
    key: string | undefined,
    now: Date,
  ): Promise<PaymentView> {
    const payment = await this.db.getRepository(Payment).findOneBy({ id: paymentId });
    if (!payment) throw notFound('PAYMENT_NOT_FOUND');
    await this.access.compound(caller, 'bill.write', payment.compoundId, 'PAYMENT_NOT_FOUND');
    if (payment.channel !== 'wechat') throw unprocessable('PAYMENT_NOT_REFUNDABLE');
    this.client.requireEnabled();
    const { resourceId } = await this.idempotency.run(
      caller.userId,
      'refund',
      key,
      { paymentId, ...dto },
      (tx) => this.insertManual(tx, caller, payment, dto, now),
      { serialize: (tx) => lockRow(tx, 'households', payment.householdId) },
    );
    await this.send(resourceId);
    return this.payments.view(paymentId);
  }

  /** The refund of what a WeChat payment could not allocate, in the payment's own transaction. */
  async insertOverpaid(tx: EntityManager, payment: Payment, amountFen: number, now: Date): Promise<number> {
    const refund = await tx.getRepository(PaymentRefund).save({
      paymentId: payment.id,
      compoundId: payment.compoundId,
      householdId: payment.householdId,
      outRefundNo: `RF${payment.id}OVERPAID`,
      kind: 'overpaid',
      amountFen,
      reason: OVERPAID_REASON,
      status: 'pending',
      refundId: null,
      requestedById: null,
      finishedAt: null,
      createdAt: now,
    });
    return refund.id;
  }

  /** Sends after the caller's answer has gone; a failure leaves the refund pending for the job. */
  sendSoon(refundId: number): void {
    setImmediate(() => {
      this.send(refundId).catch((error) =>
        this.logger.warn({ err: String(error), refundId }, 'sending a refund failed; the job retries'),
      );
    });
  }

  /** Asks WeChat to make a pending refund. Network trouble leaves it pending; a refusal ends it abnormal. */
  async send(refundId: number): Promise<void> {
    const refund = await this.db.getRepository(PaymentRefund).findOneBy({ id: refundId });
    if (!refund || refund.status !== 'pending') return;
    const payment = await this.db.getRepository(Payment).findOneByOrFail({ id: refund.paymentId });
    try {
      const answer = await this.client.refund({
        outTradeNo: payment.reference!,
        outRefundNo: refund.outRefundNo,
        reason: refund.reason,
        refundFen: refund.amountFen,
        totalFen: payment.amountFen,
      });
      await this.move(refund, STATE[answer.status ?? 'PROCESSING'], answer.refund_id ?? null, new Date());
    } catch (error) {
      if (!(error instanceof WechatPayError) || error.status === null || error.status >= 500) throw error;
      this.logger.error(
        { err: error.message, code: error.code, refundId },
        'WeChat refused a refund; it stays with the household as credit',
      );
      await this.move(refund, 'abnormal', null, new Date());
    }
  }

  /** The job: pending refunds whose first send failed or never happened (a crash right after commit). */
  async resendPending(now: Date): Promise<number> {
    const pending = await this.db.getRepository(PaymentRefund).find({
      where: { status: 'pending', createdAt: LessThanOrEqual(new Date(now.getTime() - RESEND_AFTER_MS)) },
      order: { id: 'ASC' },
      take: RESEND_BATCH,
    });
    for (const refund of pending) await this.send(refund.id).catch(() => undefined);
    return pending.length;
  }

  /** A REFUND.* notification: the refund's outcome, once; anything not matching is refused. */
  async applyResult(result: WechatRefund, now: Date): Promise<void> {
    const refund = await this.db.getRepository(PaymentRefund).findOneBy({ outRefundNo: result.out_refund_no ?? '' });
    const reference = result.out_refund_no ?? null;
    if (!refund) throw new RefundMismatch('UNKNOWN_REFUND', reference);
    if (result.mchid !== this.client.settings.mchid) throw new RefundMismatch('MCHID_MISMATCH', reference);
    if (result.amount?.refund !== refund.amountFen) throw new RefundMismatch('AMOUNT_MISMATCH', reference);
    const state = result.refund_status ?? result.status;
    if (!state || !(state in STATE)) throw new RefundMismatch('STATE_UNKNOWN', reference);
    await this.move(refund, STATE[state], result.refund_id ?? null, now);
  }

  /** pending → processing → success/abnormal/closed, never back; a late or repeated word changes nothing. */
  private async move(refund: PaymentRefund, status: RefundStatus, refundId: string | null, now: Date): Promise<void> {
    const from: RefundStatus[] = status === 'processing' ? ['pending'] : ['pending', 'processing'];
    const terminal = status !== 'processing';
    await this.db
      .createQueryBuilder()
      .update(PaymentRefund)
      .set({ status, ...(refundId ? { refundId } : {}), ...(terminal ? { finishedAt: now } : {}) })
      .where('id = :id AND status IN (:...from)', { id: refund.id, from })
      .execute();
  }

  private async insertManual(
    tx: EntityManager,
    caller: Caller,
    payment: Payment,
    dto: RefundPaymentDto,
    now: Date,
  ): Promise<number> {
    const refunds = await tx.getRepository(PaymentRefund).find({ where: { paymentId: payment.id } });
    const refundedFen = refunds.filter((r) => LIVE_REFUND_STATUSES.includes(r.status)).reduce((t, r) => t + r.amountFen, 0);
    if (dto.amountFen > payment.amountFen - refundedFen) {
      throw unprocessable('REFUND_EXCEEDS_PAID', { refundableFen: payment.amountFen - refundedFen });
    }
    const onBills = await this.allocatedByBill(tx, payment.id);
    const allocatedFen = [...onBills.values()].reduce((t, v) => t + v, 0);
    let fromBills = Math.max(0, dto.amountFen - (payment.amountFen - refundedFen - allocatedFen));
    const refund = await tx.getRepository(PaymentRefund).save({
      paymentId: payment.id,
      compoundId: payment.compoundId,
      householdId: payment.householdId,
      outRefundNo: `RF${payment.id}M${randomBytes(8).toString('hex').toUpperCase()}`,
      kind: 'manual',
      amountFen: dto.amountFen,
      reason: dto.reason,
      status: 'pending',
      refundId: null,
      requestedById: caller.userId,
      finishedAt: null,
      createdAt: now,
    });
    const bills = await this.ledger.lockBills(tx, { ids: [...onBills.keys()] });
    for (const bill of bills.sort((a, b) => b.period.localeCompare(a.period) || b.id - a.id)) {
      if (!fromBills) break;
      const amountFen = Math.min(fromBills, onBills.get(bill.id)!);
      if (!amountFen) continue;
      await tx.insert(RefundAllocation, { refundId: refund.id, billId: bill.id, amountFen });
      await this.ledger.changePaid(tx, bill, bill.paidFen - amountFen, ['partially_paid', 'paid', 'waived']);
      fromBills -= amountFen;
    }
    if (fromBills) throw new DomainError('VERSION_CONFLICT', 409);
    return refund.id;
  }

  /** What the payment still has on each bill: its allocations less what refunds took off. */
  private async allocatedByBill(tx: EntityManager, paymentId: number): Promise<Map<number, number>> {
    const rows: Array<Record<string, unknown>> = await tx.query(
      `SELECT a.bill_id, a.amount_fen - COALESCE((SELECT SUM(ra.amount_fen) FROM refund_allocations ra
                JOIN payment_refunds r ON r.id = ra.refund_id WHERE r.payment_id = a.payment_id AND ra.bill_id = a.bill_id), 0) AS left_fen
         FROM payment_allocations a WHERE a.payment_id = ?`,
      [paymentId],
    );
    return new Map(rows.filter((r) => Number(r.left_fen) > 0).map((r) => [Number(r.bill_id), Number(r.left_fen)]));
  }
}
