import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ReconciliationMismatchKind, ReconciliationMismatchView, ReconciliationTotalsView } from '@doorstep/contracts';
import { shanghaiDate, shanghaiDateStart } from '../../common/shanghai-time';
import type { TradeBill, TradeBillRow } from './trade-bill';
import { WechatPayClient } from './wechatpay.client';

/** A mismatch before it is stored (the id comes with the row). */
export type Mismatch = Omit<ReconciliationMismatchView, 'id'>;

/** The mismatches and the day's counts and sums on both sides (the bill's own figures come with the file). */
export type Comparison = Omit<ReconciliationTotalsView, 'billSha1' | 'billRows' | 'mismatchCount'> & { mismatches: Mismatch[] };

interface OurPayment {
  id: number;
  compoundId: number;
  amountFen: number;
  transactionId: string;
  outTradeNo: string | null;
}

interface OurRefund {
  id: number;
  compoundId: number;
  amountFen: number;
  status: string;
  outRefundNo: string;
  refundId: string | null;
  transactionId: string | null;
  outTradeNo: string | null;
}

const DAY_MS = 24 * 3600_000;
/** IN (…) lists are cut to this many values: MySQL and SQLite both take it comfortably. */
const IN_CHUNK = 500;
/**
 * Ours-but-not-in-the-bill candidates asked about at WeChat one by one (a payment recorded just after
 * midnight may be in the previous day's bill). Beyond this many the rest are listed unasked: something
 * larger is wrong and a person must look anyway.
 */
const LOOKUPS_MAX = 50;

const PAYMENT_COLUMNS =
  'p.id, p.compound_id AS compoundId, p.amount_fen AS amountFen, p.transaction_id AS transactionId, p.reference AS outTradeNo';
const REFUND_COLUMNS =
  'r.id, r.compound_id AS compoundId, r.amount_fen AS amountFen, r.status, r.out_refund_no AS outRefundNo, ' +
  'r.refund_id AS refundId, p.transaction_id AS transactionId, p.reference AS outTradeNo';

/**
 * Compares one day's trade bill with our books both ways: every SUCCESS row to a WeChat payment by
 * transaction id (amounts equal), every REFUND row to a refund by out_refund_no (successful, amounts
 * equal), and every WeChat payment and successful refund we recorded that Shanghai day to a row.
 */
@Injectable()
export class ReconciliationMatcher {
  private readonly logger = new Logger(ReconciliationMatcher.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly client: WechatPayClient,
  ) {}

  async compare(billDate: string, bill: TradeBill): Promise<Comparison> {
    const paid = bill.rows.filter((r) => r.state === 'SUCCESS');
    const refunded = bill.rows.filter((r) => r.state === 'REFUND');
    const ourPayments = await this.paymentsOfDay(billDate);
    const ourRefunds = await this.refundsOfDay(billDate);
    const mismatches = [
      ...(await this.billPayments(paid)),
      ...(await this.billRefunds(refunded)),
      ...(await this.unbilledPayments(billDate, ourPayments, paid)),
      ...(await this.unbilledRefunds(billDate, ourRefunds, refunded)),
    ];
    return {
      mismatches: await this.attributed(mismatches),
      wechatPaymentCount: paid.length,
      wechatPaymentFen: sum(paid.map((r) => r.totalFen)),
      wechatRefundCount: refunded.length,
      wechatRefundFen: sum(refunded.map((r) => r.refundFen)),
      ourPaymentCount: ourPayments.length,
      ourPaymentFen: sum(ourPayments.map((p) => p.amountFen)),
      ourRefundCount: ourRefunds.length,
      ourRefundFen: sum(ourRefunds.map((r) => r.amountFen)),
    };
  }

  /** WeChat's payments of the day against ours, by 微信支付单号 whatever day we recorded them on. */
  private async billPayments(rows: TradeBillRow[]): Promise<Mismatch[]> {
    const ours = byKey(
      await this.inChunks<OurPayment>(
        `SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE p.channel = 'wechat' AND p.transaction_id IN`,
        rows.map((r) => r.transactionId),
      ),
      (p) => p.transactionId,
    );
    return rows.flatMap((row): Mismatch[] => {
      const payment = ours.get(row.transactionId);
      if (!payment) return [fromRow('MISSING_HERE', row, null)];
      if (Number(payment.amountFen) !== row.totalFen)
        return [{ ...fromRow('AMOUNT_DIFFERS', row, null), ...ourPayment(payment) }];
      return [];
    });
  }

