import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Download, Locator, Page } from 'playwright-core';
import type { CategoryView, CompoundView, FiguresView, Page as ListPage, TicketView } from '@doorstep/contracts';
import { openBrowser, startProduct, type BrowserSession } from './browser';
import { shiftMonth } from '../src/packages/admin/figures/figure-text';
import { api, byId, demoToken, open, signIn, switchUser, typeInto } from './flows';

/** ExcelJS comes with the API, which writes the exports. */
const ExcelJS = createRequire(resolve(__dirname, '../../api/package.json'))('exceljs') as typeof import('exceljs');

jest.setTimeout(240_000);

const STREET_ADMIN = { phone: '13800000002', name: '李主任' };
const RESIDENT = '13800000007';
const MANAGER = '13800000005';
const COMPOUND = '幸福里小区';
const COMMUNITY = '幸福社区';
const STREET = '和平街道';

/** This month in Shanghai, as the page defaults to it. */
function currentMonth(): string {
  const d = new Date(Date.now() + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Pixels of a canvas that are not blank (drawn with any colour), read in the page. */
async function inkedPixels(chart: Locator): Promise<number> {
  const canvas = chart.locator('canvas');
  await canvas.waitFor();
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const ctx = c.getContext('2d');
    if (!ctx || c.width === 0 || c.height === 0) return 0;
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    let inked = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
    return inked;
  });
}

/** Waits until the chart has been drawn (its effect runs after the page shows the canvas), then counts its ink. */
async function drawnPixels(chart: Locator, atLeast = 500): Promise<number> {
  const until = Date.now() + 15_000;
  let inked = await inkedPixels(chart);
  while (inked < atLeast && Date.now() < until) {
    await chart.page().waitForTimeout(100);
    inked = await inkedPixels(chart);
  }
  return inked;
}

async function download(page: Page, click: () => Promise<void>): Promise<{ file: Buffer; name: string }> {
  const [event] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  const path = await (event as Download).path();
  return { file: readFileSync(path!), name: (event as Download).suggestedFilename() };
}

/**
 * 考核 as a street admin reads it: this month's figures of the street, its trend and handlers drawn,
 * drilled down street → community → compound → the tickets behind a figure → one ticket, and the
 * month exported as XLSX. The tickets are reported and accepted through the API first, as residents
 * and the manager would on their phones.
 */
