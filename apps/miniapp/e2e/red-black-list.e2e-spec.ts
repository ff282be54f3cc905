import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEFAULT_SCORE_SCHEME, type ScoreListView } from '@doorstep/contracts';
import { Ticket } from '../../api/src/tickets/ticket.entity';
import { productDb } from '../../api/test/support/product-db';
import { openBrowser, startProduct, type BrowserSession } from './browser';
import { api, buildingQrToken, byId, demoToken, open, scanned } from './flows';

jest.setTimeout(120_000);

/** The previous Shanghai month, 'YYYY-MM': the latest one the street can publish. */
function lastMonth(): { label: string; day: Date } {
  const shanghai = new Date(Date.now() + 8 * 3600_000);
  const first = Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), 1);
  const day = new Date(first - 10 * 86400_000);
  return { label: day.toISOString().slice(0, 7), day };
}

/**
 * The street publishes last month's 红黑榜; a resident sees it on the board of her compound (stars,
 * place, grade) and opens the list. 320 px wide, as on a small phone.
 */
describe('H5 红黑榜 on the compound board', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let s: BrowserSession;
  let compoundId: number;
  let list: ScoreListView;

  beforeAll(async () => {
    ({ app, baseUrl } = await startProduct());
    s = await openBrowser('red-black-list');
    await s.page.setViewportSize({ width: 320, height: 700 });
    const qr = await buildingQrToken(baseUrl);
    const scan = await scanned(baseUrl, qr);
    compoundId = scan.compound.id;
    const water = scan.categories.find((c) => c.name === '水电维修')!.id;
    const ticket = await api<{ id: number }>(baseUrl, '/tickets', {
      token: await demoToken(baseUrl, '13800000007'),
      body: { compoundId, categoryId: water, qrToken: qr, description: '厨房水龙头一直滴水，关不紧' },
    });
    // Handled well last month: accepted in five minutes, fixed the same morning, five stars.
    const { day } = lastMonth();
    const at = (minutes: number) => new Date(day.getTime() + minutes * 60_000);
    await productDb(app)
      .getRepository(Ticket)
      .update(ticket.id, {
        createdAt: at(0),
        acceptDeadline: at(10),
        acceptedAt: at(5),
        resolvedAt: at(60),
        status: 'closed',
        isOpen: false,
        rating: 5,
      });
    const street = await demoToken(baseUrl, '13800000002');
    const streetId = (await api<{ items: Array<{ id: number }> }>(baseUrl, '/streets', { token: street })).items[0].id;
    await api(baseUrl, `/streets/${streetId}/score-scheme`, {
      token: street,
      method: 'PUT',
      body: { ...DEFAULT_SCORE_SCHEME, minTickets: 1, version: 0 },
    });
    list = await api<ScoreListView>(baseUrl, `/streets/${streetId}/score-lists`, {
      token: street,
      body: { month: lastMonth().label },
    });
  });
  afterAll(async () => {
    await s?.close();
    await app?.close();
  });
  afterEach(() => {
    expect(s.problems).toEqual([]);
  });

  it('shows the company’s stars, its place and the compound’s grade on the board', async () => {
    expect(list.red.map((r) => r.subject.name)).toContain('安居物业服务有限公司');
    const page = s.page;
    await open(page, `${baseUrl}/#/packages/resident/board?compoundId=${compoundId}`);
    const rating = byId(page, 'rating');
    await rating.waitFor();
    const text = await rating.textContent();
    expect(text).toContain('安居物业服务有限公司');
    expect(text).toContain('★★★★★');
    expect(text).toContain('红榜');
    expect(text).toContain('第1名');
    expect(text).toContain('小区等级 AAA');
    await s.screenshot('board-rating');

    await rating.getByText('查看红黑榜').click();
    const published = byId(page, 'score-list');
    await published.waitFor();
    await expect(published.textContent()).resolves.toContain(`${lastMonth().label} 街道评价`);
    const red = published.getByTestId('score-row').filter({ hasText: '安居物业服务有限公司' });
    await red.waitFor();
    await expect(red.textContent()).resolves.toContain('100分');
    await s.screenshot('score-list');
  });
});
