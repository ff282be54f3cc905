import { readFileSync } from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { productDb } from '../../api/test/support/product-db';
import { startWechatPay, type WechatPayWorld } from '../../api/test/support/wechatpay';
import { openBrowser, startProduct, type BrowserSession } from './browser';
import { byId, open, signIn, switchUser, typeInto } from './flows';

jest.setTimeout(120_000);

/**
 * 费用与账单: the manager prices 物业费 by area, previews and runs this month's billing (a second run
 * creates nothing), waives one bill with a reason, takes a cash payment for another (its receipt is a
 * PDF) and reverses it; the resident sees her bill in 我的账单 and pays with WeChat (the local fake of
 * WeChat Pay: its 收银台 page stands in for WeChat on the phone), then finds the receipt.
 */
describe('H5 billing: fee item → billing run → bills → 我的账单', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let s: BrowserSession;
  let wechatPay: WechatPayWorld;

  beforeAll(async () => {
    wechatPay = await startWechatPay();
    ({ app, baseUrl } = await startProduct(wechatPay.env));
    wechatPay.deliverTo(baseUrl);
    s = await openBrowser('billing');
  });
  afterAll(async () => {
    await s?.close();
    await app?.close();
    await wechatPay?.close();
  });
  afterEach(() => {
    expect(s.problems).toEqual([]);
  });

  it('the manager prices 物业费, previews the month, bills it once, and waives a bill', async () => {
    const page = s.page;
    await signIn(s, baseUrl, '13800000005', '刘经理');
    await open(page, `${baseUrl}/#/packages/manage/index`);
    await byId(page, 'manage-compound')
      .locator('.chip')
      .filter({ hasText: '幸福里小区' })
      .click()
      .catch(() => undefined);
    await byId(page, 'entry-manage-billing').click();
    await byId(page, 'tab-fees').click();
    const form = byId(page, 'fee-form');
    await typeInto(form.getByTestId('fee-name'), '物业费');
    await typeInto(form.getByTestId('fee-price'), '1.85');
    await form.getByTestId('fee-save').click();
    await byId(page, 'fees').getByText('物业费').waitFor();

    await byId(page, 'tab-run').click();
    await byId(page, 'run-preview').click();
    const preview = byId(page, 'run-preview-result');
    await preview.getByText(/将生成 \d+ 张账单/).waitFor();
    await s.screenshot('run-preview');
    await byId(page, 'run-commit').click();
    await byId(page, 'run-preview-result').waitFor({ state: 'detached' });
    // Again: every bill exists already, nothing new.
    await byId(page, 'run-preview').click();
    await byId(page, 'run-preview-result').getByText('将生成 0 张账单').waitFor();

    await byId(page, 'tab-bills').click();
    const first = byId(page, 'bills').locator('[data-testid^="bills-row-"]').first();
    await first.waitFor();
    await page.setViewportSize({ width: 1280, height: 900 });
    await s.screenshot('bills-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await first.locator('[data-testid^="bill-waive-"]').click();
    await typeInto(byId(page, 'bill-action-reason'), '经业委会同意减免');
    await byId(page, 'bill-action-send').click();
    await byId(page, 'bill-action-form').waitFor({ state: 'detached' });
    await byId(page, 'bills-status-waived').click();
    await byId(page, 'bills').locator('[data-testid^="bills-row-"]').first().getByText('已减免').waitFor();

    // 收款 at the desk: cash for one unpaid bill; the bill is paid, the payment has a receipt.
    await byId(page, 'bills-status-unpaid').click();
    const unpaid = byId(page, 'bills').locator('[data-testid^="bills-row-"]').first();
    await unpaid.locator('[data-testid^="bill-collect-"]').click();
    await byId(page, 'collect-send').click();
    await byId(page, 'collect-form').waitFor({ state: 'detached' });
    await byId(page, 'bills-status-paid').click();
    await byId(page, 'bills').locator('[data-testid^="bills-row-"]').first().getByText('已缴清').waitFor();

    await byId(page, 'tab-payments').click();
    const payment = byId(page, 'payments').locator('[data-testid^="payments-row-"]').first();
    await payment.getByText(/^\d{4}-\d{6}$/).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      payment.locator('[data-testid^="payment-receipt-"]').click(),
    ]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // A mistake is taken back by a counter-entry (冲正), with a reason; the payment stays listed.
    await payment.locator('[data-testid^="payment-reverse-"]').click();
    await typeInto(byId(page, 'reverse-reason'), '金额录错，已退还现金');
    await byId(page, 'reverse-send').click();
    await payment.getByText('已冲正').waitFor();
    await s.screenshot('payments');

    await byId(page, 'tab-arrears').click();
    await byId(page, 'arrears-total')
      .getByText(/欠费 [\d.]+ 元/)
      .waitFor();
    await s.screenshot('arrears');

    // 催缴: the round is prefilled with this month; preview the reach, send, and a rerun tells nobody again.
    const reminders = byId(page, 'bill-reminders');
    const roundInput = reminders.getByTestId('remind-round').locator('input').first();
    /** The round field once it shows `pattern` (it is filled after a dry run finds this month's next round). */
    const roundBecomes = (pattern: RegExp) =>
      roundInput.evaluate(
        (el, source) =>
          new Promise<void>((resolve) => {
            const check = () => (new RegExp(source).test((el as HTMLInputElement).value) ? resolve() : setTimeout(check, 50));
            check();
          }),
        pattern.source,
      );
    await roundBecomes(/^\d{4}-\d{2} 第1次$/);
    await byId(page, 'remind-preview').click();
    await byId(page, 'remind-preview-result')
      .getByText(/将提醒 \d+ 户（\d+ 人），共 \d+ 笔欠费/)
      .waitFor();
    await s.screenshot('remind-preview');
    await byId(page, 'remind-send').click();
    await byId(page, 'remind-preview-result').waitFor({ state: 'detached' });
    await roundBecomes(/^\d{4}-\d{2} 第2次$/);

    // 导出: the arrears sheet downloads as an XLSX (a ZIP archive).
    const [sheet] = await Promise.all([page.waitForEvent('download'), byId(page, 'export-arrears').click()]);
    expect(sheet.suggestedFilename()).toMatch(/^欠费-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(
      readFileSync((await sheet.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });

  it('周阿姨 sees her 物业费 in 我的账单', async () => {
    const page = s.page;
    await switchUser(s, baseUrl, '13800000007', '周阿姨');
    await open(page, `${baseUrl}/#/pages/index/index`);
    await byId(page, 'entry-bills').click();
    await byId(page, 'my-bills')
      .getByText(/物业费/)
      .first()
      .waitFor();
    await s.screenshot('my-bills');
    // The 催缴 the manager sent is in her messages.
    await open(page, `${baseUrl}/#/packages/messages/index`);
    await byId(page, 'message-list')
      .getByText(/缴费提醒/)
      .first()
      .waitFor();
  });

  it('周阿姨 pays her open bills with WeChat and gets the receipt, then finds the payment in 缴费记录', async () => {
    const page = s.page;
    const db = productDb(app);
    // A bill of her own nobody touched in the steps before: a one-off 装修垃圾清运费 of 66.60 元.
    const [home] = await db.query(
      "SELECT m.household_id, h.compound_id, h.building_id FROM household_members m JOIN users u ON u.id = m.user_id JOIN households h ON h.id = m.household_id WHERE u.phone = '13800000007' AND m.status = 'verified'",
    );
    const [item] = await db.query('SELECT id FROM fee_items WHERE compound_id = ? LIMIT 1', [home.compound_id]);
    await db.query(
      `INSERT INTO bills (compound_id, building_id, household_id, fee_item_id, period, months, item_name, rule, price_fen, amount_fen, paid_fen, status, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, '2026-10', 1, '装修垃圾清运费', 'one_off', 6660, 6660, 0, 'unpaid', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
      [home.compound_id, home.building_id, home.household_id, item.id],
    );
    await open(page, `${baseUrl}/#/packages/billing/mine`);
    const panel = byId(page, 'pay-panel');
    await panel.getByText('装修垃圾清运费 · 2026-10').waitFor();
    await byId(page, 'pay-total')
      .getByText(/已选 \d+ 项，合计 [\d.]+ 元/)
      .waitFor();
    await s.screenshot('pay-panel');
    await byId(page, 'pay-wechat').click();
    await byId(page, 'pay-waiting').waitFor();
    // The code to scan with WeChat on a phone, drawn by the server.
    await page.locator('[data-testid="pay-code"] img, img[data-testid="pay-code"], [data-testid="pay-code"]').first().waitFor();
    const [cashier] = await Promise.all([page.context().waitForEvent('page'), byId(page, 'pay-open').click()]);
    await cashier.getByText('模拟微信支付').waitFor();
    await cashier.getByRole('button', { name: '确认支付' }).click();
    await cashier.getByText('支付成功').waitFor();
    await cashier.close();
    // The signed notification reaches the API; the page, asking every 2 s, sees the payment.
    await byId(page, 'pay-done').waitFor({ timeout: 20_000 });
    await s.screenshot('paid');
    const [download] = await Promise.all([page.waitForEvent('download'), byId(page, 'pay-receipt').click()]);
    expect(
      readFileSync((await download.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await panel.getByText('装修垃圾清运费 · 2026-10').waitFor({ state: 'detached' });

    await byId(page, 'my-payments-link').click();
    const row = byId(page, 'my-payments').locator('[data-testid^="my-payment-row-"]').first();
    await row.getByText('微信支付').waitFor();
    await row.getByText(/装修垃圾清运费 2026-10/).waitFor();
    await s.screenshot('my-payments');
  });

  it('the manager refunds part of her WeChat payment back the way it came; she sees the refund', async () => {
    const page = s.page;
    await switchUser(s, baseUrl, '13800000005', '刘经理');
    await open(page, `${baseUrl}/#/packages/manage/index`);
    await byId(page, 'entry-manage-billing').click();
    await byId(page, 'tab-payments').click();
    const wechat = byId(page, 'payments').locator('[data-testid^="payments-row-"]').filter({ hasText: '微信支付' }).first();
    await wechat.locator('[data-testid^="payment-refund-"]').click();
    await typeInto(byId(page, 'refund-amount'), '10.00');
    await typeInto(byId(page, 'refund-reason'), '装修垃圾清运多收');
    await byId(page, 'refund-send').click();
    await byId(page, 'refund-form').waitFor({ state: 'detached' });
    await wechat.getByText(/退款 10\.00 元（(退款中|已退款)）/).waitFor();
    await s.screenshot('refund');

    // The compound lets residents pay in part online from now on.
    await byId(page, 'tab-fees').click();
    await byId(page, 'partial-payment-on').click();
    await page.locator('[data-testid="partial-payment-on"].chip--active').waitFor();

    // 对账 of a day with no WeChat trades at all: the bill is empty, nothing differs.
    await byId(page, 'tab-reconcile').click();
    await byId(page, 'reconcile-run').click();
    const day = byId(page, 'reconciliations').locator('[data-testid^="reconciliations-row-"]').first();
    await day.getByText(/账单一致|存在差异/).waitFor();
    await day.click();
    await byId(page, 'reconcile-detail').waitFor();
    await s.screenshot('reconcile');

    await switchUser(s, baseUrl, '13800000007', '周阿姨');
    // Part payments are on: 我的账单 offers an amount below what is owed.
    await open(page, `${baseUrl}/#/packages/billing/mine`);
    if (await byId(page, 'pay-bill').count()) await byId(page, 'pay-amount').waitFor();
    await open(page, `${baseUrl}/#/packages/billing/history`);
    await byId(page, 'my-payments')
      .getByText(/退款 10\.00 元（(退款中|已退款)）/)
      .waitFor();
  });

  it('陈师傅, a cashier, finds bills and takes money at the desk but cannot waive, reverse or refund', async () => {
    const page = s.page;
    await switchUser(s, baseUrl, '13800000006', '陈师傅');
    await open(page, `${baseUrl}/#/pages/index/index`);
    await byId(page, 'entry-collect').click();
    await byId(page, 'billing-page').waitFor();
    await byId(page, 'tab-bills').waitFor();
    expect(await byId(page, 'tab-fees').count()).toBe(0);
    expect(await byId(page, 'tab-run').count()).toBe(0);
    await byId(page, 'bills-status-unpaid').click();
    const unpaid = byId(page, 'bills').locator('[data-testid^="bills-row-"]').first();
    await unpaid.locator('[data-testid^="bill-collect-"]').waitFor();
    expect(await unpaid.locator('[data-testid^="bill-waive-"]').count()).toBe(0);
    await unpaid.locator('[data-testid^="bill-collect-"]').click();
    await byId(page, 'collect-send').click();
    await byId(page, 'collect-form').waitFor({ state: 'detached' });
    await byId(page, 'tab-payments').click();
    const first = byId(page, 'payments').locator('[data-testid^="payments-row-"]').first();
    await first.getByText('现金').waitFor();
    expect(await page.locator('[data-testid^="payment-reverse-"], [data-testid^="payment-refund-"]').count()).toBe(0);
    await s.screenshot('cashier');
  });
});
