import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { openBrowser, startProduct, type BrowserSession } from './browser';
import { act, addPhoto, buildingQrToken, byId, expectStatus, open, photo, timelineActions, typeInto, switchUser } from './flows';

jest.setTimeout(90_000);

/**
 * The whole repair loop on phones, through the H5 build against the real API: a resident scans the
 * stairwell code and reports a leak with a photo; the manager accepts and assigns it; the repairman
 * starts and resolves it with an after-photo; the resident rates it five stars and sees it closed.
 */
describe('H5 repair loop: scan → report → accept → assign → resolve → rate', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let s: BrowserSession;
  let ticketId: string;

  beforeAll(async () => {
    ({ app, baseUrl } = await startProduct());
    s = await openBrowser('repair-loop');
  });
  afterAll(async () => {
    await s?.close();
    await app?.close();
  });
  afterEach(() => {
    expect(s.problems).toEqual([]);
  });

  it('opens the QR code URL: the report page shows the place and lets the resident sign in there', async () => {
    const page = s.page;
    const token = await buildingQrToken(baseUrl);
    await open(page, `${baseUrl}/#/pages/index/index?qr=${token}`);
    await byId(page, 'report-place').filter({ hasText: '幸福里小区 1号楼' }).waitFor();
    await byId(page, 'sign-in-panel').waitFor();
    await s.screenshot('qr-opened-signed-out');

    await byId(page, 'demo-user-13800000007').click();
    // Same page, now signed in: the form, with the place from the code.
    await byId(page, 'report-form').waitFor();
    await expect(byId(page, 'report-place').textContent()).resolves.toContain('幸福里小区 1号楼');
    await s.screenshot('report-form');
  });

  it('reports a leaking pipe with a photo', async () => {
    const page = s.page;
    const form = byId(page, 'report-form');
    // Submitting without a category is refused on the phone.
    await form.getByTestId('report-submit').click();
    await expect(form.getByTestId('form-error').textContent()).resolves.toContain('请选择问题类别');

    await form.locator('[data-testid^="category-"][data-name="水电维修"]').click();
    await typeInto(form.getByTestId('report-description'), '卫生间水管接口漏水，地面有积水');
    await addPhoto(page, form, await photo({ r: 30, g: 90, b: 200 }), 'leak.jpg');
    await s.screenshot('report-filled');

    // An impatient double tap files one report, not two (checked in the resident's list below).
    await form.getByTestId('report-submit').dblclick();
    await expectStatus(page, '待受理');
    const summary = byId(page, 'ticket-summary');
    ticketId = (await summary.getAttribute('data-ticket-id'))!;
    await expect(summary.getByTestId('ticket-description').textContent()).resolves.toContain('卫生间水管接口漏水');
    await summary.locator('[data-testid="ticket-photo"][data-loaded="true"]').first().waitFor();
    expect(await timelineActions(page)).toEqual(['create']);
    // Before acceptance the resident may cancel, and nothing else.
    const buttons = await byId(page, 'action-panel')
      .locator('[data-testid^="action-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(buttons).toEqual(['action-cancel']);
    await s.screenshot('reported');
  });

  it('the manager sees it in the inbox with a live countdown, accepts it and assigns 陈师傅', async () => {
    const page = s.page;
    await switchUser(s, baseUrl, '13800000005', '刘经理');
    await open(page, `${baseUrl}/#/pages/index/index`);
    await byId(page, 'entry-inbox').click();
    const item = page.locator(`[data-testid="inbox-item"][data-ticket-id="${ticketId}"]`).filter({ visible: true });
    await item.waitFor();
    const countdown = item.getByTestId('countdown');
    const first = await countdown.textContent();
    expect(first).toMatch(/^受理剩余 \d+分\d{2}秒$/);
    expect(await item.getAttribute('data-breached')).toBe('false');
    // Live: a second later it says something else.
    await page.waitForFunction(
      ({ id, before }) =>
        document.querySelector(`[data-testid="inbox-item"][data-ticket-id="${id}"] [data-testid="countdown"]`)?.textContent !==
        before,
      { id: ticketId, before: first },
      { timeout: 5000 },
    );
    await s.screenshot('manager-inbox');

    await item.click();
    await expectStatus(page, '待受理');
    await act(page, 'accept');
    await expectStatus(page, '已受理');
    await act(page, 'assign', async (form) => {
      await form.locator('[data-testid^="assignee-"][data-name="陈师傅"]').click();
    });
    await expectStatus(page, '已派单');
    await expect(byId(page, 'ticket-assignee').textContent()).resolves.toContain('陈师傅');
    await s.screenshot('manager-assigned');
  });

  it('陈师傅 starts it, pauses it for a part and resumes, then resolves it with a note and an after-photo', async () => {
    const page = s.page;
    await switchUser(s, baseUrl, '13800000006', '陈师傅');
    await open(page, `${baseUrl}/#/pages/index/index`);
    await byId(page, 'entry-tasks').click();
    await page.locator(`[data-testid="inbox-item"][data-ticket-id="${ticketId}"]`).filter({ visible: true }).click();
    await expectStatus(page, '已派单');
    await act(page, 'start');
    await expectStatus(page, '处理中');
    await act(page, 'pause', async (form) => {
      await typeInto(form.getByTestId('action-text'), '等配件，明天上午到');
    });
    await expectStatus(page, '已挂起');
    await expect(byId(page, 'ticket-summary').textContent()).resolves.toContain('等配件，明天上午到');
    await s.screenshot('staff-paused');
    await act(page, 'resume');
    await expectStatus(page, '处理中');
    await act(page, 'resolve', async (form) => {
      await typeInto(form.getByTestId('action-text'), '已更换水管接口，试水不漏');
      await addPhoto(page, form, await photo({ r: 40, g: 160, b: 60 }), 'fixed.jpg');
      await s.screenshot('staff-resolving');
    });
    await expectStatus(page, '已办结（待评价）');
    await s.screenshot('staff-resolved');
  });

  it('the resident rates five stars and sees the closed timeline', async () => {
    const page = s.page;
    await switchUser(s, baseUrl, '13800000007', '周阿姨');
    await open(page, `${baseUrl}/#/pages/index/index`);
    await byId(page, 'entry-mine').click();
    await byId(page, 'ticket-list').getByTestId('ticket-card').first().waitFor();
    expect(await byId(page, 'ticket-list').getByTestId('ticket-card').count()).toBe(1);
    await byId(page, 'tab-toRate').click();
    await page.locator(`[data-testid="ticket-card"][data-ticket-id="${ticketId}"]`).filter({ visible: true }).click();
    await expectStatus(page, '已办结（待评价）');
    // The report photo and the after-photo both show (fetched with the sign-in).
    const summary = byId(page, 'ticket-summary');
    await summary.locator('[data-testid="ticket-photo"][data-loaded="true"]').nth(1).waitFor();
    await act(page, 'rate', async (form) => {
      await form.getByTestId('rate-overall-5').click();
      await form.getByTestId('rate-speed-5').click();
      await form.getByTestId('rate-attitude-5').click();
      await typeInto(form.getByTestId('action-text'), '师傅来得快，修得好');
      await s.screenshot('rating');
    });
    await expectStatus(page, '已评价');
    await expect(byId(page, 'ticket-rating').getAttribute('data-overall')).resolves.toBe('5');
    expect(await timelineActions(page)).toEqual(['create', 'accept', 'assign', 'start', 'pause', 'resume', 'resolve', 'rate']);
    // Residents see staff by role, the repairman by surname.
    const actors = await byId(page, 'timeline').getByTestId('timeline-actor').allTextContents();
    expect(actors).toEqual(['周阿姨', '物业客服', '物业客服', '陈师傅', '陈师傅', '陈师傅', '陈师傅', '周阿姨']);
    expect(await byId(page, 'action-panel').count()).toBe(0);
    await s.screenshot('closed-timeline');
  });

  it('the resident finds every step in 消息, and a message opens its ticket', async () => {
    const page = s.page;
    await open(page, `${baseUrl}/#/pages/index/index`);
    await byId(page, 'entry-messages').click();
    const list = byId(page, 'message-list');
    await list.getByTestId('message-item').first().waitFor();
    const titles = await list.getByTestId('message-item').allTextContents();
    expect(titles.join('\n')).toContain('已受理');
    expect(titles.join('\n')).toContain('已办结');
    expect(await list.locator('[data-testid="message-item"][data-unread="true"]').count()).toBeGreaterThan(0);
    await s.screenshot('messages');
    await list.getByTestId('message-item').first().click();
    await byId(page, 'ticket-summary').waitFor();
    await open(page, `${baseUrl}/#/packages/messages/index`);
    await byId(page, 'messages-read-all').click();
    await byId(page, 'message-list').locator('[data-testid="message-item"][data-unread="false"]').first().waitFor();
    expect(await byId(page, 'message-list').locator('[data-testid="message-item"][data-unread="true"]').count()).toBe(0);
  });
});
