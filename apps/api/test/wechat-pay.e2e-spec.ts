import { createPublicKey, createVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import sharp from 'sharp';
import type { PaymentView, WechatOrderView } from '@doorstep/contracts';
import type { FakeNotification } from '../src/dev/fake-wechatpay';
import type { Household } from '../src/households/household.entity';
import { Bill } from '../src/payments/bill.entity';
import { WechatPayJob } from '../src/payments/wechat/wechat-pay.job';
import { factories, type Factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { eventually, NOTIFY_PATH, startAppWithWechatPay, type WechatPayWorld } from './support/wechatpay';

describe('WeChat Pay (API v3) against the local fake', () => {
  let w: WechatPayWorld;
  let t: TestApp;
  let f: Factories;
  let compound: number;
  let item: number;
  let hs: Household[];
  let foreignHousehold: Household;
  const auth = {} as Record<
    'alice' | 'bob' | 'noOpenid' | 'manager' | 'foreignManager' | 'foreignResident' | 'staff' | 'community',
    string
  >;

  beforeAll(async () => {
    ({ w, t } = await startAppWithWechatPay());
    f = factories(t.db);
    const street = await f.street();
    const community = await f.community(street.id);
    const company = await f.company();
    const company2 = await f.company();
    compound = (await f.compound(community.id, { companyId: company.id, managementMode: 'company' })).id;
    const otherCompound = (
      await f.compound((await f.community(street.id)).id, { companyId: company2.id, managementMode: 'company' })
    ).id;
    const building = await f.building(compound);
    hs = [];
    for (let i = 0; i < 8; i++) hs.push(await f.household(building as never, { areaHundredths: 8957 }));
    foreignHousehold = await f.household((await f.building(otherCompound)) as never);
    item = (await f.feeItem(compound)).id;
    const alice = await f.user({ openid: 'o-alice-openid' });
    const bob = await f.user({ openid: 'o-bob-openid' });
    const noOpenid = await f.user();
    for (const u of [alice, bob, noOpenid]) for (const h of hs) await f.membership(h, u.id, 'verified');
    const foreignResident = await f.user({ openid: 'o-foreign' });
    await f.membership(foreignHousehold, foreignResident.id, 'verified');
    auth.alice = await t.signIn(alice.phone!);
    auth.bob = await t.signIn(bob.phone!);
    auth.noOpenid = await t.signIn(noOpenid.phone!);
    auth.foreignResident = await t.signIn(foreignResident.phone!);
    auth.manager = await t.signInWithRole('manager', 'company', company.id);
    auth.staff = await t.signInWithRole('staff', 'company', company.id);
    auth.foreignManager = await t.signInWithRole('manager', 'company', company2.id);
    auth.community = await t.signInWithRole('community_admin', 'community', community.id);
  });
  afterAll(async () => {
    await t?.close();
    await w?.close();
  });

  const post = (url: string, body: object, who: string, key?: string) => {
    const req = t.http().post(`/api/v1${url}`).set('Authorization', who).send(body);
    return key ? req.set('Idempotency-Key', key) : req;
  };
  const get = (url: string, who: string) => t.http().get(`/api/v1${url}`).set('Authorization', who);
  const order = (householdId: number, billIds: number[], who = auth.alice, tradeType = 'jsapi', key?: string) =>
    post('/payments/wechat/orders', { householdId, billIds, tradeType }, who, key);
  const bill = (h: Household, period: string, amountFen: number) => f.bill(h, item, period, amountFen);
  const billRow = (id: number) => t.db.getRepository(Bill).findOneByOrFail({ id });
  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params))[0].n);
  const notify = (n: FakeNotification) =>
    t
      .http()
      .post(NOTIFY_PATH)
      .set({ ...n.headers })
      .send(n.body);
  const paymentsOf = (h: Household) =>
    count("SELECT COUNT(*) AS n FROM payments WHERE household_id = ? AND channel = 'wechat'", [h.id]);

  it('says whether WeChat Pay is on, and is off (503, nothing else broken) without its settings', async () => {
    expect((await get('/payments/wechat/status', auth.alice)).body).toEqual({ enabled: true, partialPayment: false });
    const off = await startTestApp({}, { sameDatabaseAs: t });
    try {
      const who = `Bearer ${(await off.tokens((await t.db.query('SELECT phone FROM users WHERE openid = ?', ['o-alice-openid']))[0].phone)).accessToken}`;
      expect((await off.http().get('/api/v1/payments/wechat/status').set('Authorization', who)).body).toEqual({
        enabled: false,
        partialPayment: false,
      });
      const b = await bill(hs[7], '2026-01', 100);
      const res = await off
        .http()
        .post('/api/v1/payments/wechat/orders')
        .set('Authorization', who)
        .send({ householdId: hs[7].id, billIds: [b.id], tradeType: 'native' });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'WECHATPAY_DISABLED', message: expect.stringContaining('暂未开通微信支付') });
      expect((await off.http().get('/api/v1/me/bills').set('Authorization', who)).status).toBe(200);
    } finally {
      await off.close();
    }
  });

  describe('paying in the mini-program (JSAPI)', () => {
    let jan: Bill;
    let feb: Bill;
    let placed: WechatOrderView;

    it('computes the amount itself and returns requestPayment parameters signed with the merchant key', async () => {
      jan = await bill(hs[0], '2026-01', 12_345);
      feb = await bill(hs[0], '2026-02', 1);
      const res = await order(hs[0].id, [feb.id, jan.id], auth.alice, 'jsapi', 'order-alice-0001');
      expect(res.status).toBe(201);
      placed = res.body;
      expect(placed).toMatchObject({ amountFen: 12_346, status: 'open', tradeType: 'jsapi', codeUrl: null, paymentId: null });
      expect(placed.outTradeNo).toMatch(/^[0-9A-Za-z]{6,32}$/);
      const p = placed.payParams!;
      expect(p).toMatchObject({
        appId: w.env.WECHATPAY_APPID,
        signType: 'RSA',
        package: expect.stringMatching(/^prepay_id=wx\d+$/),
      });
      const merchantPublic = createPublicKey(readFileSync(w.env.WECHATPAY_MERCHANT_KEY_FILE));
      const signed = `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
      expect(createVerify('RSA-SHA256').update(signed).verify(merchantPublic, p.paySign, 'base64')).toBe(true);
      const atWechat = w.fake.orders.get(placed.outTradeNo)!;
      expect(atWechat).toMatchObject({
        amount: { total: 12_346 },
        openid: 'o-alice-openid',
        notify_url: w.env.WECHATPAY_NOTIFY_URL,
      });
      expect(atWechat.time_expire).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
      const again = await order(hs[0].id, [feb.id, jan.id], auth.alice, 'jsapi', 'order-alice-0001');
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(placed.id);
      expect(w.fake.orders.size).toBe(1);
    });

    it('refuses what a resident may not pay: another household, a paid bill, JSAPI without a WeChat sign-in', async () => {
      expect((await order(foreignHousehold.id, [jan.id])).status).toBe(404);
      expect((await order(hs[0].id, [jan.id], auth.foreignResident)).status).toBe(404);
      const foreignBill = await bill(foreignHousehold, '2026-01', 500);
      const mixed = await order(hs[0].id, [jan.id, foreignBill.id]);
      expect(mixed.status).toBe(422);
      expect(mixed.body.code).toBe('PAYMENT_BILLS_INVALID');
      const noOpenid = await order(hs[0].id, [jan.id], auth.noOpenid, 'jsapi');
      expect(noOpenid.status).toBe(422);
      expect(noOpenid.body.code).toBe('WECHAT_OPENID_REQUIRED');
      for (const body of [
        { householdId: hs[0].id, billIds: [], tradeType: 'jsapi' },
        { householdId: hs[0].id, billIds: [jan.id], tradeType: 'h5' },
        { householdId: hs[0].id, billIds: [jan.id], tradeType: 'jsapi', amountFen: 0 },
        { householdId: hs[0].id, billIds: [jan.id], tradeType: 'jsapi', payer: 'o-x' },
      ]) {
        const res = await post('/payments/wechat/orders', body, auth.alice);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it("refuses a second family member's order while the first can still be paid (409 BILL_PAYMENT_IN_PROGRESS)", async () => {
      const res = await order(hs[0].id, [jan.id], auth.bob);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'BILL_PAYMENT_IN_PROGRESS', details: { billIds: [jan.id] } });
    });

    it('shows the order to its household and compound staff only, with pay parameters for the payer alone', async () => {
      expect((await get(`/payments/wechat/orders/${placed.id}`, auth.alice)).body.payParams).not.toBeNull();
      const bob = await get(`/payments/wechat/orders/${placed.id}`, auth.bob);
      expect(bob.status).toBe(200);
      expect(bob.body.payParams).toBeNull();
      expect((await get(`/payments/wechat/orders/${placed.id}`, auth.manager)).status).toBe(200);
      expect((await get(`/payments/wechat/orders/${placed.id}`, auth.foreignManager)).status).toBe(404);
      expect((await get(`/payments/wechat/orders/${placed.id}`, auth.foreignResident)).status).toBe(404);
      expect((await post(`/payments/wechat/orders/${placed.id}/sync`, {}, auth.foreignResident)).status).toBe(404);
    });

    it('records the payment once from 100 duplicate notifications racing the app\'s own "paid" callback', async () => {
      await w.fake.pay(placed.outTradeNo, { notify: false });
      const n = w.fake.transactionNotification(placed.outTradeNo);
      const answers = await Promise.all([
        ...Array.from({ length: 100 }, () => notify(n)),
        post(`/payments/wechat/orders/${placed.id}/sync`, {}, auth.alice),
        post(`/payments/wechat/orders/${placed.id}/sync`, {}, auth.alice),
      ]);
      expect(answers.slice(0, 100).every((r) => r.status === 204)).toBe(true);
      expect(answers.slice(100).map((r) => r.status)).toEqual([200, 200]);
      expect(await paymentsOf(hs[0])).toBe(1);
      const done = (await get(`/payments/wechat/orders/${placed.id}`, auth.alice)).body as WechatOrderView;
      expect(done).toMatchObject({ status: 'paid', payParams: null, paymentId: expect.any(Number) });
      const payment = (await get(`/payments/${done.paymentId}`, auth.alice)).body as PaymentView;
      expect(payment).toMatchObject({
        channel: 'wechat',
        amountFen: 12_346,
        transactionId: w.fake.orders.get(placed.outTradeNo)!.transaction_id,
        reference: placed.outTradeNo,
        creditFen: 0,
        refunds: [],
      });
      expect(payment.receiptNo).toMatch(/^\d{4}-\d{6}$/);
      expect(payment.allocations.map((a) => [a.period, a.amountFen])).toEqual([
        ['2026-01', 12_345],
        ['2026-02', 1],
      ]);
      expect(await billRow(jan.id)).toMatchObject({ paidFen: 12_345, status: 'paid' });
      expect(await billRow(feb.id)).toMatchObject({ paidFen: 1, status: 'paid' });
      const receipt = await get(`/payments/${done.paymentId}/receipt.pdf`, auth.alice);
      expect(receipt.status).toBe(200);
      expect(receipt.headers['content-type']).toBe('application/pdf');
      const mine = (await get('/me/payments', auth.bob)).body.items as PaymentView[];
      expect(mine.some((p) => p.id === done.paymentId)).toBe(true);
      expect((await post(`/payments/${done.paymentId}/reverse`, { reason: '误操作冲正' }, auth.manager)).body.code).toBe(
        'PAYMENT_NOT_REVERSIBLE',
      );
    });
  });

  describe("partial payment, the compound's choice", () => {
    let older: Bill;
    let newer: Bill;

    it('is off by default: an amount below what the bills owe is refused, above it too', async () => {
      older = await bill(hs[7], '2026-09', 3_000);
      newer = await bill(hs[7], '2026-10', 3_000);
      expect((await get(`/payments/wechat/status?householdId=${hs[7].id}`, auth.alice)).body).toEqual({
        enabled: true,
        partialPayment: false,
      });
      expect((await get(`/payments/wechat/status?householdId=${foreignHousehold.id}`, auth.alice)).status).toBe(404);
      const part = await post(
        '/payments/wechat/orders',
        { householdId: hs[7].id, billIds: [older.id, newer.id], tradeType: 'native', amountFen: 4_000 },
        auth.alice,
      );
      expect(part.status).toBe(422);
      expect(part.body.code).toBe('PARTIAL_PAYMENT_NOT_ALLOWED');
      const over = await post(
        '/payments/wechat/orders',
        { householdId: hs[7].id, billIds: [older.id], tradeType: 'native', amountFen: 3_001 },
        auth.alice,
      );
      expect(over.body).toMatchObject({ code: 'PAYMENT_AMOUNT_INVALID', details: { owedFen: 3_000 } });
    });

    it('is switched on by who runs the money, once per version', async () => {
      const settings = (body: object, who: string) =>
        t.http().patch(`/api/v1/compounds/${compound}/billing-settings`).set('Authorization', who).send(body);
      expect((await settings({ version: 0, allowPartialPayment: true }, auth.alice)).status).toBe(403);
      expect((await settings({ version: 0, allowPartialPayment: true }, auth.staff)).status).toBe(403);
      expect((await settings({ version: 0, allowPartialPayment: true }, auth.foreignManager)).status).toBe(404);
      const [a, b] = await Promise.all([
        settings({ version: 0, allowPartialPayment: true }, auth.manager),
        settings({ version: 0, allowPartialPayment: true }, auth.manager),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect((await get(`/compounds/${compound}/billing-settings`, auth.staff)).body).toEqual({
        compoundId: compound,
        allowPartialPayment: true,
        version: 1,
      });
      expect((await settings({ version: 1, allowPartialPayment: 'yes' }, auth.manager)).status).toBe(400);
    });

    it('then takes part of what is owed, oldest bill first, and records it as such', async () => {
      expect((await get(`/payments/wechat/status?householdId=${hs[7].id}`, auth.alice)).body.partialPayment).toBe(true);
      const res = await post(
        '/payments/wechat/orders',
        { householdId: hs[7].id, billIds: [newer.id, older.id], tradeType: 'native', amountFen: 4_000 },
        auth.alice,
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ amountFen: 4_000 });
      expect((res.body as WechatOrderView).bills.map((b) => [b.billId, b.amountFen])).toEqual([
        [older.id, 3_000],
        [newer.id, 1_000],
      ]);
      await w.fake.pay(res.body.outTradeNo);
      expect(await billRow(older.id)).toMatchObject({ paidFen: 3_000, status: 'paid' });
      expect(await billRow(newer.id)).toMatchObject({ paidFen: 1_000, status: 'partially_paid' });
    });
  });

  describe('notifications that must not be believed', () => {
    let target: WechatOrderView;
    let good: FakeNotification;

    beforeAll(async () => {
      const b = await bill(hs[1], '2026-01', 5_000);
      target = (await order(hs[1].id, [b.id], auth.alice, 'native')).body;
      await w.fake.pay(target.outTradeNo, { notify: false });
      good = w.fake.transactionNotification(target.outTradeNo);
    });

    const refused = async (n: FakeNotification, status: number, reason: string) => {
      const before = await count('SELECT COUNT(*) AS n FROM wechat_notification_rejects WHERE reason = ?', [reason]);
      const res = await notify(n);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ code: 'FAIL', message: expect.any(String), details: { reason } });
      expect(await paymentsOf(hs[1])).toBe(0);
      expect(await count('SELECT COUNT(*) AS n FROM wechat_notification_rejects WHERE reason = ?', [reason])).toBe(before + 1);
    };

    it('refuses a body changed after signing', () =>
      refused({ ...good, body: good.body.replace('TRANSACTION.SUCCESS', 'TRANSACTION.SUCCESS ') }, 401, 'SIGNATURE_INVALID'));
    it('refuses a signature by another key', () =>
      refused(
        w.fake.transactionNotification(target.outTradeNo, { signWith: w.strangerKey.privateKey }),
        401,
        'SIGNATURE_INVALID',
      ));
    it('refuses a key id it does not know', () =>
      refused(w.fake.transactionNotification(target.outTradeNo, { serial: 'PUB_KEY_ID_0000' }), 400, 'UNKNOWN_SERIAL'));
    it('refuses a timestamp more than 5 minutes off (a replay)', () =>
      refused(
        w.fake.transactionNotification(target.outTradeNo, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
        400,
        'TIMESTAMP_OUT_OF_RANGE',
      ));
    it('refuses the SIGNTEST probe', () =>
      refused(w.fake.transactionNotification(target.outTradeNo, { signtest: true }), 400, 'SIGNTEST_PROBE'));
    it('refuses a resource encrypted with another APIv3 key', () =>
      refused(
        w.fake.transactionNotification(target.outTradeNo, { apiV3Key: Buffer.from('b'.repeat(32)) }),
        400,
        'DECRYPT_FAILED',
      ));
    it('refuses a paid amount that is not the order amount', () =>
      refused(
        w.fake.transactionNotification(target.outTradeNo, {
          resource: { amount: { total: 1, payer_total: 1, currency: 'CNY' } },
        }),
        400,
        'AMOUNT_MISMATCH',
      ));
    it('refuses another merchant number', () =>
      refused(w.fake.transactionNotification(target.outTradeNo, { resource: { mchid: '1900000999' } }), 400, 'MCHID_MISMATCH'));
    it('refuses an order it never made', () =>
      refused(
        w.fake.transactionNotification(target.outTradeNo, { resource: { out_trade_no: 'DSNOTOURS0001' } }),
        400,
        'UNKNOWN_ORDER',
      ));
    it('refuses missing headers and a body that is not JSON', async () => {
      const res = await t
        .http()
        .post(NOTIFY_PATH)
        .set('content-type', 'application/json')
        .send('{"event_type":"TRANSACTION.SUCCESS"}');
      expect(res.status).toBe(400);
      expect(res.body.details.reason).toBe('HEADERS_MISSING');
    });
    it("draws the NATIVE order's code for its payer to scan, and for nobody else", async () => {
      const b = await bill(hs[1], '2026-02', 1_200);
      const o = (await order(hs[1].id, [b.id], auth.alice, 'native')).body as WechatOrderView;
      const res = await t
        .http()
        .get(`/api/v1/payments/wechat/orders/${o.id}/code.png`)
        .set('Authorization', auth.alice)
        .buffer(true);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      const { data, info } = await sharp(res.body as Buffer)
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect(jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data).toBe(
        o.codeUrl,
      );
      expect((await get(`/payments/wechat/orders/${o.id}/code.png`, auth.bob)).status).toBe(404);
      expect((await get(`/payments/wechat/orders/${o.id}/code.png`, auth.manager)).status).toBe(404);
    });

    it('then applies the genuine one', async () => {
      expect((await notify(good)).status).toBe(204);
      expect(await paymentsOf(hs[1])).toBe(1);
    });
  });

  describe('the same bill paid twice', () => {
    it('refunds by itself what a second order paid for bills already settled', async () => {
      const b = await bill(hs[2], '2026-03', 8_800);
      const first = (await order(hs[2].id, [b.id], auth.alice, 'jsapi')).body as WechatOrderView;
      const second = (await order(hs[2].id, [b.id], auth.alice, 'native')).body as WechatOrderView;
      expect(second.id).not.toBe(first.id);
      await Promise.all([w.fake.pay(first.outTradeNo), w.fake.pay(second.outTradeNo)]);
      expect(await paymentsOf(hs[2])).toBe(2);
      expect(await billRow(b.id)).toMatchObject({ paidFen: 8_800, status: 'paid' });
      const payments = (await get(`/payments?compoundId=${compound}&householdId=${hs[2].id}`, auth.manager)).body
        .items as PaymentView[];
      const refunded = payments.find((p) => p.allocations.length === 0)!;
      expect(refunded.refunds).toMatchObject([{ kind: 'overpaid', amountFen: 8_800 }]);
      await eventually(async () => {
        const p = (await get(`/payments/${refunded.id}`, auth.alice)).body as PaymentView;
        return p.refunds[0].status === 'success' && p.creditFen === 0;
      }, 'the automatic refund to succeed');
      expect([...w.fake.refunds.values()].filter((r) => r.out_trade_no === refunded.reference)).toHaveLength(1);
    });

    it('refunds a WeChat payment that arrives after the bill was paid at the desk', async () => {
      const b = await bill(hs[3], '2026-03', 3_000);
      const o = (await order(hs[3].id, [b.id], auth.bob, 'jsapi')).body as WechatOrderView;
      expect((await post('/payments', { householdId: hs[3].id, channel: 'cash', amountFen: 3_000 }, auth.manager)).status).toBe(
        201,
      );
      await w.fake.pay(o.outTradeNo);
      const paid = (await get(`/payments/wechat/orders/${o.id}`, auth.bob)).body as WechatOrderView;
      const p = (await get(`/payments/${paid.paymentId}`, auth.bob)).body as PaymentView;
      expect(p.allocations).toEqual([]);
      expect(p.refunds[0]).toMatchObject({ kind: 'overpaid', amountFen: 3_000 });
      expect(await billRow(b.id)).toMatchObject({ paidFen: 3_000, status: 'paid' });
    });
  });

  describe('refunds by the manager', () => {
    let payment: PaymentView;
    let may: Bill;
    let jun: Bill;

    beforeAll(async () => {
      may = await bill(hs[6], '2026-05', 10_000);
      jun = await bill(hs[6], '2026-06', 10_000);
      const o = (await order(hs[6].id, [may.id, jun.id], auth.alice, 'jsapi')).body as WechatOrderView;
      await w.fake.pay(o.outTradeNo);
      payment = (
        await get(`/payments/${(await get(`/payments/wechat/orders/${o.id}`, auth.alice)).body.paymentId}`, auth.manager)
      ).body;
    });

    it("lets only the compound's bill writers refund, only WeChat payments, never more than was paid", async () => {
      expect((await post(`/payments/${payment.id}/refund`, { amountFen: 100, reason: '多收' }, auth.foreignManager)).status).toBe(
        404,
      );
      expect((await post(`/payments/${payment.id}/refund`, { amountFen: 100, reason: '多收' }, auth.alice)).status).toBe(403);
      expect((await post(`/payments/${payment.id}/refund`, { amountFen: 100, reason: '多收' }, auth.community)).status).toBe(403);
      const tooMuch = await post(`/payments/${payment.id}/refund`, { amountFen: 20_001, reason: '多收' }, auth.manager);
      expect(tooMuch.status).toBe(422);
      expect(tooMuch.body).toMatchObject({ code: 'REFUND_EXCEEDS_PAID', details: { refundableFen: 20_000 } });
      const badReason = await post(`/payments/${payment.id}/refund`, { amountFen: 100, reason: '多'.repeat(81) }, auth.manager);
      expect(badReason.status).toBe(400);
      expect(badReason.body.code).toBe('VALIDATION_FAILED');
    });

    it('takes a partial refund off the latest bill, once per Idempotency-Key, and follows WeChat to success', async () => {
      const body = { amountFen: 2_500, reason: '6月物业费减半' };
      const [a, b] = await Promise.all([
        post(`/payments/${payment.id}/refund`, body, auth.manager, 'refund-key-0001'),
        post(`/payments/${payment.id}/refund`, body, auth.manager, 'refund-key-0001'),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const after = a.body as PaymentView;
      expect(after.refunds).toHaveLength(1);
      expect(after.refunds[0]).toMatchObject({ kind: 'manual', amountFen: 2_500, reason: '6月物业费减半' });
      expect(['processing', 'success']).toContain(after.refunds[0].status);
      expect(await billRow(jun.id)).toMatchObject({ paidFen: 7_500, status: 'partially_paid' });
      expect(await billRow(may.id)).toMatchObject({ paidFen: 10_000, status: 'paid' });
      await eventually(
        async () => (await get(`/payments/${payment.id}`, auth.manager)).body.refunds[0].status === 'success',
        'REFUND.SUCCESS',
      );
      const atWechat = [...w.fake.refunds.values()].filter((r) => r.out_trade_no === payment.reference);
      expect(atWechat.map((r) => r.amount.refund)).toEqual([2_500]);
    });

    it("keeps a refund WeChat could not make as the household's credit", async () => {
      w.fake.options.refundOutcome = 'ABNORMAL';
      try {
        const res = await post(`/payments/${payment.id}/refund`, { amountFen: 1_000, reason: '退部分' }, auth.manager);
        expect(res.status).toBe(200);
        await eventually(async () => {
          const p = (await get(`/payments/${payment.id}`, auth.manager)).body as PaymentView;
          return p.refunds[1]?.status === 'abnormal';
        }, 'REFUND.ABNORMAL');
        const p = (await get(`/payments/${payment.id}`, auth.manager)).body as PaymentView;
        expect(p.creditFen).toBe(1_000);
        expect(await billRow(jun.id)).toMatchObject({ paidFen: 6_500 });
      } finally {
        w.fake.options.refundOutcome = 'SUCCESS';
      }
    });

    it('refuses refund notifications that do not match, and ignores repeats of one already applied', async () => {
      const [done] = [...w.fake.refunds.values()].filter((r) => r.out_trade_no === payment.reference && r.status === 'SUCCESS');
      expect((await notify(w.fake.refundNotification(done.out_refund_no))).status).toBe(204);
      const wrong = await notify(
        w.fake.refundNotification(done.out_refund_no, { resource: { amount: { total: 20_000, refund: 1 } } }),
      );
      expect(wrong.status).toBe(400);
      expect(wrong.body.details.reason).toBe('AMOUNT_MISMATCH');
      const p = (await get(`/payments/${payment.id}`, auth.manager)).body as PaymentView;
      expect(p.refunds.map((r) => r.status)).toEqual(['success', 'abnormal']);
    });

    it('refuses to refund an offline payment', async () => {
      const b = await bill(hs[7], '2026-08', 500);
      const cash = (
        await post('/payments', { householdId: hs[7].id, channel: 'cash', amountFen: 500, billIds: [b.id] }, auth.manager)
      ).body as PaymentView;
      const res = await post(`/payments/${cash.id}/refund`, { amountFen: 100, reason: '退款' }, auth.manager);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('PAYMENT_NOT_REFUNDABLE');
      expect((await post('/payments', { householdId: hs[7].id, channel: 'wechat', amountFen: 1 }, auth.manager)).status).toBe(
        400,
      );
    });
  });
  // Last: it moves the API's clock 16 minutes on, and notifications signed now would then be stale.
  describe('the close job', () => {
    it('closes expired orders at WeChat and here, and records one that was paid but never notified', async () => {
      const b1 = await bill(hs[4], '2026-04', 700);
      const b2 = await bill(hs[5], '2026-04', 900);
      const unpaid = (await order(hs[4].id, [b1.id], auth.alice, 'native')).body as WechatOrderView;
      const lost = (await order(hs[5].id, [b2.id], auth.alice, 'native')).body as WechatOrderView;
      await w.fake.pay(lost.outTradeNo, { notify: false });
      const job = t.app.get(WechatPayJob);
      expect(await job.runOnce()).toMatchObject({ closed: 0, paid: 0 });
      t.clock.advance(16 * 60_000);
      const open = await count("SELECT COUNT(*) AS n FROM wechat_orders WHERE status = 'open'");
      const [a, b] = await Promise.all([job.runOnce(), job.runOnce()]);
      // Two instances at once: every expired order is closed or recorded by exactly one of them.
      expect(a.closed + b.closed + a.paid + b.paid).toBe(open);
      expect(await count("SELECT COUNT(*) AS n FROM wechat_orders WHERE status = 'open'")).toBe(0);
      expect(a.paid + b.paid).toBe(1);
      expect((await get(`/payments/wechat/orders/${unpaid.id}`, auth.alice)).body.status).toBe('closed');
      expect(w.fake.orders.get(unpaid.outTradeNo)!.trade_state).toBe('CLOSED');
      expect((await get(`/payments/wechat/orders/${lost.id}`, auth.alice)).body.status).toBe('paid');
      expect(await paymentsOf(hs[5])).toBe(1);
      expect(await billRow(b1.id)).toMatchObject({ status: 'unpaid' });
      expect((await order(hs[4].id, [b1.id], auth.bob, 'native')).status).toBe(201);
    });
  });
});
