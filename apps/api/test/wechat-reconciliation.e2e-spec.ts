import {
  RECONCILIATION_MISMATCH_LABELS,
  type ReconciliationDetailView,
  type ReconciliationMismatchView,
  type WechatOrderView,
} from '@doorstep/contracts';
import { shanghaiDate, startOfShanghaiDay } from '../src/common/shanghai-time';
import type { Household } from '../src/households/household.entity';
import { PaymentRefund } from '../src/payments/payment-refund.entity';
import { Payment } from '../src/payments/payment.entity';
import { ReconciliationJob } from '../src/payments/wechat/reconciliation.job';
import { WechatReconciliation } from '../src/payments/wechat/wechat-reconciliation.entity';
import { WechatPayClient } from '../src/payments/wechat/wechatpay.client';
import { factories, type Factories } from './support/factories';
import type { TestApp } from './support/test-app';
import { eventually, startAppWithWechatPay, type WechatPayWorld } from './support/wechatpay';
import { binary, values, workbook } from './support/xlsx-downloads';

const HOUR_MS = 3600_000;

describe('对账: POST/GET /api/v1/payments/wechat/reconciliations against the fake trade bill', () => {
  let w: WechatPayWorld;
  let t: TestApp;
  let f: Factories;
  let compoundA: number;
  let compoundB: number;
  let hA: Household[];
  let hB: Household;
  /** The Shanghai day everything is paid on, and the one before it (nothing happened then). */
  let payDay: string;
  let quietDay: string;
  const auth = {} as Record<'alice' | 'managerA' | 'managerB' | 'platform' | 'street' | 'staff', string>;
  const paid: Array<{ order: WechatOrderView; paymentId: number }> = [];
  let unrecordedOrder: WechatOrderView;
  let aliceId: number;

  const post = (url: string, body: object, who: string) => t.http().post(`/api/v1${url}`).set('Authorization', who).send(body);
  const get = (url: string, who: string) => t.http().get(`/api/v1${url}`).set('Authorization', who);
  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params))[0].n);

  let month = 0;
  let itemOf: (compoundId: number) => number;
  async function openBill(h: Household, amountFen: number): Promise<number> {
    return (await f.bill(h, itemOf(h.compoundId), `2025-${String(++month).padStart(2, '0')}`, amountFen)).id;
  }

  /** An order for a fresh bill of the household, paid at the fake; recorded unless `notify` is false. */
  async function payAtWechat(
    h: Household,
    amountFen: number,
    notify = true,
  ): Promise<{ order: WechatOrderView; paymentId: number }> {
    const res = await post(
      '/payments/wechat/orders',
      { householdId: h.id, billIds: [await openBill(h, amountFen)], tradeType: 'native' },
      auth.alice,
    );
    expect(res.status).toBe(201);
    const order = res.body as WechatOrderView;
    await w.fake.pay(order.outTradeNo, { notify });
    if (!notify) return { order, paymentId: 0 };
    const payment = await t.db.getRepository(Payment).findOneByOrFail({ reference: order.outTradeNo });
    return { order, paymentId: payment.id };
  }

  const run = (date: string, who = auth.managerA) => post('/payments/wechat/reconciliations', { date }, who);
  const detail = async (id: number, who: string, compoundId?: number) => {
    const res = await get(`/payments/wechat/reconciliations/${id}${compoundId ? `?compoundId=${compoundId}` : ''}`, who);
    expect(res.status).toBe(200);
    return res.body as ReconciliationDetailView;
  };
  const kinds = (items: ReconciliationMismatchView[]) => items.map((m) => m.kind).sort();

  beforeAll(async () => {
    ({ w, t } = await startAppWithWechatPay());
    f = factories(t.db);
    const street = await f.street();
    const community = await f.community(street.id);
    const companyA = await f.company();
    const companyB = await f.company();
    compoundA = (await f.compound(community.id, { companyId: companyA.id, managementMode: 'company' })).id;
    compoundB = (await f.compound(community.id, { companyId: companyB.id, managementMode: 'company' })).id;
    const buildingA = await f.building(compoundA);
    const buildingB = await f.building(compoundB);
    hA = [];
    for (let i = 0; i < 4; i++) hA.push(await f.household(buildingA as never));
    hB = await f.household(buildingB as never);
    const items = new Map<number, number>();
    for (const compoundId of [compoundA, compoundB]) items.set(compoundId, (await f.feeItem(compoundId)).id);
    itemOf = (compoundId) => items.get(compoundId)!;
    const alice = await f.user({ openid: 'o-recon-alice' });
    for (const h of [...hA, hB]) await f.membership(h, alice.id, 'verified');
    aliceId = alice.id;
    auth.alice = await t.signIn(alice.phone!);
    auth.managerA = await t.signInWithRole('manager', 'company', companyA.id);
    auth.managerB = await t.signInWithRole('manager', 'company', companyB.id);
    auth.staff = await t.signInWithRole('staff', 'company', companyA.id);
    auth.street = await t.signInWithRole('street_admin', 'street', street.id);
    auth.platform = await t.signInWithRole('platform_admin', 'platform', 0);

    payDay = shanghaiDate(t.clock.now());
    quietDay = shanghaiDate(new Date(t.clock.now().getTime() - 24 * HOUR_MS));
    paid.push(await payAtWechat(hA[0], 12_345));
    paid.push(await payAtWechat(hA[1], 20_000));
    paid.push(await payAtWechat(hA[2], 30_001));
    paid.push(await payAtWechat(hB, 9_999));
    const refund = await post(`/payments/${paid[2].paymentId}/refund`, { amountFen: 1_001, reason: '多收' }, auth.managerA);
    expect(refund.status).toBe(200);
    await eventually(
      async () => (await count("SELECT COUNT(*) AS n FROM payment_refunds WHERE status = 'success'")) === 1,
      'REFUND.SUCCESS',
    );
    // The next day at 11:00 Shanghai: yesterday's bill is out and may be reconciled.
    const target = startOfShanghaiDay(t.clock.now()).getTime() + 24 * HOUR_MS + 11 * HOUR_MS;
    t.clock.advance(target - t.clock.now().getTime());
  });
  afterAll(async () => {
    await t?.close();
    await w?.close();
  });

  describe('a clean day', () => {
    it('the daily job reconciles yesterday once: everything matches, totals in fen', async () => {
      const job = t.app.get(ReconciliationJob);
      const first = await job.runOnce();
      expect(first).toMatchObject({ billDate: payDay, status: 'matched', mismatchCount: 0, failure: null });
      expect(await job.runOnce()).toBeNull();
      const list = await get('/payments/wechat/reconciliations', auth.platform);
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(1);
      expect(list.body.items[0]).toMatchObject({
        billDate: payDay,
        status: 'matched',
        mismatchCount: 0,
        totals: {
          billRows: 5,
          wechatPaymentCount: 4,
          wechatPaymentFen: 12_345 + 20_000 + 30_001 + 9_999,
          ourPaymentCount: 4,
          ourPaymentFen: 12_345 + 20_000 + 30_001 + 9_999,
          wechatRefundCount: 1,
          wechatRefundFen: 1_001,
          ourRefundCount: 1,
          ourRefundFen: 1_001,
          billSha1: expect.stringMatching(/^[0-9a-f]{40}$/),
        },
      });
    });

    it('a day without any trade reports zero', async () => {
      const res = await run(quietDay);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ billDate: quietDay, status: 'matched', failure: null });
      expect(res.body).not.toHaveProperty('totals');
      expect((await detail(res.body.id, auth.platform)).totals).toMatchObject({
        billRows: 0,
        ourPaymentCount: 0,
        mismatchCount: 0,
      });
    });
  });

  describe('planted mismatches', () => {
    let reconciliationId: number;
    let planted: { missingAtWechat: number; refundMissingAtWechat: number; alteredRefund: number };

    beforeAll(async () => {
      const dayTime = new Date(Date.now());
      // WeChat has it, we never heard of it: paid with no notification and nobody asked.
      unrecordedOrder = (await payAtWechat(hB, 7_777, false)).order;
      // We record 1 fen more than WeChat took.
      await t.db.getRepository(Payment).update(paid[1].paymentId, { amountFen: 20_001 });
      // A WeChat payment of ours that WeChat never had.
      const ghost = await t.db.getRepository(Payment).save({
        compoundId: compoundA,
        buildingId: hA[3].buildingId,
        householdId: hA[3].id,
        channel: 'wechat',
        amountFen: 5_000,
        receiptYear: 1999,
        receiptSeq: 1,
        reference: 'DSGHOSTORDER0001',
        note: null,
        recordedById: aliceId,
        transactionId: '4200000000000000000000000001',
        createdAt: dayTime,
      });
      // A successful refund WeChat never made, and the real one's amount changed on our side.
      const refundRow = (outRefundNo: string, paymentId: number, amountFen: number) => ({
        paymentId,
        compoundId: compoundA,
        householdId: hA[0].id,
        outRefundNo,
        kind: 'manual' as const,
        amountFen,
        reason: '测试',
        status: 'success' as const,
        refundId: null,
        requestedById: null,
        finishedAt: dayTime,
        createdAt: dayTime,
      });
      const phantom = await t.db.getRepository(PaymentRefund).save(refundRow('RFPHANTOM00000001', paid[0].paymentId, 345));
      const real = await t.db.getRepository(PaymentRefund).findOneByOrFail({ paymentId: paid[2].paymentId });
      await t.db.getRepository(PaymentRefund).update(real.id, { amountFen: 1_000 });
      // A refund WeChat made that we have no record of.
      const o = w.fake.orders.get(paid[1].order.outTradeNo)!;
      w.fake.refunds.set('RFWECHATONLY0001', {
        out_refund_no: 'RFWECHATONLY0001',
        refund_id: '503000000000000000000000000001',
        out_trade_no: o.out_trade_no,
        transaction_id: o.transaction_id!,
        amount: { refund: 500, total: o.amount.total },
        status: 'SUCCESS',
        notify_url: null,
        created_at: dayTime,
      });
      planted = { missingAtWechat: ghost.id, refundMissingAtWechat: phantom.id, alteredRefund: real.id };
    });

    it('lists every mismatch exactly, with both amounts in fen and the compound it belongs to', async () => {
      const res = await run(payDay);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('mismatched');
      reconciliationId = res.body.id;
      const all = await detail(reconciliationId, auth.platform);
      expect(all.totals!.mismatchCount).toBe(6);
      const byKind = new Map(all.mismatches.map((m) => [m.kind, m]));
      expect(kinds(all.mismatches)).toEqual([
        'AMOUNT_DIFFERS',
        'MISSING_AT_WECHAT',
        'MISSING_HERE',
        'REFUND_AMOUNT_DIFFERS',
        'REFUND_MISSING_AT_WECHAT',
        'REFUND_MISSING_HERE',
      ]);
      expect(byKind.get('MISSING_HERE')).toMatchObject({
        compoundId: compoundB,
        outTradeNo: unrecordedOrder.outTradeNo,
        transactionId: w.fake.orders.get(unrecordedOrder.outTradeNo)!.transaction_id,
        wechatFen: 7_777,
        ourFen: null,
        paymentId: null,
      });
      expect(byKind.get('AMOUNT_DIFFERS')).toMatchObject({
        compoundId: compoundA,
        outTradeNo: paid[1].order.outTradeNo,
        wechatFen: 20_000,
        ourFen: 20_001,
        paymentId: paid[1].paymentId,
      });
      expect(byKind.get('MISSING_AT_WECHAT')).toMatchObject({
        compoundId: compoundA,
        transactionId: '4200000000000000000000000001',
        outTradeNo: 'DSGHOSTORDER0001',
        wechatFen: null,
        ourFen: 5_000,
        paymentId: planted.missingAtWechat,
      });
      expect(byKind.get('REFUND_MISSING_AT_WECHAT')).toMatchObject({
        compoundId: compoundA,
        outRefundNo: 'RFPHANTOM00000001',
        wechatFen: null,
        ourFen: 345,
        refundId: planted.refundMissingAtWechat,
      });
      expect(byKind.get('REFUND_AMOUNT_DIFFERS')).toMatchObject({
        compoundId: compoundA,
        wechatFen: 1_001,
        ourFen: 1_000,
        refundId: planted.alteredRefund,
      });
      expect(byKind.get('REFUND_MISSING_HERE')).toMatchObject({
        compoundId: compoundA,
        outRefundNo: 'RFWECHATONLY0001',
        outTradeNo: paid[1].order.outTradeNo,
        wechatFen: 500,
        ourFen: null,
      });
      expect(all.totals).toMatchObject({ wechatPaymentCount: 5, ourPaymentCount: 5, wechatRefundCount: 2, ourRefundCount: 2 });
    });

    it("shows a compound's readers only their compound's mismatches, and hides the account's totals", async () => {
      const a = await detail(reconciliationId, auth.managerA, compoundA);
      expect(kinds(a.mismatches)).toEqual([
        'AMOUNT_DIFFERS',
        'MISSING_AT_WECHAT',
        'REFUND_AMOUNT_DIFFERS',
        'REFUND_MISSING_AT_WECHAT',
        'REFUND_MISSING_HERE',
      ]);
      expect(a).toMatchObject({ mismatchCount: 5, totals: null, mismatchesTruncated: false });
      const b = await detail(reconciliationId, auth.managerB, compoundB);
      expect(kinds(b.mismatches)).toEqual(['MISSING_HERE']);
      expect((await detail(reconciliationId, auth.street, compoundB)).mismatchCount).toBe(1);
      const list = await get(`/payments/wechat/reconciliations?compoundId=${compoundB}`, auth.managerB);
      expect(list.body.items.map((r: { billDate: string; mismatchCount: number }) => [r.billDate, r.mismatchCount])).toEqual([
        [payDay, 1],
        [quietDay, 0],
      ]);
      expect(
        (await get(`/payments/wechat/reconciliations/${reconciliationId}?compoundId=${compoundA}`, auth.managerB)).status,
      ).toBe(404);
      expect((await get(`/payments/wechat/reconciliations/${reconciliationId}`, auth.managerA)).status).toBe(403);
      // The cashiers read their compound's books, reconciliation included.
      expect((await get(`/payments/wechat/reconciliations?compoundId=${compoundA}`, auth.staff)).status).toBe(200);
      expect((await get(`/payments/wechat/reconciliations/999999?compoundId=${compoundA}`, auth.managerA)).body.code).toBe(
        'RECONCILIATION_NOT_FOUND',
      );
    });

    it('exports the same mismatches as XLSX, in yuan, for the same people', async () => {
      const download = (who: string, compoundId: number) =>
        t
          .http()
          .get(`/api/v1/payments/wechat/reconciliations/${reconciliationId}/mismatches.xlsx?compoundId=${compoundId}`)
          .set('Authorization', who)
          .buffer(true)
          .parse(binary);
      const res = await download(auth.managerA, compoundA).expect(200);
      expect(res.headers['content-disposition']).toContain(`reconciliation-${payDay}-${compoundA}.xlsx`);
      const rows = values((await workbook(res.body as Buffer)).getWorksheet('对账差异')!);
      expect(rows[0].slice(0, 6)).toEqual([
        '差异类型',
        '商户订单号',
        '微信支付单号',
        '商户退款单号',
        '微信账单金额',
        '本系统金额',
      ]);
      expect(rows).toHaveLength(6);
      expect(rows).toContainEqual([
        RECONCILIATION_MISMATCH_LABELS.AMOUNT_DIFFERS,
        paid[1].order.outTradeNo,
        expect.any(String),
        null,
        200,
        200.01,
        paid[1].paymentId,
        null,
        null,
      ]);
      expect((await download(auth.managerB, compoundA)).status).toBe(404);
      expect((await download(auth.staff, compoundA)).status).toBe(200);
    });

    it('replaces the day on a rerun: same row, no duplicated mismatches, even when two run at once', async () => {
      const [x, y] = await Promise.all([run(payDay), run(payDay, auth.platform)]);
      expect([x.status, y.status].sort()).toEqual(expect.arrayContaining([200]));
      for (const res of [x, y]) if (res.status !== 200) expect(res.body.code).toBe('RECONCILIATION_RUNNING');
      const again = await run(payDay);
      expect(again.body).toMatchObject({ id: reconciliationId, status: 'mismatched' });
      expect(await count('SELECT COUNT(*) AS n FROM wechat_reconciliations WHERE bill_date = ?', [payDay])).toBe(1);
      expect(
        await count('SELECT COUNT(*) AS n FROM wechat_reconciliation_items WHERE reconciliation_id = ?', [reconciliationId]),
      ).toBe(6);
    });

    it('answers 409 while another run holds the day, and takes over a run whose instance died (lease over)', async () => {
      const rows = t.db.getRepository(WechatReconciliation);
      const now = t.clock.now().getTime();
      await rows.update(reconciliationId, { status: 'running', leaseUntil: new Date(now + 5 * 60_000) });
      const busy = await run(payDay);
      expect(busy.status).toBe(409);
      expect(busy.body.code).toBe('RECONCILIATION_RUNNING');
      await rows.update(reconciliationId, { leaseUntil: new Date(now - 60_000) });
      expect((await run(payDay)).body).toMatchObject({ id: reconciliationId, status: 'mismatched' });
    });

    it('refuses a bill whose SHA1 does not match (502, day failed, nothing compared), then recovers', async () => {
      w.fake.tamperBill = (csv) => csv.replace('`99.99', '`99.98');
      try {
        const res = await run(payDay);
        expect(res.status).toBe(502);
        expect(res.body).toMatchObject({
          code: 'WECHAT_BILL_REJECTED',
          details: { failure: 'BILL_HASH_MISMATCH', reconciliationId },
        });
        expect(await detail(reconciliationId, auth.platform)).toMatchObject({
          status: 'failed',
          failure: 'BILL_HASH_MISMATCH',
          mismatches: [],
        });
      } finally {
        w.fake.tamperBill = null;
      }
      expect((await run(payDay)).body.status).toBe('mismatched');
      expect((await detail(reconciliationId, auth.platform)).mismatches).toHaveLength(6);
    });
  });

  describe('what it refuses', () => {
    it('validates the date: a real day before today, within three months, nothing else in the body', async () => {
      const today = shanghaiDate(t.clock.now());
      for (const date of [today, '2020-01-01', '2026-02-30']) {
        const res = await run(date);
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('RECONCILIATION_DATE_INVALID');
      }
      for (const body of [{}, { date: '2026-1-1' }, { date: 20261127 }, { date: payDay, compoundId: compoundA }]) {
        const res = await post('/payments/wechat/reconciliations', body, auth.managerA);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      expect((await get('/payments/wechat/reconciliations?compoundId=abc', auth.managerA)).status).toBe(400);
    });

    it('reads a bill only from WeChat’s own host, and stops reading once it passes the size bound', async () => {
      const client = t.app.get(WechatPayClient);
      const located = (await client.tradeBill(payDay))!;
      expect((await client.download(located.downloadUrl, 1 << 20)).length).toBeGreaterThan(100);
      await expect(client.download(located.downloadUrl, 100)).rejects.toMatchObject({ code: 'BILL_TOO_LARGE' });
      await expect(client.download('http://127.0.0.2:9/v3/billdownload/file', 1 << 20)).rejects.toMatchObject({
        code: 'DOWNLOAD_FOREIGN_HOST',
      });
    });

    it('lets only who runs some compound’s money (or the platform) start a run', async () => {
      expect((await run(quietDay, auth.alice)).status).toBe(403);
      expect((await run(quietDay, auth.street)).status).toBe(403);
      expect((await run(quietDay, auth.staff)).status).toBe(403);
      expect((await run(quietDay, auth.managerB)).status).toBe(200);
    });
  });
});
