import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../api/src/seed/demo-accounts';
import { readabilityProblems, zoomBlocked } from './audit';
import { openBrowser, startProduct, type BrowserSession } from './browser';
import { api, buildingQrToken, byId, demoToken, open, scanned, signIn, signOut } from './flows';

jest.setTimeout(240_000);

interface Ticketish {
  id: number;
  version: number;
}

/**
 * Every page each demo role can reach, walked the way they would (home tiles, lists, a ticket with
 * each of its action forms open, the report form with a repair and a complaint chosen), on a 320 px
 * phone in 长辈模式 and, for a resident and a manager, on a 390 px phone in the normal mode. On every
 * page: no text under 16 px, nothing cut off or squeezed, no tap target under 44 px, zoom allowed,
 * no console error.
 */
describe('H5 readability: every page, every role, small phone, 长辈模式', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let s: BrowserSession;
  let qr: string;
  let compoundId: number;

  beforeAll(async () => {
    ({ app, baseUrl } = await startProduct());
    s = await openBrowser('readability');
    qr = await buildingQrToken(baseUrl);
    compoundId = await seedTickets(baseUrl, qr);
  });
  afterAll(async () => {
    await s?.close();
    await app?.close();
  });
  afterEach(() => {
    expect(s.problems).toEqual([]);
  });

  /** Audits the page shown now and keeps a screenshot of it. */
  const check = async (found: string[], label: string) => {
    const page = s.page;
    await settle(page);
    await s.screenshot(label);
    const blocked = await zoomBlocked(page);
    if (blocked) found.push(`${label}: zoom blocked: ${blocked}`);
    for (const problem of await readabilityProblems(page)) found.push(`${label}: ${problem}`);
  };

  /** The phone's size and mode, signed out (a failed walk before must not spoil the next). */
  const setPhone = async (width: number, elderly: boolean) => {
    await s.page.setViewportSize({ width, height: 700 });
    await open(s.page, `${baseUrl}/#/pages/me/index`);
    const screen = byId(s.page, 'screen');
    await screen.waitFor();
    await byId(s.page, 'sign-in-panel').or(byId(s.page, 'signed-in-name')).waitFor();
    if (await byId(s.page, 'signed-in-name').count()) await signOut(s, baseUrl);
    if ((await screen.getAttribute('data-elderly')) !== String(elderly)) await byId(s.page, 'elderly-mode').click();
    await s.page.locator(`[data-testid="screen"][data-elderly="${elderly}"]`).filter({ visible: true }).waitFor();
  };

  it('signed out, 320 px, 长辈模式: home, 我的, a scanned code, the board, 关于', async () => {
    const found: string[] = [];
    await setPhone(320, true);
    await walkSignedOut(found, 'out-320');
    expect(found).toEqual([]);
  });

  for (const account of DEMO_ACCOUNTS) {
    it(`${account.name} (${account.description}), 320 px, 长辈模式`, async () => {
      const found: string[] = [];
      await setPhone(320, true);
      await signIn(s, baseUrl, account.phone, account.name);
      await walkSignedIn(found, `${account.phone}-320`);
      await signOut(s, baseUrl);
      expect(found).toEqual([]);
    });
  }

  for (const phone of ['13800000007', '13800000005']) {
    const account = DEMO_ACCOUNTS.find((a) => a.phone === phone)!;
    it(`${account.name}, 390 px, normal mode`, async () => {
      const found: string[] = [];
      await setPhone(390, false);
      await signIn(s, baseUrl, account.phone, account.name);
      await walkSignedIn(found, `${account.phone}-390`);
      await signOut(s, baseUrl);
      expect(found).toEqual([]);
    });
  }

  async function walkSignedOut(found: string[], tag: string) {
    const page = s.page;
    await open(page, `${baseUrl}/#/pages/index/index`);
    await check(found, `${tag}-home`);
    await open(page, `${baseUrl}/#/pages/me/index`);
    await byId(page, 'demo-user-13800000007').waitFor();
    await check(found, `${tag}-me`);
    await open(page, `${baseUrl}/#/pages/index/index?qr=${qr}`);
    await byId(page, 'sign-in-panel').waitFor();
    await check(found, `${tag}-report-gate`);
    await open(page, `${baseUrl}/#/packages/resident/board?compoundId=${compoundId}`);
    await byId(page, 'board').waitFor();
    await check(found, `${tag}-board`);
    await open(page, `${baseUrl}/#/packages/about/index`);
    await byId(page, 'about').waitFor();
    await check(found, `${tag}-about`);
  }

  async function walkSignedIn(found: string[], tag: string) {
    const page = s.page;
    await open(page, `${baseUrl}/#/pages/me/index`);
    await byId(page, 'signed-in-name').waitFor();
    await check(found, `${tag}-me`);

    await open(page, `${baseUrl}/#/pages/index/index`);
    await byId(page, 'compound-item').first().waitFor();
    await check(found, `${tag}-home`);
    const entries = await page
      .locator('[data-testid^="entry-"]')
      .filter({ visible: true })
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
    for (const entry of entries) {
      await open(page, `${baseUrl}/#/pages/index/index`);
      await byId(page, entry).click();
      if (entry === 'entry-scan' || entry === 'entry-gridScan') {
        // H5 has no camera scanner: the number under the code is typed instead.
        await byId(page, 'token-entry').waitFor();
        await check(found, `${tag}-scan`);
      } else if (entry === 'entry-report') {
        // With homes or codes in several compounds, a sheet asks which one first.
        const sheet = page.locator('.taro-actionsheet__cell').filter({ visible: true });
        await byId(page, 'report-form').or(sheet.first()).waitFor();
        if (await sheet.count()) {
          await check(found, `${tag}-report-which`);
          await sheet.first().click();
        }
        await byId(page, 'report-form').waitFor();
        await walkReportForm(found, `${tag}-report-app`);
      } else {
        await page.waitForFunction(() => !location.hash.startsWith('#/pages/index/index'));
        await check(found, `${tag}-${entry.slice('entry-'.length)}`);
        if (entry === 'entry-manage' || entry === 'entry-admin') await walkAdmin(found, `${tag}-${entry.slice('entry-'.length)}`);
        if (entry === 'entry-gridHouseholds') await walkGrid(found, `${tag}-grid`);
        const item = page.locator('[data-testid="ticket-card"], [data-testid="inbox-item"], [data-testid="message-item"]');
        if (await item.filter({ visible: true }).count()) {
          await item.filter({ visible: true }).first().click();
          await walkTicket(found, `${tag}-${entry.slice('entry-'.length)}-ticket`);
        }
      }
    }

    await open(page, `${baseUrl}/#/pages/index/index`);
    await byId(page, 'compound-item').first().click();
    await byId(page, 'board').waitFor();
    await check(found, `${tag}-board`);

    await open(page, `${baseUrl}/#/pages/index/index?qr=${qr}`);
    await byId(page, 'report-form').waitFor();
    await walkReportForm(found, `${tag}-report-qr`);

    await open(page, `${baseUrl}/#/packages/about/index`);
    await byId(page, 'about').waitFor();
    await check(found, `${tag}-about`);
  }

  /** A grid worker's household and the visit form with a 诉求 open (我的住户 → 住户详情 → 记录走访). */
  async function walkGrid(found: string[], tag: string) {
    const page = s.page;
    await byId(page, 'grid-households').locator('[data-testid^="grid-household-row-"]').first().click();
    await byId(page, 'grid-household-label').waitFor();
    await check(found, `${tag}-household`);
    await byId(page, 'visit-record').click();
    await byId(page, 'visit-form').waitFor();
    await byId(page, 'visit-request-add').click();
    await check(found, `${tag}-visit`);
  }

  /** Every page of an admin hub (物业管理, 社区与街道管理), opened from its tiles. */
  async function walkAdmin(found: string[], tag: string) {
    const page = s.page;
    const hash = await page.evaluate(() => location.hash);
    const tiles = await page
      .locator('[data-testid^="entry-manage-"], [data-testid^="entry-admin-"]')
      .filter({ visible: true })
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
    expect(tiles.length).toBeGreaterThan(0);
    for (const tile of tiles) {
      await open(page, `${baseUrl}/${hash}`);
      await byId(page, tile).click();
      await page.waitForFunction((from) => location.hash !== from, hash);
      await check(found, `${tag}-${tile.replace(/^entry-(manage|admin)-/, '')}`);
    }
  }

  async function walkReportForm(found: string[], tag: string) {
    const form = byId(s.page, 'report-form');
    await check(found, tag);
    await form.locator('[data-testid^="category-"][data-name="水电维修"]').click();
    await form.getByTestId('visit-date').waitFor();
    await check(found, `${tag}-repair`);
    await form.locator('[data-testid^="category-"][data-name="噪音扰民"]').click();
    await form.getByTestId('target-company').waitFor();
    await check(found, `${tag}-complaint`);
  }

  async function walkTicket(found: string[], tag: string) {
    const page = s.page;
    await byId(page, 'ticket-summary').waitFor();
    await check(found, tag);
    const panel = byId(page, 'action-panel');
    if (!(await panel.count())) return;
    const actions = await panel
      .locator('[data-testid^="action-"]:not([data-testid="action-form"] *)')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
    for (const action of actions) {
      await byId(page, action).click();
      const form = page.locator(`[data-testid="action-form"][data-action="${action.slice('action-'.length)}"]`);
      await form.filter({ visible: true }).waitFor();
      await form.filter({ visible: true }).scrollIntoViewIfNeeded();
      await check(found, `${tag}-${action}`);
      await form.filter({ visible: true }).getByTestId('action-close').click();
    }
  }
});