  /** WeChat's refunds of the day against ours, by out_refund_no: ours must have succeeded, for as much. */
  private async billRefunds(rows: TradeBillRow[]): Promise<Mismatch[]> {
    const ours = byKey(
      await this.inChunks<OurRefund>(
        `SELECT ${REFUND_COLUMNS} FROM payment_refunds r JOIN payments p ON p.id = r.payment_id WHERE r.out_refund_no IN`,
        rows.map((r) => r.outRefundNo),
      ),
      (r) => r.outRefundNo,
    );
    return rows.flatMap((row): Mismatch[] => {
      const refund = ours.get(row.outRefundNo);
      if (!refund) return [fromRow('REFUND_MISSING_HERE', row, row.refundFen)];
      if (refund.status !== 'success') {
        return [
          {
            ...fromRow('REFUND_MISSING_HERE', row, row.refundFen),
            ...ourRefund(refund),
            note: `本系统退款状态: ${refund.status}`,
          },
        ];
      }
      if (Number(refund.amountFen) !== row.refundFen) {
        return [{ ...fromRow('REFUND_AMOUNT_DIFFERS', row, row.refundFen), ...ourRefund(refund) }];
      }
      return [];
    });
  }

  /** Our WeChat payments of the day that the bill lacks, unless WeChat puts them on another day. */
  private unbilledPayments(billDate: string, ours: OurPayment[], rows: TradeBillRow[]): Promise<Mismatch[]> {
    const billed = new Set(rows.map((r) => r.transactionId));
    return this.unbilled(
      billDate,
      ours.filter((p) => !billed.has(p.transactionId)),
      (p) => this.paymentDayAtWechat(p),
      (p) => ({
        ...EMPTY,
        kind: 'MISSING_AT_WECHAT',
        transactionId: p.transactionId,
        outTradeNo: p.outTradeNo,
        ...ourPayment(p),
      }),
    );
  }

  private unbilledRefunds(billDate: string, ours: OurRefund[], rows: TradeBillRow[]): Promise<Mismatch[]> {
    const billed = new Set(rows.map((r) => r.outRefundNo));
    return this.unbilled(
      billDate,
      ours.filter((r) => !billed.has(r.outRefundNo)),
      (r) => this.refundDayAtWechat(r),
      (r) => ({
        ...EMPTY,
        kind: 'REFUND_MISSING_AT_WECHAT',
        transactionId: r.transactionId,
        outTradeNo: r.outTradeNo,
        outRefundNo: r.outRefundNo,
        ...ourRefund(r),
      }),
    );
  }

  /**
   * Ours, not in the bill: a mismatch unless WeChat, asked one by one, counts it on another day (the
   * first LOOKUPS_MAX only; `undefined` = not asked or no answer, listed with a note saying so).
   */
  private async unbilled<T>(
    billDate: string,
    missing: T[],
    dayAtWechat: (item: T) => Promise<string | null | undefined>,
    mismatch: (item: T) => Mismatch,
  ): Promise<Mismatch[]> {
    const out: Mismatch[] = [];
    for (const [i, item] of missing.entries()) {
      const day = i < LOOKUPS_MAX ? await dayAtWechat(item) : undefined;
      if (day && day !== billDate) continue;
      out.push({ ...mismatch(item), note: day === undefined ? '未向微信逐笔核实' : null });
    }
    return out;
  }

