import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  LIMITS,
  RECONCILIATION_LIMITS,
  type Page,
  type ReconciliationDetailView,
  type ReconciliationFailure,
  type ReconciliationMismatchView,
  type ReconciliationRunView,
  type ReconciliationView,
} from '@doorstep/contracts';
import { allows, PLATFORM } from '../../access/policy';
import type { Caller } from '../../common/auth/caller';
import { isUniqueViolation } from '../../common/database/db-errors';
import { DomainError, conflict, forbidden, notFound, unprocessable } from '../../common/errors/domain-error';
import { byId, keysetPage, type KeysetKey } from '../../common/pagination/keyset';
import { shanghaiDate, shanghaiHour } from '../../common/shanghai-time';
import { isoOrNull } from '../../common/time';
import { SheetWriter } from '../../common/xlsx/sheet-writer';
import type { XlsxFile } from '../../common/xlsx/xlsx-reply';
import { BillingAccess } from '../billing-access';
import type { ReconciliationListQueryDto } from '../dto/reconciliation.dto';
import { previousShanghaiDate, ReconciliationMatcher, type Comparison } from './reconciliation-matcher';
import { mismatchSheets } from './reconciliation-sheet';
import { parseTradeBill, sha1Matches, TradeBillRejected, type TradeBill } from './trade-bill';
import { WechatReconciliationItem } from './wechat-reconciliation-item.entity';
import { WechatReconciliation } from './wechat-reconciliation.entity';
import { WechatPayClient, WechatPayError } from './wechatpay.client';

const DAY_MS = 24 * 3600_000;
/** A run that has not finished after this long is taken to have died with its instance. */
const LEASE_MS = 10 * 60_000;
/** WeChat publishes the previous day's bills after 09:00; the daily run starts from 10:00 Shanghai. */
const DAILY_RUN_HOUR = 10;
/** A failed daily run is tried again after this long (WeChat late, network down). */
const RETRY_FAILED_MS = 3600_000;
const INSERT_CHUNK = 200;

/** Lists run by bill date (unique), newest day first, whenever each day was (re)run. */
const NEWEST_DAY_FIRST: KeysetKey<WechatReconciliation>[] = [
  { expression: 'r.billDate', read: (r) => r.billDate, direction: 'DESC', kind: 'string' },
  ...byId('r', 'DESC'),
];

/** Where the caller looks from: one compound, or the whole merchant account (platform admin). */
type Scope = { compoundId: number } | 'all';

