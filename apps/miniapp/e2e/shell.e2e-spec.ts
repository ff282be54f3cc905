import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEMO_ACCOUNTS } from '../../api/src/seed/demo-accounts';
import { openBrowser, startProduct, type BrowserSession } from './browser';
import { open, signOut } from './flows';

// Starting the API on a busy machine takes longer than Jest's default 5 s (a hook's limit too).
jest.setTimeout(60_000);

/** A newcomer opens the H5 app, sees the API is healthy, and signs in as each demo role. */
describe('H5 shell', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let s: BrowserSession;

  beforeAll(async () => {
    ({ app, baseUrl } = await startProduct());
    s = await openBrowser('shell');
  });
  afterAll(async () => {
    await s?.close();
    await app?.close();
  });
  afterEach(() => {
    expect(s.problems).toEqual([]);
  });

  it('keeps developer details off 首页 and shows the API health and the embedded database in 关于', async () => {
    await s.page.goto(`${baseUrl}/#/pages/index/index`);
    await s.page.getByTestId('go-sign-in').waitFor();
    // A healthy service is not news to a resident; which database it runs on is none of theirs.
    expect(await s.page.getByTestId('health-status').count()).toBe(0);
    expect(await s.page.getByTestId('health-database').count()).toBe(0);
    await s.screenshot('home-signed-out');
    await s.page.goto(`${baseUrl}/#/packages/about/index`);
    // The page says 正在检查服务… until /health answers: wait for the answer, not just the field.
    await s.page.getByTestId('health-status').filter({ hasText: '正常' }).waitFor();
    await s.page
      .getByTestId('health-database')
      .filter({ hasText: /sqlite/i })
      .waitFor();
    await s.screenshot('about');
  });

  it('keeps 长辈模式 (larger text and buttons) across launches', async () => {
    // A fresh load: a hash change alone keeps the previous page in the stack, visible while it slides away.
    await open(s.page, `${baseUrl}/#/pages/me/index`);
    const screen = s.page.getByTestId('screen').filter({ visible: true });
    await expect(screen.getAttribute('data-elderly')).resolves.toBe('false');
    const normal = await screen.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    await s.page.getByTestId('elderly-mode').filter({ visible: true }).click();
    await expect(screen.getAttribute('data-elderly')).resolves.toBe('true');
    await s.page.reload();
    await expect(screen.getAttribute('data-elderly')).resolves.toBe('true');
    const large = await screen.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(large).toBeGreaterThan(normal * 1.2);
    await s.screenshot('elderly-mode');
    await s.page.getByTestId('elderly-mode').filter({ visible: true }).click();
    await expect(screen.getAttribute('data-elderly')).resolves.toBe('false');
  });

  it('says so when the phone goes offline', async () => {
    await open(s.page, `${baseUrl}/#/pages/index/index`);
    await s.page.getByTestId('go-sign-in').filter({ visible: true }).waitFor();
    await s.page.context().setOffline(true);
    await s.page.getByTestId('offline-banner').filter({ visible: true }).waitFor();
    await expect(s.page.getByTestId('offline-banner').filter({ visible: true }).textContent()).resolves.toContain('没有网络');
    await s.screenshot('offline');
    await s.page.context().setOffline(false);
    await s.page.getByTestId('offline-banner').filter({ visible: true }).waitFor({ state: 'detached' });
  });

  for (const account of DEMO_ACCOUNTS) {
    it(`signs in as ${account.name} (${account.description}) and back out`, async () => {
      await open(s.page, `${baseUrl}/#/pages/me/index`);
      await s.page.getByTestId(`demo-user-${account.phone}`).click();
      await expect(s.page.getByTestId('signed-in-name').textContent()).resolves.toContain(account.name);
      const roles = s.page.getByTestId('role-item');
      await roles.first().waitFor();
      const shown = await roles.evaluateAll((els) => els.map((e) => e.getAttribute('data-role')));
      for (const r of account.roles) expect(shown).toContain(r.role);
      if (account.household) expect(shown).toContain('resident');
      await s.screenshot(`me-${account.phone}`);

      await open(s.page, `${baseUrl}/#/pages/index/index`);
      await s.page.getByTestId('compound-item').first().waitFor();
      expect(await s.page.getByTestId('compound-item').count()).toBeGreaterThan(0);
      await s.screenshot(`home-${account.phone}`);

      await signOut(s, baseUrl);
    });
  }
});
