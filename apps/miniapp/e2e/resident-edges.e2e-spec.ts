import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LIMITS } from '@doorstep/contracts';
import { readabilityProblems } from './audit';
import { openBrowser, startProduct, type BrowserSession } from './browser';
import { api, buildingQrToken, byId, demoToken, open, scanned, signIn, signOut, typeInto } from './flows';

jest.setTimeout(120_000);

interface Ticketish {
  id: number;
  version: number;
}

/**
 * What a resident ran into on a small phone (issue 7, section 4): the 已有人反映 card, the place a
 * stairwell code starts with, merged duplicates, a file that is not a photo, a dead QR code, an unknown
 * address, the description's length limit and signing out. 320 px wide, 长辈模式.
 */
describe('H5 resident edges on a 320 px phone in 长辈模式', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let s: BrowserSession;
  let qr: string;
  let original: Ticketish;
  let duplicate: Ticketish;

  beforeAll(async () => {
    ({ app, baseUrl } = await startProduct());
    s = await openBrowser('resident-edges');
    await s.page.setViewportSize({ width: 320, height: 700 });
    qr = await buildingQrToken(baseUrl);
    const token = (phone: string) => demoToken(baseUrl, phone);
    const scan = await scanned(baseUrl, qr);
    const water = scan.categories.find((c) => c.name === '水电维修')!.id;
    original = await api<Ticketish>(baseUrl, '/tickets', {
      token: await token('13800000007'),
      body: { compoundId: scan.compound.id, categoryId: water, qrToken: qr, description: '二楼楼道水管爆裂，水一直往下流到一楼' },
    });
    duplicate = await api<Ticketish>(baseUrl, '/tickets', {
      token: await token('13800000009'),
      body: { compoundId: scan.compound.id, categoryId: water, qrToken: qr, description: '楼道里到处是水' },
    });
    await api(baseUrl, `/tickets/${duplicate.id}/merge`, {
      token: await token('13800000005'),
      body: { version: duplicate.version, duplicateOfId: original.id },
    });
  });
  afterAll(async () => {
    await s?.close();
    await app?.close();
  });
  afterEach(() => {
    expect(s.problems).toEqual([]);
  });

  it('a verified resident scanning the code of his own building reports about his home by default', async () => {
    const page = s.page;
    await open(page, `${baseUrl}/#/pages/me/index`);
    await byId(page, 'elderly-mode').click();
    await signIn(s, baseUrl, '13800000009', '吴叔叔');
    await open(page, `${baseUrl}/#/pages/index/index?qr=${qr}`);
    const form = byId(page, 'report-form');
    await form.waitFor();
    await expect(form.getByTestId('place-home').getAttribute('data-active')).resolves.toBe('true');
    await expect(form.getByTestId('place-public').getAttribute('data-active')).resolves.toBe('false');
    await s.screenshot('home-by-default');
    // The stairwell itself is still one tap away.
    await form.getByTestId('place-public').click();
    await expect(form.getByTestId('place-public').getAttribute('data-active')).resolves.toBe('true');
  });

  it('已有人反映 wraps its text at full width, with a short description and a large 我也遇到', async () => {
    const page = s.page;
    const form = byId(page, 'report-form');
    await form.locator('[data-testid^="category-"][data-name="水电维修"]').click();
    const item = form.getByTestId('similar-item').filter({ has: page.getByTestId(`me-too-${original.id}`) });
    await item.scrollIntoViewIfNeeded();
    await expect(item.getByTestId('similar-summary').textContent()).resolves.toContain('二楼楼道水管爆裂');
    const sizes = await item.evaluate((el) => {
      const info = el.querySelector('[data-testid="similar-info"]')!.getBoundingClientRect();
      const button = el.querySelector('[data-testid^="me-too-"]')!.getBoundingClientRect();
      return { item: el.getBoundingClientRect().width, info: info.width, button: { w: button.width, h: button.height } };
    });
    // The text gets (nearly) the card's width, not a sliver beside the button.
    expect(sizes.info).toBeGreaterThan(sizes.item * 0.9);
    expect(sizes.button.h).toBeGreaterThanOrEqual(44);
    expect(sizes.button.w).toBeGreaterThanOrEqual(44);
    await item.screenshot({ path: join(s.dir, 'similar-card-320-elderly.png') });
  });

  it('the description shows how much room is left and stops at the limit with a word why', async () => {
    const page = s.page;
    const form = byId(page, 'report-form');
    await typeInto(form.getByTestId('report-description'), '水管漏水');
    await expect(form.getByTestId('description-count').textContent()).resolves.toBe(`4/${LIMITS.ticketDescriptionMax}`);
    await typeInto(form.getByTestId('report-description'), '漏'.repeat(LIMITS.ticketDescriptionMax + 50));
    await expect(form.getByTestId('description-count').textContent()).resolves.toBe(
      `${LIMITS.ticketDescriptionMax}/${LIMITS.ticketDescriptionMax}`,
    );
    await expect(form.getByTestId('description-limit').textContent()).resolves.toContain(`${LIMITS.ticketDescriptionMax}`);
    await form.getByTestId('description-count').scrollIntoViewIfNeeded();
    await s.screenshot('description-at-limit');
  });

  it('a file that is not a photo is refused with a clear message', async () => {
    const page = s.page;
    const form = byId(page, 'report-form');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), form.getByTestId('add-photo').click()]);
    await chooser.setFiles({ name: '通知.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 not a photo') });
    await form.getByTestId('photo-error').waitFor();
    await expect(form.getByTestId('photo-error').textContent()).resolves.toContain('不是照片');
    expect(await form.getByTestId('photo-tile').count()).toBe(0);
    await form.getByTestId('photo-error').scrollIntoViewIfNeeded();
    await s.screenshot('not-a-photo');
  });

  it('the merged duplicate says 已合并 (not 已评价) and links to the ticket it joined, in every place it shows', async () => {
    const page = s.page;
    await open(page, `${baseUrl}/#/packages/resident/ticket?id=${duplicate.id}`);
    const summary = byId(page, 'ticket-summary');
    await expect(summary.getByTestId('ticket-status').textContent()).resolves.toBe('已合并');
    await s.screenshot('merged-ticket');
    await summary.getByTestId('merged-into').click();
    await expect(byId(page, 'ticket-summary').getAttribute('data-ticket-id')).resolves.toBe(String(original.id));

    await open(page, `${baseUrl}/#/packages/resident/tickets`);
    const card = page.locator(`[data-testid="ticket-card"][data-ticket-id="${duplicate.id}"]`).filter({ visible: true });
    await expect(card.getByTestId('ticket-status').textContent()).resolves.toBe('已合并');

    await open(page, `${baseUrl}/#/packages/messages/index`);
    await byId(page, 'message-list').getByTestId('message-item').filter({ hasText: '已合并' }).first().waitFor();
    const messages = await byId(page, 'message-list').getByTestId('message-item').allTextContents();
    expect(messages.join('\n')).toContain('已合并');
    expect(messages.join('\n')).not.toContain('已评价');
    await s.screenshot('merged-messages');

    await open(page, `${baseUrl}/#/packages/resident/board?compoundId=${(await scanned(baseUrl, qr)).compound.id}`);
    const row = page.locator(`[data-testid="board-item"][data-ticket-id="${duplicate.id}"]`).filter({ visible: true });
    await expect(row.getByTestId('ticket-status').textContent()).resolves.toBe('已合并');
    await s.screenshot('merged-board');
  });

  it('signing out asks first, and the button is away from the 长辈模式 switch', async () => {
    const page = s.page;
    await open(page, `${baseUrl}/#/pages/me/index`);
    await byId(page, 'sign-out').click();
    const modal = page.locator('.taro-modal__content').filter({ visible: true });
    await modal.waitFor();
    await expect(modal.textContent()).resolves.toContain('退出登录');
    await s.screenshot('sign-out-confirm');
    expect(await readabilityProblems(page)).toEqual([]);
    await modal.getByText('取消').click();
    await expect(byId(page, 'signed-in-name').textContent()).resolves.toContain('吴叔叔');
    const gap = await page.evaluate(() => {
      const shown = (id: string) =>
        Array.from(document.querySelectorAll(`[data-testid="${id}"]`)).find((el) => el.getClientRects().length)!;
      const out = shown('sign-out').getBoundingClientRect();
      const elderly = shown('elderly-mode').getBoundingClientRect();
      const card = shown('elderly-mode').closest('.card')!.getBoundingClientRect();
      return { gap: Math.max(elderly.top - out.bottom, out.top - elderly.bottom), inside: elderly.right <= card.right };
    });
    expect(gap.gap).toBeGreaterThanOrEqual(88);
    // The (enlarged) switch stays inside its card.
    expect(gap.inside).toBe(true);
    await signOut(s, baseUrl);
  });

  it('a revoked or unknown code explains itself and offers a way on', async () => {
    const page = s.page;
    // The property company replaced the poster of 2号楼: the old code is revoked.
    const manager = await demoToken(baseUrl, '13800000005');
    const compoundId = (await scanned(baseUrl, qr)).compound.id;
    const codes = await api<{ items: Array<{ id: number; version: number; buildingName: string | null; token: string }> }>(
      baseUrl,
      `/qr-codes?compoundId=${compoundId}&limit=100`,
      { token: manager },
    );
    const old = codes.items.find((c) => c.buildingName === '2号楼')!;
    await api(baseUrl, `/qr-codes/${old.id}/revoke`, { token: manager, body: { version: old.version } });

    await signIn(s, baseUrl, '13800000007', '周阿姨');
    await open(page, `${baseUrl}/#/pages/index/index?qr=${old.token}`);
    const deadEnd = byId(page, 'qr-dead-end');
    await deadEnd.waitFor();
    await expect(deadEnd.textContent()).resolves.toContain('二维码用不了');
    // The browser logs the API's 404 for the revoked code.
    expect(s.problems).toEqual([expect.stringMatching(/status of 404/)]);
    s.problems.length = 0;
    await s.screenshot('qr-dead-end');
    // Her own compound is offered by name: the report opens there without a code.
    await deadEnd.locator('[data-testid^="qr-pick-compound-"]').filter({ hasText: '幸福里小区' }).click();
    await byId(page, 'report-form').waitFor();
    await expect(byId(page, 'report-place').textContent()).resolves.toContain('幸福里小区');

    // A code that cannot be one at all (a damaged print, a typo) says the same, without asking the server.
    await open(page, `${baseUrl}/#/pages/index/index?qr=not-a-code`);
    await byId(page, 'qr-dead-end').getByTestId('qr-go-home').click();
    await byId(page, 'entry-report').waitFor();
  });

  it('an unknown address shows 页面不存在 with a way home', async () => {
    const page = s.page;
    await open(page, `${baseUrl}/#/packages/resident/nothing-here?id=1`);
    const notFound = byId(page, 'not-found');
    await notFound.waitFor();
    await expect(notFound.textContent()).resolves.toContain('页面不存在');
    await s.screenshot('not-found');
    await notFound.getByTestId('not-found-home').click();
    await byId(page, 'entry-report').waitFor();
  });
});