/**
 * 对账: downloads a day's 交易账单, trusts it only when its SHA1 matches and its rows add up to its totals,
 * compares it with our books (ReconciliationMatcher) and stores the mismatches, replacing the day's
 * previous result. One row per bill date, claimed with a lease by a conditional update, so instances and
 * managers running the same day at once do it once.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: BillingAccess,
    private readonly client: WechatPayClient,
    private readonly matcher: ReconciliationMatcher,
    private readonly sheets: SheetWriter,
  ) {}

  /**
   * On demand. The guard let through holders of bill.write anywhere (whoever runs some compound's money)
   * and the platform admin; the run reads WeChat and changes no money, and what it found is shown per
   * compound, so nothing more is asked of them.
   */
  async run(date: string, now: Date): Promise<ReconciliationRunView> {
    this.client.requireEnabled();
    checkDate(date, now);
    const row = await this.reconcile(date, now);
    if (row.status === 'failed') {
      const code = row.failure === 'WECHATPAY_UNAVAILABLE' ? 'WECHATPAY_UNAVAILABLE' : 'WECHAT_BILL_REJECTED';
      throw new DomainError(code, 502, { reconciliationId: row.id, failure: row.failure });
    }
    return runView(row);
  }

  /** For the daily job: yesterday's bill once it is out, unless done (or failed less than an hour ago). */
  async runDue(now: Date): Promise<WechatReconciliation | null> {
    if (!this.client.enabled || shanghaiHour(now) < DAILY_RUN_HOUR) return null;
    const date = previousShanghaiDate(now);
    const row = await this.db.getRepository(WechatReconciliation).findOneBy({ billDate: date });
    const settled = row && (row.status === 'matched' || row.status === 'mismatched');
    const recentlyTried = row && now.getTime() - row.updatedAt.getTime() < RETRY_FAILED_MS;
    if (settled || recentlyTried) return null;
    try {
      return await this.reconcile(date, now);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'RECONCILIATION_RUNNING') return null;
      throw error;
    }
  }

  async list(caller: Caller, q: ReconciliationListQueryDto): Promise<Page<ReconciliationView>> {
    const scope = await this.scope(caller, q.compoundId);
    const qb = this.db.getRepository(WechatReconciliation).createQueryBuilder('r');
    const page = await keysetPage(qb, q, NEWEST_DAY_FIRST);
    const counts = await this.mismatchCounts(
      page.items.map((r) => r.id),
      scope,
    );
    return { items: page.items.map((r) => view(r, counts.get(r.id) ?? 0, scope)), nextCursor: page.nextCursor };
  }

  async get(caller: Caller, id: number, compoundId: number | undefined): Promise<ReconciliationDetailView> {
    const scope = await this.scope(caller, compoundId);
    const row = await this.found(id);
    const items = await this.items(id, scope, RECONCILIATION_LIMITS.mismatchesShown + 1);
    const count = (await this.mismatchCounts([id], scope)).get(id) ?? 0;
    return {
      ...view(row, count, scope),
      mismatches: items.slice(0, RECONCILIATION_LIMITS.mismatchesShown).map(mismatchView),
      mismatchesTruncated: items.length > RECONCILIATION_LIMITS.mismatchesShown,
    };
  }

  /** The same mismatches as an XLSX file, all of them up to LIMITS.exportMaxRows (beyond: 422). */
  async export(caller: Caller, id: number, compoundId: number | undefined, now: Date): Promise<XlsxFile> {
    const scope = await this.scope(caller, compoundId);
    const row = await this.found(id);
    const count = (await this.mismatchCounts([id], scope)).get(id) ?? 0;
    if (count > LIMITS.exportMaxRows) throw unprocessable('BILLING_EXPORT_TOO_LARGE', { count, max: LIMITS.exportMaxRows });
    const items = await this.items(id, scope, LIMITS.exportMaxRows);
    const [named]: Array<{ name: string }> =
      scope === 'all'
        ? [{ name: '全部小区' }]
        : await this.db.query('SELECT name FROM compounds WHERE id = ?', [scope.compoundId]);
    const suffix = scope === 'all' ? 'all' : String(scope.compoundId);
    return {
      filename: `reconciliation-${row.billDate}-${suffix}.xlsx`,
      body: await this.sheets.write(mismatchSheets(String(named?.name ?? ''), row.billDate, now, items.map(mismatchView))),
    };
  }

  private async found(id: number): Promise<WechatReconciliation> {
    const row = await this.db.getRepository(WechatReconciliation).findOneBy({ id });
    if (!row) throw notFound('RECONCILIATION_NOT_FOUND');
    return row;
  }

  /** The reconciliation's mismatches in the scope, in the order found, at most `limit`. */
  private items(id: number, scope: Scope, limit: number): Promise<WechatReconciliationItem[]> {
    const qb = this.db
      .getRepository(WechatReconciliationItem)
      .createQueryBuilder('i')
      .where('i.reconciliationId = :id', { id })
      .orderBy('i.id', 'ASC')
      .limit(limit);
    if (scope !== 'all') qb.andWhere('i.compoundId = :compoundId', scope);
    return qb.getMany();
  }

  /** Claims the day, compares and stores; a bill that cannot be had or trusted leaves the day `failed`. */
  private async reconcile(date: string, now: Date): Promise<WechatReconciliation> {
    const claimed = await this.claim(date, now);
    try {
      const bill = await this.trustedBill(date);
      const comparison = await this.matcher.compare(date, bill.parsed);
      await this.store(claimed, bill, comparison, now);
    } catch (error) {
      // Someone took the day over (our lease ran out): theirs is the result now.
      if (error instanceof DomainError && error.code === 'RECONCILIATION_RUNNING') throw error;
      const failure = failureOf(error);
      this.logger.warn({ err: String(error), billDate: date }, 'reconciliation failed');
      // Unexpected errors release the day too, or nobody could retry until the lease ran out.
      await this.fail(claimed, failure ?? 'RUN_FAILED', now);
      if (!failure) throw error;
    }
    return this.db.getRepository(WechatReconciliation).findOneByOrFail({ id: claimed.id });
  }

  /**
   * The day's row, taken by a conditional update: free unless another run holds an unexpired lease.
   * Returns the id and the version this run owns; every later write is conditional on that version.
   */
  private async claim(date: string, now: Date): Promise<{ id: number; version: number }> {
    const repo = this.db.getRepository(WechatReconciliation);
    const leaseUntil = new Date(now.getTime() + LEASE_MS);
    try {
      const inserted = await repo.insert({ billDate: date, status: 'running', failure: null, leaseUntil, finishedAt: null });
      return { id: Number(inserted.identifiers[0].id), version: 1 };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const taken = await repo
      .createQueryBuilder()
      .update()
      .set({ status: 'running', leaseUntil, version: () => 'version + 1' })
      .where("bill_date = :date AND (status <> 'running' OR lease_until < :now)", { date, now })
      .execute();
    if (!taken.affected) throw conflict('RECONCILIATION_RUNNING', { billDate: date });
    const row = await repo.findOneByOrFail({ billDate: date });
    return { id: row.id, version: row.version };
  }

  private async trustedBill(date: string): Promise<{ sha1: string | null; rows: number; parsed: TradeBill }> {
    const located = await this.client.tradeBill(date);
    // No statement: WeChat had no trade that day. Our side must then be empty too, which compare() checks.
    if (!located)
      return {
        sha1: null,
        rows: 0,
        parsed: { rows: [], totals: { count: 0, settlementFen: 0, refundFen: 0, requestedRefundFen: 0 } },
      };
    const data = await this.client.download(located.downloadUrl, RECONCILIATION_LIMITS.billMaxBytes);
    if (!sha1Matches(data, located.sha1))
      throw new TradeBillRejected('BILL_HASH_MISMATCH', 'the file does not hash to the SHA1 WeChat stated');
    const parsed = parseTradeBill(data, RECONCILIATION_LIMITS.billMaxRows);
    const foreign = parsed.rows.find((r) => r.mchid !== this.client.settings.mchid);
    if (foreign) throw new TradeBillRejected('BILL_FOREIGN_MERCHANT', `a row of merchant ${foreign.mchid}`);
    return { sha1: located.sha1, rows: parsed.rows.length, parsed };
  }

  /** The day's result replaces the previous one in one transaction, if this run still owns the row. */
  private async store(
    claimed: { id: number; version: number },
    bill: { sha1: string | null; rows: number },
    c: Comparison,
    now: Date,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.own(tx, claimed, {
        status: c.mismatches.length ? 'mismatched' : 'matched',
        failure: null,
        leaseUntil: null,
        billSha1: bill.sha1,
        billRows: bill.rows,
        wechatPaymentCount: c.wechatPaymentCount,
        wechatPaymentFen: c.wechatPaymentFen,
        wechatRefundCount: c.wechatRefundCount,
        wechatRefundFen: c.wechatRefundFen,
        ourPaymentCount: c.ourPaymentCount,
        ourPaymentFen: c.ourPaymentFen,
        ourRefundCount: c.ourRefundCount,
        ourRefundFen: c.ourRefundFen,
        mismatchCount: c.mismatches.length,
        finishedAt: now,
      });
      const items = tx.getRepository(WechatReconciliationItem);
      await items.delete({ reconciliationId: claimed.id });
      for (let i = 0; i < c.mismatches.length; i += INSERT_CHUNK) {
        await items.insert(c.mismatches.slice(i, i + INSERT_CHUNK).map((m) => ({ ...m, reconciliationId: claimed.id })));
      }
    });
  }

  /** A failed run says so and shows no mismatches: an unverified comparison is no comparison. */
  private async fail(claimed: { id: number; version: number }, failure: ReconciliationFailure, now: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.own(tx, claimed, {
        status: 'failed',
        failure,
        leaseUntil: null,
        mismatchCount: 0,
        finishedAt: now,
      });
      await tx.getRepository(WechatReconciliationItem).delete({ reconciliationId: claimed.id });
    });
  }

  /** Writes the row only while this run's claim stands; a taken-over lease makes the write a 409. */
  private async own(
    tx: EntityManager,
    claimed: { id: number; version: number },
    fields: Partial<WechatReconciliation>,
  ): Promise<void> {
    const done = await tx
      .createQueryBuilder()
      .update(WechatReconciliation)
      .set({ ...fields, version: () => 'version + 1' })
      .where('id = :id AND version = :version', claimed)
      .execute();
    if (!done.affected) throw conflict('RECONCILIATION_RUNNING', { reconciliationId: claimed.id });
  }

  /** A compound's bill.read holders see that compound; without one, only the platform sees everything. */
  private async scope(caller: Caller, compoundId: number | undefined): Promise<Scope> {
    if (compoundId !== undefined) {
      await this.access.compound(caller, 'bill.read', compoundId);
      return { compoundId };
    }
    if (allows(caller.assignments, 'bill.read', [PLATFORM])) return 'all';
    throw forbidden({ compoundId: 'required unless you administer the platform' });
  }

  private async mismatchCounts(ids: number[], scope: Scope): Promise<Map<number, number>> {
    if (!ids.length) return new Map();
    const qb = this.db
      .getRepository(WechatReconciliationItem)
      .createQueryBuilder('i')
      .select('i.reconciliationId', 'id')
      .addSelect('COUNT(*)', 'n')
      .where('i.reconciliationId IN (:...ids)', { ids })
      .groupBy('i.reconciliationId');
    if (scope !== 'all') qb.andWhere('i.compoundId = :compoundId', scope);
    const rows: Array<{ id: number | string; n: number | string }> = await qb.getRawMany();
    return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
  }
}