  /** The Shanghai day WeChat counts the payment on; null when WeChat has no paid order of that id. */
  private async paymentDayAtWechat(payment: OurPayment): Promise<string | null | undefined> {
    if (!payment.outTradeNo) return null;
    try {
      const t = await this.client.queryOrder(payment.outTradeNo);
      const paid = t && t.transaction_id === payment.transactionId && (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND');
      return paid && t.success_time ? t.success_time.slice(0, 10) : null;
    } catch (error) {
      this.logger.warn({ err: String(error), outTradeNo: payment.outTradeNo }, 'could not ask WeChat about a payment');
      return undefined;
    }
  }

  private async refundDayAtWechat(refund: OurRefund): Promise<string | null | undefined> {
    try {
      const r = await this.client.queryRefund(refund.outRefundNo);
      const done = r && (r.status ?? r.refund_status) === 'SUCCESS';
      const at = (r as { create_time?: string } | null)?.create_time ?? r?.success_time;
      return done && at ? at.slice(0, 10) : null;
    } catch (error) {
      this.logger.warn({ err: String(error), outRefundNo: refund.outRefundNo }, 'could not ask WeChat about a refund');
      return undefined;
    }
  }

  /** Mismatches with no compound yet (WeChat's rows we never recorded) take it from our order, if we placed one. */
  private async attributed(mismatches: Mismatch[]): Promise<Mismatch[]> {
    const unknown = mismatches.filter((m) => m.compoundId === null && m.outTradeNo);
    const orders = byKey(
      await this.inChunks<{ outTradeNo: string; compoundId: number }>(
        'SELECT o.out_trade_no AS outTradeNo, o.compound_id AS compoundId FROM wechat_orders o WHERE o.out_trade_no IN',
        unknown.map((m) => m.outTradeNo!),
      ),
      (o) => o.outTradeNo,
    );
    return mismatches.map((m) =>
      m.compoundId === null && m.outTradeNo && orders.has(m.outTradeNo)
        ? { ...m, compoundId: Number(orders.get(m.outTradeNo)!.compoundId) }
        : m,
    );
  }

  private paymentsOfDay(billDate: string): Promise<OurPayment[]> {
    const [from, to] = dayRange(billDate);
    return this.db
      .createQueryBuilder()
      .select(PAYMENT_COLUMNS)
      .from('payments', 'p')
      .where("p.channel = 'wechat' AND p.created_at >= :from AND p.created_at < :to", { from, to })
      .orderBy('p.id')
      .getRawMany();
  }

  /** Successful refunds asked for that day (WeChat bills a refund on the day it was requested). */
  private refundsOfDay(billDate: string): Promise<OurRefund[]> {
    const [from, to] = dayRange(billDate);
    return this.db
      .createQueryBuilder()
      .select(REFUND_COLUMNS)
      .from('payment_refunds', 'r')
      .innerJoin('payments', 'p', 'p.id = r.payment_id')
      .where("r.status = 'success' AND r.created_at >= :from AND r.created_at < :to", { from, to })
      .orderBy('r.id')
      .getRawMany();
  }

  private async inChunks<T>(sqlBeforeList: string, values: string[]): Promise<T[]> {
    const unique = [...new Set(values.filter(Boolean))];
    const out: T[] = [];
    for (let i = 0; i < unique.length; i += IN_CHUNK) {
      const chunk = unique.slice(i, i + IN_CHUNK);
      out.push(...((await this.db.query(`${sqlBeforeList} (${chunk.map(() => '?').join(', ')})`, chunk)) as T[]));
    }
    return out;
  }
}

const EMPTY: Mismatch = {
  kind: 'MISSING_HERE',
  compoundId: null,
  outTradeNo: null,
  transactionId: null,
  outRefundNo: null,
  wechatFen: null,
  ourFen: null,
  paymentId: null,
  refundId: null,
  note: null,
};

/** The UTC instants a Shanghai day begins and ends; Dates as query-builder parameters suit every driver. */
function dayRange(billDate: string): [Date, Date] {
  const start = shanghaiDateStart(billDate);
  return [start, new Date(start.getTime() + DAY_MS)];
}

const sum = (values: number[]) => values.reduce((total, v) => total + v, 0);

function byKey<T>(rows: T[], key: (row: T) => string): Map<string, T> {
  return new Map(rows.map((row) => [key(row), row]));
}

function fromRow(kind: ReconciliationMismatchKind, row: TradeBillRow, refundFen: number | null): Mismatch {
  return {
    ...EMPTY,
    kind,
    outTradeNo: row.outTradeNo || null,
    transactionId: row.transactionId || null,
    outRefundNo: refundFen === null ? null : row.outRefundNo,
    wechatFen: refundFen ?? row.totalFen,
  };
}

function ourPayment(p: OurPayment): Pick<Mismatch, 'compoundId' | 'paymentId' | 'ourFen'> {
  return { compoundId: Number(p.compoundId), paymentId: Number(p.id), ourFen: Number(p.amountFen) };
}

function ourRefund(r: OurRefund): Pick<Mismatch, 'compoundId' | 'refundId' | 'ourFen'> {
  return { compoundId: Number(r.compoundId), refundId: Number(r.id), ourFen: Number(r.amountFen) };
}

/** Exported for the job: the Shanghai date before `now`'s. */
export const previousShanghaiDate = (now: Date): string => shanghaiDate(new Date(now.getTime() - DAY_MS));
