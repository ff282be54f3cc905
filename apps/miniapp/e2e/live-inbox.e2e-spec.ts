import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { CategoryView, CompoundView, Page, TicketView } from '@doorstep/contracts';
import { openBrowser, startProduct, type BrowserSession } from './browser';
import { api, byId, open, signIn, switchUser } from './flows';

jest.setTimeout(120_000);

/** A new ticket shows up on an open page within seconds (the app polls GET /me/badges); this long at most. */
const LIVE = { timeout: 20_000 };

/**
 * The manager keeps the inbox open; a resident reports 电梯困人 (特急) from her own phone. Without
 * anyone touching the manager's phone, the ticket appears in the inbox, the count above it says so,
 * and back on 首页 the tab bar and the 消息 entry count the new message.
 */
describe('H5 live inbox and badges', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let s: BrowserSession;

  beforeAll(async () => {
    ({ app, baseUrl } = await startProduct());
    s = await openBrowser('live-inbox');
  });
  afterAll(async () => {
    await s?.close();
    await app?.close();
  });
  afterEach(() => {
    expect(s.problems).toEqual([]);
  });

  /** 周阿姨 reports from her phone (straight to the API): an emergency at 幸福里小区. */
  async function residentReportsEmergency(description: string): Promise<TicketView> {
    const { accessToken: token } = await api<{ accessToken: string }>(baseUrl, '/auth/demo', { body: { phone: '13800000007' } });
    const compounds = await api<Page<CompoundView>>(baseUrl, '/compounds', { token });
    const compound = compounds.items.find((c) => c.name === '幸福里小区')!;
    const categories = await api<CategoryView[]>(baseUrl, `/compounds/${compound.id}/categories`, { token });
    const elevator = categories.find((c) => c.priority === 'emergency')!;
    return api<TicketView>(baseUrl, '/tickets', {
      token,
      body: { compoundId: compound.id, categoryId: elevator.id, description },
    });
  }

  it('shows a 特急 ticket in the open inbox and counts it, without a reload', async () => {
    const page = s.page;
    await signIn(s, baseUrl, '13800000005', '刘经理');
    const { accessToken: token } = await api<{ accessToken: string }>(baseUrl, '/auth/demo', { body: { phone: '13800000005' } });
    const before = (await api<Page<TicketView>>(baseUrl, '/tickets/inbox?limit=100', { token })).items;
    await open(page, `${baseUrl}/#/pages/index/index`);
    await byId(page, 'entry-inbox').click();
    await byId(page, 'ticket-list').waitFor();
    await s.screenshot('inbox-before');

    const ticket = await residentReportsEmergency('电梯困人，3楼和4楼之间，里面有老人！');

    await page.locator(`[data-testid="inbox-item"][data-ticket-id="${ticket.id}"]`).filter({ visible: true }).waitFor(LIVE);
    await expect(byId(page, 'inbox-item').first().textContent()).resolves.toContain('特急');
    const urgentBefore = before.filter((t) => t.priority !== 'normal').length;
    await page
      .locator(`[data-testid="work-count"][data-open="${before.length + 1}"][data-urgent="${urgentBefore + 1}"]`)
      .filter({ visible: true })
      .waitFor(LIVE);
    await s.screenshot('inbox-live');
  });

  it('counts the new message on the 首页 tab and the 消息 entry, and again while 首页 stays open', async () => {
    const page = s.page;
    await page.goBack();
    const messages = byId(page, 'entry-messages');
    await messages.filter({ hasText: '1 条未读' }).waitFor(LIVE);
    await page.locator('.taro-tabbar-badge').filter({ hasText: /^1$/ }).waitFor(LIVE);
    await s.screenshot('home-badge-1');

    await residentReportsEmergency('电梯门夹人，按钮失灵');
    await messages.filter({ hasText: '2 条未读' }).waitFor(LIVE);
    await page.locator('.taro-tabbar-badge').filter({ hasText: /^2$/ }).waitFor(LIVE);
    await s.screenshot('home-badge-2');

    // Read on the 消息 page: the badge goes away when 首页 shows again.
    await messages.click();
    await byId(page, 'messages-read-all').click();
    await byId(page, 'messages-read-all').waitFor({ state: 'detached', ...LIVE });
    await page.goBack();
    await page.locator('.taro-tabbar-badge').waitFor({ state: 'detached', ...LIVE });
    await expect(byId(page, 'entry-messages').textContent()).resolves.not.toContain('未读');
  });

  it('lists the ticket a neighbour followed (我也遇到) under 我的工单 → 我关注的', async () => {
    const page = s.page;
    const ticket = await residentReportsEmergency('楼道电梯异响');
    const { accessToken: token } = await api<{ accessToken: string }>(baseUrl, '/auth/demo', { body: { phone: '13800000009' } });
    await api<TicketView>(baseUrl, `/tickets/${ticket.id}/follow`, { token, method: 'POST', body: {} });
    await switchUser(s, baseUrl, '13800000009', '吴叔叔');
    await open(page, `${baseUrl}/#/packages/resident/tickets`);
    await byId(page, 'tab-following').click();
    await page.locator(`[data-testid="ticket-card"][data-ticket-id="${ticket.id}"]`).filter({ visible: true }).waitFor();
    await s.screenshot('following-tab');
  });
});