/** Waits until nothing on the page shown says 加载中. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('[data-testid="status-loading"]')).every((el) => el.getClientRects().length === 0),
  );
}

/**
 * Tickets in every state a page shows differently: 周阿姨's leak (accepted and assigned to 陈师傅),
 * her noise complaint about the company (with the community at once), a finished repair to rate, and
 * 吴叔叔's duplicate merged into her leak. Returns the compound's id.
 */
async function seedTickets(baseUrl: string, qr: string): Promise<number> {
  const [resident, neighbour, manager, staff] = await Promise.all(
    ['13800000007', '13800000009', '13800000005', '13800000006'].map((phone) => demoToken(baseUrl, phone)),
  );
  const scan = await scanned(baseUrl, qr);
  const category = (name: string) => scan.categories.find((c) => c.name === name)!.id;
  const staffId = (await api<{ user: { id: number } }>(baseUrl, '/me', { token: staff })).user.id;
  const report = (token: string, body: object) =>
    api<Ticketish>(baseUrl, '/tickets', { token, body: { compoundId: scan.compound.id, qrToken: qr, ...body } });
  const act = (token: string, t: Ticketish, action: string, body: object = {}) =>
    api<Ticketish>(baseUrl, `/tickets/${t.id}/${action}`, { token, body: { version: t.version, ...body } });

  let leak = await report(resident, { categoryId: category('水电维修'), description: '卫生间水管接口漏水，地面有积水' });
  const duplicate = await report(neighbour, { categoryId: category('水电维修'), description: '楼道里水管在滴水' });
  await act(manager, duplicate, 'merge', { duplicateOfId: leak.id });
  leak = await act(manager, leak, 'accept');
  await act(manager, leak, 'assign', { assigneeId: staffId });
  await report(resident, { categoryId: category('噪音扰民'), description: '物业夜里修剪草坪太吵', complaintTarget: 'company' });
  let done = await report(resident, { categoryId: category('公共照明'), description: '三楼楼道灯不亮' });
  done = await act(manager, done, 'accept');
  done = await act(manager, done, 'assign', { assigneeId: staffId });
  done = await act(staff, done, 'start');
  await act(staff, done, 'resolve', { note: '已更换灯泡' });
  return scan.compound.id;
}
