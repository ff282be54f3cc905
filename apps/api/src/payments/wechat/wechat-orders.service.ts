import { randomBytes } from 'node:crypto';
import * as QRCode from 'qrcode';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { OPEN_BILL_STATUSES, WECHAT_PAY_LIMITS, type WechatOrderView, type WechatPayStatusView } from '@doorstep/contracts';
import type { Caller } from '../../common/auth/caller';
import { isUniqueViolation } from '../../common/database/db-errors';
import { lockRow } from '../../common/database/locks';
import { DomainError, conflict, notFound, unprocessable } from '../../common/errors/domain-error';
import { IdempotencyService } from '../../common/idempotency/idempotency.service';
import { householdLabel } from '../bill.view';
import { BillingAccess } from '../billing-access';
import { BillingSettingsService } from '../billing-settings.service';
import type { CreateWechatOrderDto } from '../dto/wechat-pay.dto';
import { PaymentLedger, type LedgerBill } from '../payment-ledger';
import { RefundsService } from '../refunds.service';
import { WechatOrderBill } from './wechat-order-bill.entity';
import { WechatOrder } from './wechat-order.entity';
import { WechatPayClient, WechatPayError, type WechatTransaction } from './wechatpay.client';

/** A paid transaction that does not fit its order: refused and kept for review, never applied. */
export class TransactionMismatch extends Error {
  constructor(
    readonly reason: string,
    readonly reference: string | null,
  ) {
    super(reason);
  }
}

/** A close-job round: how many expired orders were closed, found paid, or left for the next round. */
export interface CloseRound {
  closed: number;
  paid: number;
  skipped: number;
}

const CLOSE_BATCH = 100;
/** WeChat may still be finishing a payment right at time_expire: leave it this long before asking. */
const CLOSE_GRACE_MS = 60_000;

const outTradeNo = (): string => `DS${randomBytes(15).toString('hex').toUpperCase()}`;

/**
 * 微信支付 orders: made for open bills with the amount the server computes, paid through WeChat, and
 * recorded as a payment exactly once — from WeChat's notification or from the app's "paid" callback
 * (which asks WeChat), whichever comes first. "Once" rests on the household lock plus the order's status
 * read under it, and, underneath, on the unique transaction id of payments.
 */
@Injectable()
export class WechatOrdersService {
  private readonly logger = new Logger(WechatOrdersService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: BillingAccess,
    private readonly idempotency: IdempotencyService,
    private readonly ledger: PaymentLedger,
    private readonly client: WechatPayClient,
    private readonly refunds: RefundsService,
    private readonly settings: BillingSettingsService,
  ) {}

  async create(
    caller: Caller,
    dto: CreateWechatOrderDto,
    key: string | undefined,
    now: Date,
  ): Promise<{ view: WechatOrderView; replayed: boolean }> {
    const own = await this.access.ownHouseholds(caller);
    if (!own.includes(dto.householdId)) throw notFound('HOUSEHOLD_NOT_FOUND');
    this.client.requireEnabled();
    const openid = dto.tradeType === 'jsapi' ? await this.openid(caller) : null;
    const { resourceId, replayed } = await this.idempotency.run(
      caller.userId,
      'wechat-order',
      key,
      dto,
      (tx) => this.insertOrder(tx, caller, dto, now),
      { serialize: (tx) => lockRow(tx, 'households', dto.householdId) },
    );
    const order = await this.db.getRepository(WechatOrder).findOneByOrFail({ id: resourceId });
    if (order.status === 'open' && !order.prepayId && !order.codeUrl) await this.placeAtWechat(order, openid);
    return { view: await this.view(order, caller, now), replayed };
  }

  /** Whether WeChat Pay is on; for one of the caller's own homes, whether its compound takes part payments. */
  async status(caller: Caller, householdId: number | undefined): Promise<WechatPayStatusView> {
    let partialPayment = false;
    if (householdId !== undefined) {
      if (!(await this.access.ownHouseholds(caller)).includes(householdId)) throw notFound('HOUSEHOLD_NOT_FOUND');
      const [household] = await this.db.query('SELECT compound_id FROM households WHERE id = ?', [householdId]);
      partialPayment = await this.settings.allowsPartial(Number(household.compound_id));
    }
    return { enabled: this.client.enabled, partialPayment };
  }

  async get(caller: Caller, id: number, now: Date): Promise<WechatOrderView> {
    const order = await this.visible(caller, id);
    return this.view(order, caller, now);
  }

