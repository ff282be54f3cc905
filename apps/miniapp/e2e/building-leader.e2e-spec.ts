import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { openBrowser, startProduct, type BrowserSession } from './browser';
import { api, byId, demoToken, signIn, switchUser, typeInto } from './flows';

jest.setTimeout(180_000);

/**
 * 楼长代办: 钱大姐, 楼长 of 幸福里小区 1号楼 (seeded), files a report for her neighbour 吴叔叔 (1单元 102)
 * from 首页 → 代办报事, and finds it under 本楼工单; 吴叔叔 finds it under his own tickets.
 */
describe('H5 building leader: 代办报事 → 本楼工单', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let s: BrowserSession;

  beforeAll(async () => {
    ({ app, baseUrl } = await startProduct());
    s = await openBrowser('building-leader');
  });
  afterAll(async () => {
    await s?.close();
    await app?.close();
  });
  afterEach(() => {
    expect(s.problems).toEqual([]);
  });

  it('files for a neighbour by room and sees it among the building’s open tickets', async () => {
    const page = s.page;
    const description = '吴叔叔家门口的楼道灯不亮了，晚上上下楼看不见';
    await signIn(s, baseUrl, '13800000010', '钱大姐');
    await page.goto(`${baseUrl}/#/pages/index/index`);
    await byId(page, 'entry-leaderReport').click();

    const form = byId(page, 'proxy-form');
    const neighbour = form.locator('[data-testid^="proxy-household-"]').filter({ hasText: '1单元 102' });
    await neighbour.waitFor();
    await s.screenshot('proxy-form');
    await neighbour.click();
    const category = form.locator('[data-testid^="proxy-category-"]').filter({ hasText: '公共照明' });
    await category.first().waitFor();
    await category.first().click();
    await typeInto(byId(page, 'proxy-description'), description);
    await byId(page, 'proxy-submit').click();

    // The ticket page it lands on: the neighbour's ticket, filed by the 楼长.
    await byId(page, 'ticket-description').filter({ hasText: description }).waitFor();
    const ticketId = Number(await byId(page, 'ticket-summary').getAttribute('data-ticket-id'));
    expect(ticketId).toBeGreaterThan(0);
    await s.screenshot('proxy-filed');

    await page.goto(`${baseUrl}/#/pages/index/index`);
    await byId(page, 'entry-leaderTickets').click();
    const card = page.locator(`[data-testid="ticket-card"][data-ticket-id="${ticketId}"]`).filter({ visible: true });
    await card.waitFor();
    await s.screenshot('building-tickets');
    expect(await card.textContent()).toContain(description);

    // 吴叔叔 sees it as his own.
    const neighbourToken = await demoToken(baseUrl, '13800000009');
    const mine = await api<{ items: Array<{ id: number; source: string }> }>(baseUrl, '/tickets/mine?limit=100', {
      token: neighbourToken,
    });
    expect(mine.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: ticketId, source: 'proxy' })]));
  });

  it('the community appoints a 楼长/单元长 for a building on 人员与角色', async () => {
    const page = s.page;
    await switchUser(s, baseUrl, '13800000003', '张书记');
    await page.goto(`${baseUrl}/#/packages/admin/people`);
    const leaders = byId(page, 'building-leaders');
    const compound = leaders.locator('[data-testid^="leaders-compound-"]').filter({ hasText: '阳光花园' });
    await compound.waitFor();
    await compound.click();
    const building = leaders.locator('[data-testid^="leaders-building-"]').filter({ hasText: '3号楼' });
    await building.waitFor();
    await building.click();
    await byId(page, 'leaders-form').filter({ hasText: '3号楼' }).waitFor();
    await typeInto(byId(page, 'leaders-name'), '郑单元长');
    await typeInto(byId(page, 'leaders-phone'), '13900000188');
    await byId(page, 'leaders-add').click();
    await byId(page, 'leaders').filter({ hasText: '郑单元长' }).filter({ hasText: '3号楼 · 阳光花园' }).waitFor();
    await s.screenshot('appointed');

    // Stored as a building_leader on that building.
    const buildingId = Number((await building.getAttribute('data-testid'))!.replace('leaders-building-', ''));
    const held = await api<{ items: Array<{ userName: string; role: string }> }>(
      baseUrl,
      `/role-assignments?scopeType=building&scopeId=${buildingId}`,
      { token: await demoToken(baseUrl, '13800000003') },
    );
    expect(held.items).toEqual([expect.objectContaining({ userName: '郑单元长', role: 'building_leader' })]);
  });
});
