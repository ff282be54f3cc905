import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { openBrowser, startProduct, type BrowserSession } from './browser';
import { act, api, buildingQrToken, byId, expectStatus, open, signIn, timelineActions, typeInto, switchUser } from './flows';

jest.setTimeout(90_000);

/**
 * A complaint the property company turns down: the manager rejects it with a reason, the resident
 * appeals, and the appeal lands in the community's supervision inbox (督办), where 张书记 urges and
 * hands it back. On the way: a neighbour taps 我也遇到 instead of filing a duplicate, and the
 * manager's internal note stays hidden from residents.
 */
describe('H5 complaint: report → reject → appeal → community supervision', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let s: BrowserSession;
  let ticketId: string;
  let qr: string;

  beforeAll(async () => {
    ({ app, baseUrl } = await startProduct());
    s = await openBrowser('complaint-appeal');
    qr = await buildingQrToken(baseUrl);
  });
  afterAll(async () => {
    await s?.close();
    await app?.close();
  });
  afterEach(() => {
    expect(s.problems).toEqual([]);
  });

  it('the resident complains about night-time drilling', async () => {
    const page = s.page;
    await signIn(s, baseUrl, '13800000007', '周阿姨');
    await open(page, `${baseUrl}/#/pages/index/index?qr=${qr}`);
    const form = byId(page, 'report-form');
    await form.locator('[data-testid^="category-"][data-name="噪音扰民"]').click();
    // A complaint asks whom it is about; no visit time (that is for repairs).
    await form.getByTestId('target-neighbour').click();
    expect(await form.getByTestId('visit-date').count()).toBe(0);
    await typeInto(form.getByTestId('report-description'), '楼上每天夜里十二点后还在装修，电钻声很大');
    await s.screenshot('complaint-filled');
    await form.getByTestId('report-submit').click();
    await expectStatus(page, '待受理');
    ticketId = (await byId(page, 'ticket-summary').getAttribute('data-ticket-id'))!;
    await s.screenshot('complaint-submitted');
  });

  it('someone else scanning the same stairwell code sees 已有人反映 and taps 我也遇到', async () => {
    const page = s.page;
    await switchUser(s, baseUrl, '13800000009', '吴叔叔');
    await open(page, `${baseUrl}/#/pages/index/index?qr=${qr}`);
    const form = byId(page, 'report-form');
    await form.locator('[data-testid^="category-"][data-name="噪音扰民"]').click();
    const similar = form.getByTestId('similar-tickets');
    await similar.waitFor();
    await expect(similar.textContent()).resolves.toContain('已有人反映');
    await similar.scrollIntoViewIfNeeded();
    await s.screenshot('similar-shown');
    await similar.getByTestId(`me-too-${ticketId}`).click();
    await byId(page, 'ticket-summary').waitFor();
    await expect(byId(page, 'ticket-summary').getAttribute('data-ticket-id')).resolves.toBe(ticketId);
    await byId(page, 'screen').getByText('您已关注此工单').waitFor();
    await s.screenshot('me-too-following');
  });

  it('the community does not see it yet: the company handles it first', async () => {
    const page = s.page;
    await switchUser(s, baseUrl, '13800000003', '张书记');
    await open(page, `${baseUrl}/#/pages/index/index`);
    await byId(page, 'entry-supervision').click();
    await byId(page, 'ticket-list').waitFor();
    expect(await page.locator(`[data-testid="inbox-item"][data-ticket-id="${ticketId}"]`).filter({ visible: true }).count()).toBe(
      0,
    );
    await s.screenshot('supervision-before-appeal');
  });

  it('the manager notes something internally, is told when the ticket changed under them, and rejects it with a reason', async () => {
    const page = s.page;
    await switchUser(s, baseUrl, '13800000005', '刘经理');
    await open(page, `${baseUrl}/#/pages/index/index`);
    await byId(page, 'entry-inbox').click();
    const item = page.locator(`[data-testid="inbox-item"][data-ticket-id="${ticketId}"]`).filter({ visible: true });
    await expect(item.textContent()).resolves.toContain('1人也遇到');
    await item.click();
    await expectStatus(page, '待受理');

    const comments = byId(page, 'comment-box');
    await typeInto(comments.getByTestId('comment-input'), '查过了，楼上装修有物业登记，白天施工');
    await comments.getByTestId('comment-internal').click();
    await comments.getByTestId('comment-send').click();
    await byId(page, 'timeline').getByText('查过了，楼上装修有物业登记').waitFor();
    await expect(byId(page, 'timeline').textContent()).resolves.toContain('内部');

    // Meanwhile the same ticket is accepted on another phone: what this page shows is now stale.
    const { accessToken } = await api<{ accessToken: string }>(baseUrl, '/auth/demo', { body: { phone: '13800000005' } });
    const version = Number(await byId(page, 'ticket-summary').getAttribute('data-version'));
    await api(baseUrl, `/tickets/${ticketId}/accept`, { token: accessToken, body: { version } });

    const reason = '邻里装修噪音属于邻里纠纷，请联系社区调解';
    // A reason is required.
    await act(page, 'reject');
    await expect(byId(page, 'form-error').textContent()).resolves.toContain('请填写原因');
    await typeInto(byId(page, 'action-form').getByTestId('action-text'), reason);
    await s.screenshot('manager-rejecting');
    await byId(page, 'action-form').getByTestId('action-submit').click();
    // The server refuses the stale version (409): the page reloads the ticket and says why.
    await page.getByText('工单刚刚有了新进展，已为您刷新，请确认后再操作').waitFor();
    await expectStatus(page, '已受理');
    await s.screenshot('manager-stale-refreshed');
    // The only console error is the browser's note of that refusal.
    expect(s.problems).toEqual([expect.stringMatching(/status of 409/)]);
    s.problems.length = 0;

    await act(page, 'reject', (form) => typeInto(form.getByTestId('action-text'), reason));
    await expectStatus(page, '不予受理');
    await s.screenshot('manager-rejected');
  });

  it('the resident sees the reason, not the internal note, and appeals', async () => {
    const page = s.page;
    await switchUser(s, baseUrl, '13800000007', '周阿姨');
    await open(page, `${baseUrl}/#/packages/resident/tickets`);
    await byId(page, 'tab-ended').click();
    await page.locator(`[data-testid="ticket-card"][data-ticket-id="${ticketId}"]`).filter({ visible: true }).click();
    await expectStatus(page, '不予受理');
    const timeline = byId(page, 'timeline');
    await expect(timeline.textContent()).resolves.toContain('邻里装修噪音属于邻里纠纷');
    await expect(timeline.textContent()).resolves.not.toContain('物业登记');
    await act(page, 'appeal', async (form) => {
      await typeInto(form.getByTestId('action-text'), '已找过社区，装修的是物业允许的，物业应当管');
    });
    await expectStatus(page, '申诉中');
    expect(await timelineActions(page)).toEqual(['create', 'follow', 'accept', 'reject', 'appeal']);
    await s.screenshot('resident-appealed');
  });

  it('the appeal reaches the community’s supervision inbox, where 张书记 urges and hands it back', async () => {
    const page = s.page;
    await switchUser(s, baseUrl, '13800000003', '张书记');
    await open(page, `${baseUrl}/#/pages/index/index`);
    await byId(page, 'entry-supervision').click();
    const item = page.locator(`[data-testid="inbox-item"][data-ticket-id="${ticketId}"]`).filter({ visible: true });
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain('申诉中');
    await expect(item.textContent()).resolves.toContain('社区督办');
    await s.screenshot('supervision-inbox');
    await item.click();
    await expectStatus(page, '申诉中');
    const buttons = await byId(page, 'action-panel')
      .locator('[data-testid^="action-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(buttons).toEqual(expect.arrayContaining(['action-uphold', 'action-reassign', 'action-urge']));
    await act(page, 'urge', async (form) => {
      await typeInto(form.getByTestId('action-text'), '请物业三天内上门协调');
    });
    await byId(page, 'timeline').getByText('请物业三天内上门协调').waitFor();
    // The community hands it back to the property company to deal with.
    await act(page, 'reassign', async (form) => {
      await form.getByTestId('handler-company').click();
      await typeInto(form.getByTestId('action-text'), '请物业按管理规约处理夜间装修');
    });
    await expectStatus(page, '已受理');
    // Supervisors see the manager's internal note too.
    expect(await timelineActions(page)).toEqual([
      'create',
      'follow',
      'comment',
      'accept',
      'reject',
      'appeal',
      'urge',
      'reassign',
    ]);
    await s.screenshot('supervisor-reassigned');
  });

  it('the resident claims a second household and sees the compound’s public board', async () => {
    const page = s.page;
    await switchUser(s, baseUrl, '13800000007', '周阿姨');
    await byId(page, 'households-link').click();
    await byId(page, 'membership-list').locator('[data-status="verified"]').filter({ hasText: '1号楼 1单元 101' }).waitFor();
    const claim = byId(page, 'claim-form');
    await claim.locator('[data-testid^="claim-compound-"]').filter({ hasText: '幸福里小区' }).click();
    await claim.locator('[data-testid^="claim-building-"]').filter({ hasText: '2号楼' }).click();
    await claim.getByTestId('claim-room').click();
    await page.locator('.weui-picker').filter({ visible: true }).getByText('确定').click();
    await claim.getByTestId('claim-relation-family').click();
    await s.screenshot('claiming');
    await claim.getByTestId('claim-submit').click();
    await byId(page, 'membership-list').locator('[data-status="pending"]').filter({ hasText: '2号楼' }).waitFor();
    await s.screenshot('claim-pending');

    await open(page, `${baseUrl}/#/pages/index/index`);
    await byId(page, 'compound-item').filter({ hasText: '幸福里小区' }).click();
    const board = byId(page, 'board');
    await board.waitFor();
    await expect(board.textContent()).resolves.toContain('幸福里小区');
    expect(await board.getByTestId('board-item').count()).toBeGreaterThan(0);
    await s.screenshot('board');
  });
});