describe('H5 考核: the street dashboard, its drill-down and its export', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let s: BrowserSession;
  const month = currentMonth();
  const reported: TicketView[] = [];
  let streetId = 0;

  beforeAll(async () => {
    ({ app, baseUrl } = await startProduct());
    s = await openBrowser('figures');

    const resident = await demoToken(baseUrl, RESIDENT);
    const compounds = await api<ListPage<CompoundView>>(baseUrl, '/compounds', { token: resident });
    const compound = compounds.items.find((c) => c.name === COMPOUND)!;
    const categories = await api<CategoryView[]>(baseUrl, `/compounds/${compound.id}/categories`, { token: resident });
    for (const description of ['考核测试：3号楼楼道灯不亮', '考核测试：小区东门的门禁坏了']) {
      reported.push(
        await api<TicketView>(baseUrl, '/tickets', {
          token: resident,
          body: { compoundId: compound.id, categoryId: categories[0].id, description },
        }),
      );
    }
    const manager = await demoToken(baseUrl, MANAGER);
    await api<TicketView>(baseUrl, `/tickets/${reported[0].id}/accept`, {
      token: manager,
      body: { version: reported[0].version },
    });
  });
  afterAll(async () => {
    await s?.close();
    await app?.close();
  });
  afterEach(() => {
    expect(s.problems).toEqual([]);
  });

  it('the street admin opens 考核 from 首页 on their street and this month, with the figures the API computes', async () => {
    const page = s.page;
    await signIn(s, baseUrl, STREET_ADMIN.phone, STREET_ADMIN.name);
    await open(page, `${baseUrl}/#/pages/index/index`);
    await byId(page, 'entry-figures').click();
    await byId(page, 'figures-subject')
      .filter({ hasText: `${STREET}（街道）` })
      .waitFor();
    await expect(byId(page, 'figures-month').getAttribute('data-month')).resolves.toBe(month);
    // The next month is not there yet.
    await expect(byId(page, 'figures-prev').count()).resolves.toBe(1);
    await expect(byId(page, 'figures-next').count()).resolves.toBe(0);

    const token = await demoToken(baseUrl, STREET_ADMIN.phone);
    const me = await api<{ roles: Array<{ scopeType: string; scopeId: number }> }>(baseUrl, '/me', { token });
    streetId = me.roles.find((r) => r.scopeType === 'street')!.scopeId;
    const view = await api<FiguresView>(baseUrl, `/figures?scope=street&id=${streetId}&month=${month}`, { token });
    expect(view.figures.tickets).toBeGreaterThanOrEqual(reported.length);

    // Wait for the answer on screen before reading it.
    await byId(page, 'figure-tickets-value')
      .filter({ hasText: String(view.figures.tickets) })
      .waitFor();
    const cards = byId(page, 'figure-cards');
    for (const label of [
      '有效工单',
      '按时受理率',
      '当日办结率',
      '满意率',
      '回访满意率',
      '投诉率',
      '升级件数',
      '督办次数',
      '收缴率',
    ])
      await expect(cards.textContent()).resolves.toContain(label);
    const onTime = view.figures.onTimeAcceptBp;
    const onTimeText = onTime === null ? '—' : `${(Math.floor((onTime + 5) / 10) / 10).toFixed(1)}%`;
    await expect(byId(page, 'figure-onTimeAcceptBp-value').textContent()).resolves.toBe(onTimeText);

    // The chosen figure's definition, and both charts drawn.
    await byId(page, 'figure-definition').filter({ hasText: '受理时限' }).waitFor();
    expect(await drawnPixels(byId(page, 'figure-trend'))).toBeGreaterThan(500);
    expect(view.handlers.length).toBeGreaterThan(0);
    expect(await drawnPixels(byId(page, 'figure-handlers'))).toBeGreaterThan(500);
    // The handlers side by side as rows too, each with its figures.
    const handlerRows = byId(page, 'figure-handler-rows');
    for (const handler of view.handlers) await handlerRows.getByText(handler.subject.name, { exact: true }).waitFor();

    // Another figure: the definition follows, and the charts are drawn again for it.
    await byId(page, 'figure-satisfiedBp').click();
    await byId(page, 'figure-definition').filter({ hasText: '4星或5星' }).waitFor();
    expect(await drawnPixels(byId(page, 'figure-trend'))).toBeGreaterThan(500);
    await s.screenshot('street-dashboard-390');
    await byId(page, 'figure-tickets').click();
    await byId(page, 'figure-definition').filter({ hasText: '撤销' }).waitFor();
    await byId(page, 'figure-handlers').scrollIntoViewIfNeeded();
    await s.screenshot('street-charts-390');

    // A desk: the communities as a table.
    await page.setViewportSize({ width: 1024, height: 900 });
    try {
      const head = byId(page, 'figure-children').locator('.fig-table__head');
      await expect(head.evaluate((el) => getComputedStyle(el).display)).resolves.toBe('table-row');
      await s.screenshot('street-dashboard-1024');
    } finally {
      await page.setViewportSize({ width: 390, height: 844 });
    }
    // The narrowest phone still shows every card on the screen's width.
    await page.setViewportSize({ width: 320, height: 700 });
    try {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await s.screenshot('street-dashboard-320');
    } finally {
      await page.setViewportSize({ width: 390, height: 844 });
    }
  });

  it('drills down from the street to the community, the compound, the tickets behind a figure and one ticket', async () => {
    const page = s.page;
    await byId(page, 'figure-children')
      .locator('[data-testid^="figure-child-community-"]')
      .filter({ hasText: COMMUNITY })
      .click();
    await byId(page, 'figures-subject')
      .filter({ hasText: `${COMMUNITY}（社区）` })
      .waitFor();
    await byId(page, 'figure-children').locator('[data-testid^="figure-child-compound-"]').filter({ hasText: COMPOUND }).click();
    await byId(page, 'figures-subject')
      .filter({ hasText: `${COMPOUND}（小区）` })
      .waitFor();
    await byId(page, 'figure-tickets-value').waitFor();
    await s.screenshot('compound-dashboard');

    await byId(page, 'figure-tickets').click();
    await byId(page, 'figure-definition').filter({ hasText: '撤销' }).getByTestId('figure-show-tickets').click();
    const list = byId(page, 'figure-ticket-list');
    for (const ticket of reported) await list.locator(`[data-ticket-id="${ticket.id}"]`).waitFor();
    await expect(byId(page, 'figure-tickets-title').textContent()).resolves.toBe(
      `${COMPOUND} · ${month.slice(0, 4)}年${Number(month.slice(5))}月 · 有效工单`,
    );
    await s.screenshot('figure-tickets');

    await list.locator(`[data-ticket-id="${reported[1].id}"]`).click();
    await byId(page, 'ticket-summary').filter({ hasText: '小区东门的门禁坏了' }).waitFor();
    await s.screenshot('ticket');
  });

  it('exports the street’s month as XLSX with the 指标说明 sheet and the figures', async () => {
    const page = s.page;
    await open(page, `${baseUrl}/#/packages/admin/figures?scope=street&id=${streetId}&month=${month}`);
    await byId(page, 'figures-subject').filter({ hasText: STREET }).waitFor();
    await byId(page, 'figure-tickets-value').waitFor();
    const { file, name } = await download(page, () => byId(page, 'figures-export-xlsx').click());
    expect(name).toBe(`考核指标-${STREET}-${month}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toContain('指标说明');
    const defs = book.getWorksheet('指标说明')!;
    const defined: string[] = [];
    defs.eachRow((row) => defined.push(String(row.getCell(1).value)));
    expect(defined).toContain('按时受理率');

    const main = book.worksheets[0];
    const header = (main.getRow(1).values as unknown[]).slice(1);
    const own = (main.getRow(2).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['层级', '类型', '名称', '有效工单']);
    expect(own.slice(0, 3)).toEqual(['本级', '街道', STREET]);
    const shown = Number(await byId(page, 'figure-tickets-value').textContent());
    expect(own[3]).toBe(shown);
    expect(shown).toBeGreaterThanOrEqual(reported.length);

    const csv = await download(page, () => byId(page, 'figures-export-csv').click());
    expect(csv.name).toBe(`考核指标-${STREET}-${month}.csv`);
    expect(csv.file.toString('utf8').startsWith('\ufeff月份,层级,类型,名称,有效工单')).toBe(true);
  });

  it('the street publishes last month’s 红黑榜, then again with a reason as version 2', async () => {
    const page = s.page;
    const last = shiftMonth(month, -1);
    await open(page, `${baseUrl}/#/packages/admin/figures?scope=street&id=${streetId}&month=${last}`);
    const verdict = byId(page, 'street-verdict');
    await verdict.getByText('本月还没有发布').waitFor();
    await byId(page, 'verdict-publish').click();
    await page.locator('.taro-modal__content .taro-model__confirm').filter({ visible: true }).click();
    const published = byId(page, 'score-list');
    await published.waitFor();
    await expect(published.textContent()).resolves.toContain(`${last} 街道评价`);
    await s.screenshot('published');

    await open(page, `${baseUrl}/#/packages/admin/figures?scope=street&id=${streetId}&month=${last}`);
    await byId(page, 'verdict-version').first().waitFor();
    await byId(page, 'verdict-publish').click();
    await typeInto(byId(page, 'verdict-republish-reason'), '物业申诉，评价更正后重新发布');
    await byId(page, 'verdict-republish-send').click();
    await byId(page, 'score-list').filter({ hasText: '第2版' }).waitFor();
    const token = await demoToken(baseUrl, STREET_ADMIN.phone);
    const lists = await api<Array<{ version: number; reason: string | null }>>(
      baseUrl,
      `/streets/${streetId}/score-lists?month=${last}`,
      { token },
    );
    expect(lists.map((l) => [l.version, l.reason])).toEqual([
      [2, '物业申诉，评价更正后重新发布'],
      [1, null],
    ]);
  });

  it('the platform admin, who has no street of their own, opens 考核 on a street', async () => {
    const page = s.page;
    await switchUser(s, baseUrl, '13800000001', '王管理员');
    await open(page, `${baseUrl}/#/pages/index/index`);
    await byId(page, 'entry-figures').click();
    await byId(page, 'figures-subject').filter({ hasText: '（街道）' }).waitFor();
    await byId(page, 'figure-tickets-value').waitFor();
    await s.screenshot('platform-dashboard');
  });
});