  /**
   * The NATIVE order's code as a picture to scan with WeChat (a `weixin://wxpay/…` link is no use in a
   * desktop browser): to the payer, while it can be paid.
   */
  async codeImage(caller: Caller, id: number, now: Date): Promise<Buffer> {
    const order = await this.visible(caller, id);
    if (order.payerId !== caller.userId || order.status !== 'open' || !order.codeUrl || order.expiresAt <= now) {
      throw notFound('WECHAT_ORDER_NOT_FOUND');
    }
    return QRCode.toBuffer(order.codeUrl, { type: 'png', width: 360, margin: 2, errorCorrectionLevel: 'M' });
  }

  /**
   * The app's "paid" callback after `requestPayment` succeeds: WeChat is asked, and a paid order is
   * recorded here if the notification has not done it yet. Both paths end in `applyPaid`.
   */
  async sync(caller: Caller, id: number, now: Date): Promise<WechatOrderView> {
    const order = await this.visible(caller, id);
    if (order.status === 'open') {
      const transaction = await this.query(order.outTradeNo);
      if (transaction?.trade_state === 'SUCCESS') await this.applyPaid(transaction, now);
    }
    return this.view(await this.db.getRepository(WechatOrder).findOneByOrFail({ id }), caller, now);
  }

  /**
   * Records a paid transaction once. Bills still open get what the order meant for them; anything
   * left (the bills were paid meanwhile, by a family member or at the desk) is refunded by itself.
   * Returns false when it was already recorded.
   */
  async applyPaid(transaction: WechatTransaction, now: Date): Promise<boolean> {
    const order = await this.db.getRepository(WechatOrder).findOneBy({ outTradeNo: transaction.out_trade_no ?? '' });
    this.checkTransaction(transaction, order);
    await this.ledger.ensureCounter(order!.compoundId, now);
    let refundId: number | null | undefined;
    try {
      refundId = await this.db.transaction(async (tx) => {
        await lockRow(tx, 'households', order!.householdId);
        const [current] = await tx.query(`SELECT status, version FROM wechat_orders WHERE id = ?${this.ledger.forUpdate}`, [
          order!.id,
        ]);
        if (current.status === 'paid') return undefined;
        return this.recordPayment(tx, order!, Number(current.version), transaction.transaction_id!, now);
      });
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
    if (refundId === undefined) return false;
    if (refundId !== null) this.refunds.sendSoon(refundId);
    return true;
  }

  /**
   * Orders past `expiresAt`: asked about at WeChat, then recorded (paid after all) or closed there and
   * here. Several instances may run this at once; closing is `WHERE status = 'open' AND version = ?`.
   */
  async closeExpired(now: Date): Promise<CloseRound> {
    const due = await this.db.getRepository(WechatOrder).find({
      where: { status: 'open', expiresAt: LessThanOrEqual(new Date(now.getTime() - CLOSE_GRACE_MS)) },
      order: { expiresAt: 'ASC', id: 'ASC' },
      take: CLOSE_BATCH,
    });
    const round: CloseRound = { closed: 0, paid: 0, skipped: 0 };
    for (const order of due) {
      try {
        round[await this.closeOne(order, now)]++;
      } catch (error) {
        this.logger.warn({ err: String(error), outTradeNo: order.outTradeNo }, 'closing an expired order failed; next round');
        round.skipped++;
      }
    }
    return round;
  }

  private async closeOne(order: WechatOrder, now: Date): Promise<keyof CloseRound> {
    const transaction = await this.client.queryOrder(order.outTradeNo);
    const state = transaction?.trade_state;
    if (state === 'SUCCESS' || state === 'REFUND') return (await this.applyPaid(transaction!, now)) ? 'paid' : 'skipped';
    if (state === 'USERPAYING') return 'skipped';
    if (transaction && state !== 'CLOSED') await this.client.closeOrder(order.outTradeNo);
    const result = await this.db
      .createQueryBuilder()
      .update(WechatOrder)
      .set({ status: 'closed', finishedAt: now })
      .where("id = :id AND version = :version AND status = 'open'", { id: order.id, version: order.version })
      .execute();
    return result.affected ? 'closed' : 'skipped';
  }

  private async insertOrder(tx: EntityManager, caller: Caller, dto: CreateWechatOrderDto, now: Date): Promise<number> {
    const bills = await this.ledger.lockBills(tx, { householdId: dto.householdId });
    const chosen = dto.billIds.map((id) => bills.find((b) => b.id === id));
    const invalid = dto.billIds.filter((_, i) => !chosen[i]);
    if (invalid.length) throw unprocessable('PAYMENT_BILLS_INVALID', { billIds: invalid });
    await this.refuseBillsBeingPaid(tx, caller, dto.billIds, now);
    const [household] = await tx.query('SELECT compound_id, building_id FROM households WHERE id = ?', [dto.householdId]);
    const lines = await this.orderLines(chosen as LedgerBill[], dto.amountFen, Number(household.compound_id));
    const order = await tx.getRepository(WechatOrder).save({
      outTradeNo: outTradeNo(),
      compoundId: Number(household.compound_id),
      buildingId: Number(household.building_id),
      householdId: dto.householdId,
      payerId: caller.userId,
      tradeType: dto.tradeType,
      amountFen: lines.reduce((total, l) => total + l.amountFen, 0),
      status: 'open',
      prepayId: null,
      codeUrl: null,
      expiresAt: new Date(now.getTime() + WECHAT_PAY_LIMITS.orderTtlMinutes * 60_000),
      paymentId: null,
      finishedAt: null,
    });
    for (const line of lines) await tx.insert(WechatOrderBill, { orderId: order.id, ...line });
    return order.id;
  }

  /**
   * What the order pays on each bill: all they owe, or — where the compound allows part payments — the
   * amount asked for, to the oldest bills first. Bills it does not reach are left out of the order.
   */
  private async orderLines(
    bills: LedgerBill[],
    amountFen: number | undefined,
    compoundId: number,
  ): Promise<Array<{ billId: number; amountFen: number }>> {
    const oldestFirst = [...bills].sort((a, b) => a.period.localeCompare(b.period) || a.id - b.id);
    const owed = oldestFirst.map((b) => ({ billId: b.id, amountFen: b.amountFen - b.paidFen }));
    const total = owed.reduce((sum, l) => sum + l.amountFen, 0);
    if (amountFen === undefined || amountFen === total) return owed;
    if (amountFen > total) throw unprocessable('PAYMENT_AMOUNT_INVALID', { owedFen: total });
    if (!(await this.settings.allowsPartial(compoundId))) throw unprocessable('PARTIAL_PAYMENT_NOT_ALLOWED');
    let left = amountFen;
    return owed
      .map((l) => {
        const part = Math.min(left, l.amountFen);
        left -= part;
        return { billId: l.billId, amountFen: part };
      })
      .filter((l) => l.amountFen > 0);
  }

  /**
   * Two family members paying the same bill at once is the usual way a bill gets paid twice: while
   * someone else's order for one of these bills can still be paid, a second one is refused. (The payer's
   * own earlier order does not count: they may have closed WeChat's sheet and try again.)
   */
  private async refuseBillsBeingPaid(tx: EntityManager, caller: Caller, billIds: number[], now: Date): Promise<void> {
    const busy = await tx
      .getRepository(WechatOrderBill)
      .createQueryBuilder('ob')
      .innerJoin(WechatOrder, 'o', 'o.id = ob.orderId')
      .select('ob.billId', 'billId')
      .where('ob.billId IN (:...billIds)', { billIds })
      .andWhere("o.status = 'open' AND o.expiresAt > :now AND o.payerId <> :payer", { now, payer: caller.userId })
      .getRawMany<{ billId: number | string }>();
    if (busy.length) throw conflict('BILL_PAYMENT_IN_PROGRESS', { billIds: busy.map((r) => Number(r.billId)) });
  }

  private async placeAtWechat(order: WechatOrder, openid: string | null): Promise<void> {
    try {
      const placed = await this.client.createOrder({
        tradeType: order.tradeType,
        outTradeNo: order.outTradeNo,
        description: '物业缴费',
        amountFen: order.amountFen,
        expiresAt: order.expiresAt,
        openid,
      });
      Object.assign(order, placed);
      await this.db.getRepository(WechatOrder).update({ id: order.id }, placed);
    } catch (error) {
      this.logger.warn({ err: String(error), outTradeNo: order.outTradeNo }, 'placing the order at WeChat failed');
      throw new DomainError('WECHATPAY_UNAVAILABLE', 502);
    }
  }

  /** The payment, its allocations and (if anything is left over) the refund row; returns the refund's id. */
  private async recordPayment(
    tx: EntityManager,
    order: WechatOrder,
    version: number,
    transactionId: string,
    now: Date,
  ): Promise<number | null> {
    const lines = await tx.getRepository(WechatOrderBill).find({ where: { orderId: order.id } });
    const bills = await this.ledger.lockBills(tx, { ids: lines.map((l) => l.billId) });
    const allocations = bills
      .filter((b) => OPEN_BILL_STATUSES.includes(b.status))
      .sort((a, b) => a.period.localeCompare(b.period) || a.id - b.id)
      .map((bill) => ({
        bill,
        amountFen: Math.min(lines.find((l) => l.billId === bill.id)!.amountFen, bill.amountFen - bill.paidFen),
      }))
      .filter((a) => a.amountFen > 0);
    const payment = await this.ledger.insertPayment(
      tx,
      {
        compoundId: order.compoundId,
        buildingId: order.buildingId,
        householdId: order.householdId,
        channel: 'wechat',
        amountFen: order.amountFen,
        reference: order.outTradeNo,
        note: null,
        recordedById: order.payerId,
        transactionId,
        createdAt: now,
      },
      allocations,
    );
    const changed = await tx
      .createQueryBuilder()
      .update(WechatOrder)
      .set({ status: 'paid', paymentId: payment.id, finishedAt: now })
      .where('id = :id AND version = :version', { id: order.id, version })
      .execute();
    if (!changed.affected) throw new DomainError('VERSION_CONFLICT', 409);
    const leftover = order.amountFen - allocations.reduce((total, a) => total + a.amountFen, 0);
    return leftover > 0 ? this.refunds.insertOverpaid(tx, payment, leftover, now) : null;
  }

  private checkTransaction(t: WechatTransaction, order: WechatOrder | null): void {
    const { mchid, appid } = this.client.settings;
    const reference = t.out_trade_no ?? null;
    if (!order) throw new TransactionMismatch('UNKNOWN_ORDER', reference);
    if (t.mchid !== mchid) throw new TransactionMismatch('MCHID_MISMATCH', reference);
    if (t.appid !== appid) throw new TransactionMismatch('APPID_MISMATCH', reference);
    if (t.trade_state !== 'SUCCESS' && t.trade_state !== 'REFUND') throw new TransactionMismatch('NOT_PAID', reference);
    if (!t.transaction_id) throw new TransactionMismatch('TRANSACTION_ID_MISSING', reference);
    if (t.amount?.total !== order.amountFen) throw new TransactionMismatch('AMOUNT_MISMATCH', reference);
  }

  private async query(outTradeNo: string): Promise<WechatTransaction | null> {
    try {
      return await this.client.queryOrder(outTradeNo);
    } catch (error) {
      if (error instanceof WechatPayError) throw new DomainError('WECHATPAY_UNAVAILABLE', 502);
      throw error;
    }
  }

  private async openid(caller: Caller): Promise<string> {
    const [user] = await this.db.query('SELECT openid FROM users WHERE id = ?', [caller.userId]);
    if (!user?.openid) throw unprocessable('WECHAT_OPENID_REQUIRED');
    return String(user.openid);
  }

  /** The payer, a verified member of the household, or a bill.read holder of the compound. */
  private async visible(caller: Caller, id: number): Promise<WechatOrder> {
    const order = await this.db.getRepository(WechatOrder).findOneBy({ id });
    if (!order) throw notFound('WECHAT_ORDER_NOT_FOUND');
    if (order.payerId === caller.userId) return order;
    if ((await this.access.ownHouseholds(caller)).includes(order.householdId)) return order;
    await this.access.compound(caller, 'bill.read', order.compoundId, 'WECHAT_ORDER_NOT_FOUND');
    return order;
  }

  private async view(order: WechatOrder, caller: Caller, now: Date): Promise<WechatOrderView> {
    const lines = await this.db.getRepository(WechatOrderBill).find({
      where: { orderId: order.id },
      relations: { bill: true },
      order: { billId: 'ASC' },
    });
    const [household] = await this.db.query('SELECT unit, room FROM households WHERE id = ?', [order.householdId]);
    const payable = order.status === 'open' && order.payerId === caller.userId && order.expiresAt > now;
    return {
      id: order.id,
      outTradeNo: order.outTradeNo,
      householdId: order.householdId,
      householdLabel: householdLabel(String(household?.unit ?? ''), String(household?.room ?? '')),
      tradeType: order.tradeType,
      amountFen: order.amountFen,
      status: order.status,
      bills: lines.map((l) => ({
        billId: l.billId,
        period: l.bill?.period ?? '',
        itemName: l.bill?.itemName ?? '',
        amountFen: l.amountFen,
      })),
      payParams: payable && order.prepayId ? this.client.payParams(order.prepayId, now) : null,
      codeUrl: payable ? order.codeUrl : null,
      expiresAt: order.expiresAt.toISOString(),
      paymentId: order.paymentId,
      createdAt: order.createdAt.toISOString(),
    };
  }
}