/** Before today in Shanghai, and no further back than WeChat keeps bills. */
function checkDate(date: string, now: Date): void {
  const today = shanghaiDate(now);
  const oldest = shanghaiDate(new Date(now.getTime() - RECONCILIATION_LIMITS.daysBack * DAY_MS));
  const noon = Date.parse(`${date}T12:00:00+08:00`);
  const real = !Number.isNaN(noon) && shanghaiDate(new Date(noon)) === date;
  if (!real || date >= today || date < oldest) {
    throw unprocessable('RECONCILIATION_DATE_INVALID', { date, earliest: oldest, latest: previousShanghaiDate(now) });
  }
}

function failureOf(error: unknown): ReconciliationFailure | null {
  if (error instanceof TradeBillRejected) return error.reason;
  if (error instanceof WechatPayError) return error.code === 'BILL_TOO_LARGE' ? 'BILL_TOO_LARGE' : 'WECHATPAY_UNAVAILABLE';
  return null;
}

function runView(r: WechatReconciliation): ReconciliationRunView {
  return { id: r.id, billDate: r.billDate, status: r.status, failure: r.failure, finishedAt: isoOrNull(r.finishedAt) };
}

function view(r: WechatReconciliation, mismatchCount: number, scope: Scope): ReconciliationView {
  return {
    ...runView(r),
    mismatchCount,
    totals:
      scope === 'all'
        ? {
            billSha1: r.billSha1,
            billRows: r.billRows,
            wechatPaymentCount: r.wechatPaymentCount,
            wechatPaymentFen: r.wechatPaymentFen,
            wechatRefundCount: r.wechatRefundCount,
            wechatRefundFen: r.wechatRefundFen,
            ourPaymentCount: r.ourPaymentCount,
            ourPaymentFen: r.ourPaymentFen,
            ourRefundCount: r.ourRefundCount,
            ourRefundFen: r.ourRefundFen,
            mismatchCount: r.mismatchCount,
          }
        : null,
  };
}

function mismatchView(i: WechatReconciliationItem): ReconciliationMismatchView {
  return {
    id: i.id,
    kind: i.kind,
    compoundId: i.compoundId,
    outTradeNo: i.outTradeNo,
    transactionId: i.transactionId,
    outRefundNo: i.outRefundNo,
    wechatFen: i.wechatFen,
    ourFen: i.ourFen,
    paymentId: i.paymentId,
    refundId: i.refundId,
    note: i.note,
  };
}
