import type { PaymentView, WechatOrderView } from '@doorstep/contracts';
import type { Household } from '../src/households/household.entity';
import { factories } from './support/factories';
import type { TestApp } from './support/test-app';
import { startAppWithWechatPay, type WechatPayWorld } from './support/wechatpay';

/**
 * Every fen accounted for: thousands of random operations — WeChat orders paid (some twice, some
 * notified five times, some by two family members at once), offline payments, reversals, refunds that
 * succeed or fail at WeChat — in concurrent batches, then the books are checked against each other
 * and against WeChat's own records.
 */
describe('the books balance after a randomized run of payments, refunds and reversals', () => {
  let w: WechatPayWorld;
  let t: TestApp;
  const households: Household[] = [];
  const members: string[][] = [];
  let manager: string;

  beforeAll(async () => {
    ({ w, t } = await startAppWithWechatPay());
    const f = factories(t.db);
    const company = await f.company();
    const compound = (
      await f.compound((await f.community((await f.street()).id)).id, { companyId: company.id, managementMode: 'company' })
    ).id;
    const building = await f.building(compound);
    const item = await f.feeItem(compound);
    for (let i = 0; i < 6; i++) {
      const h = await f.household(building as never, { areaHundredths: 7000 });
      households.push(h);
      const pair: string[] = [];
      for (let m = 0; m < 2; m++) {
        const user = await f.user({ openid: `o-books-${i}-${m}` });
        await f.membership(h, user.id, 'verified');
        pair.push(await t.signIn(user.phone!));
      }
      members.push(pair);
      for (let month = 1; month <= 12; month++) {
        await f.bill(h, item.id, `2025-${String(month).padStart(2, '0')}`, 2_000 + month * 37 + i);
      }
    }
    manager = await t.signInWithRole('manager', 'company', company.id);
  });
  afterAll(async () => {
    await t?.close();
    await w?.close();
  });

  let seed = 20261127;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const post = (url: string, body: object, who: string) => t.http().post(`/api/v1${url}`).set('Authorization', who).send(body);
  const get = (url: string, who: string) => t.http().get(`/api/v1${url}`).set('Authorization', who);
  const sum = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params))[0].n);

  async function openBills(h: Household): Promise<number[]> {
    const rows = await t.db.query(
      "SELECT id FROM bills WHERE household_id = ? AND status IN ('unpaid', 'partially_paid') ORDER BY id",
      [h.id],
    );
    return rows.map((r: { id: number }) => Number(r.id));
  }

  /** A WeChat payment: ordered by one member, paid at WeChat, notified 1–5 times; sometimes a second order for the same bills. */
  async function payByWechat(i: number): Promise<number> {
    const open = await openBills(households[i]);
    if (!open.length) return 0;
    const billIds = open.slice(0, 1 + random(Math.min(3, open.length)));
    const who = members[i][random(2)];
    const res = await post('/payments/wechat/orders', { householdId: households[i].id, billIds, tradeType: 'jsapi' }, who);
    if (res.status !== 201) return 0;
    const orders: WechatOrderView[] = [res.body];
    if (random(4) === 0) {
      const twice = await post('/payments/wechat/orders', { householdId: households[i].id, billIds, tradeType: 'native' }, who);
      if (twice.status === 201) orders.push(twice.body);
    }
    for (const o of orders) {
      if (random(10) === 0) continue; // never paid: the close job's business
      await w.fake.pay(o.outTradeNo, { notify: false });
      const n = w.fake.transactionNotification(o.outTradeNo);
      await Promise.all(
        Array.from({ length: 1 + random(5) }, () =>
          t
            .http()
            .post('/api/v1/payments/wechat/notify')
            .set({ ...n.headers })
            .send(n.body),
        ),
      );
    }
    return orders.length;
  }

  async function payOffline(i: number): Promise<void> {
    await post(
      '/payments',
      { householdId: households[i].id, channel: (['cash', 'bank', 'pos'] as const)[random(3)], amountFen: 1 + random(3_000) },
      manager,
    );
  }

  async function reverseSomething(): Promise<void> {
    const [row] = await t.db.query(
      "SELECT p.id FROM payments p LEFT JOIN payment_reversals r ON r.payment_id = p.id WHERE p.channel <> 'wechat' AND r.id IS NULL ORDER BY p.id DESC LIMIT 1 OFFSET ?",
      [random(5)],
    );
    if (row) await post(`/payments/${row.id}/reverse`, { reason: '随机冲正' }, manager);
  }

  async function refundSomething(): Promise<void> {
    const [row] = await t.db.query(
      "SELECT id, amount_fen FROM payments WHERE channel = 'wechat' ORDER BY id DESC LIMIT 1 OFFSET ?",
      [random(8)],
    );
    if (!row) return;
    w.fake.options.refundOutcome = random(5) === 0 ? 'ABNORMAL' : 'SUCCESS';
    await post(`/payments/${row.id}/refund`, { amountFen: 1 + random(Number(row.amount_fen)), reason: '随机退款' }, manager);
  }

  it('keeps payments − refunds = allocations + credit, per household and in total, and agrees with WeChat', async () => {
    let operations = 0;
    for (let round = 0; round < 200; round++) {
      const batch = Array.from({ length: 8 }, async () => {
        const i = random(households.length);
        const pick = random(10);
        if (pick < 4) operations += await payByWechat(i);
        else if (pick < 7) await payOffline(i);
        else if (pick < 8) await reverseSomething();
        else await refundSomething();
        operations++;
      });
      await Promise.all(batch);
    }
    expect(operations).toBeGreaterThan(1_000);
    // Refund outcomes travel on their own; wait until none is in flight.
    for (
      let i = 0;
      i < 200 && (await sum("SELECT COUNT(*) AS n FROM payment_refunds WHERE status IN ('pending', 'processing')"));
      i++
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await sum("SELECT COUNT(*) AS n FROM payment_refunds WHERE status IN ('pending', 'processing')")).toBe(0);

    const live = "r.status IN ('pending', 'processing', 'success')";
    let creditTotal = 0;
    for (const h of households) {
      const payments = await sum(
        'SELECT COALESCE(SUM(p.amount_fen), 0) AS n FROM payments p LEFT JOIN payment_reversals v ON v.payment_id = p.id WHERE p.household_id = ? AND v.id IS NULL',
        [h.id],
      );
      const refunds = await sum(
        `SELECT COALESCE(SUM(r.amount_fen), 0) AS n FROM payment_refunds r WHERE r.household_id = ? AND ${live}`,
        [h.id],
      );
      const allocated = await sum(
        'SELECT COALESCE(SUM(a.amount_fen), 0) AS n FROM payment_allocations a JOIN payments p ON p.id = a.payment_id LEFT JOIN payment_reversals v ON v.payment_id = p.id WHERE p.household_id = ? AND v.id IS NULL',
        [h.id],
      );
      const takenBack = await sum(
        'SELECT COALESCE(SUM(ra.amount_fen), 0) AS n FROM refund_allocations ra JOIN payment_refunds r ON r.id = ra.refund_id WHERE r.household_id = ?',
        [h.id],
      );
      const onBills = await sum('SELECT COALESCE(SUM(paid_fen), 0) AS n FROM bills WHERE household_id = ?', [h.id]);
      // What the API reports as each payment's credit (for the household, all pages).
      let credit = 0;
      for (let cursor: string | null = ''; cursor !== null;) {
        const page = await get(
          `/me/payments?householdId=${h.id}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
          members[households.indexOf(h)][0],
        );
        for (const p of page.body.items as PaymentView[]) {
          expect(p.creditFen).toBeGreaterThanOrEqual(0);
          credit += p.creditFen;
        }
        cursor = page.body.nextCursor;
      }
      expect(onBills).toBe(allocated - takenBack);
      expect(payments - refunds).toBe(onBills + credit);
      expect(
        await sum('SELECT COUNT(*) AS n FROM bills WHERE household_id = ? AND (paid_fen > amount_fen OR paid_fen < 0)', [h.id]),
      ).toBe(0);
      creditTotal += credit;
    }
    const allPayments = await sum(
      'SELECT COALESCE(SUM(p.amount_fen), 0) AS n FROM payments p LEFT JOIN payment_reversals v ON v.payment_id = p.id WHERE v.id IS NULL',
    );
    const allRefunds = await sum(`SELECT COALESCE(SUM(r.amount_fen), 0) AS n FROM payment_refunds r WHERE ${live}`);
    const allOnBills = await sum('SELECT COALESCE(SUM(paid_fen), 0) AS n FROM bills');
    expect(allPayments - allRefunds).toBe(allOnBills + creditTotal);

    // WeChat's side: one payment per paid order, and the same refunds.
    const paidAtWechat = [...w.fake.orders.values()].filter((o) => o.transaction_id);
    expect(await sum("SELECT COUNT(*) AS n FROM payments WHERE channel = 'wechat'")).toBe(paidAtWechat.length);
    expect(await sum("SELECT COALESCE(SUM(amount_fen), 0) AS n FROM payments WHERE channel = 'wechat'")).toBe(
      paidAtWechat.reduce((total, o) => total + o.amount.total, 0),
    );
    const refundedAtWechat = [...w.fake.refunds.values()]
      .filter((r) => r.status === 'SUCCESS')
      .reduce((total, r) => total + r.amount.refund, 0);
    expect(await sum("SELECT COALESCE(SUM(amount_fen), 0) AS n FROM payment_refunds WHERE status = 'success'")).toBe(
      refundedAtWechat,
    );
    expect(await sum("SELECT COUNT(*) AS n FROM payment_refunds WHERE kind = 'overpaid'")).toBeGreaterThan(0);
  }, 300_000);
});
