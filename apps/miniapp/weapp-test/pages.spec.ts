/**
 * Every page of the built mini-program (dist/weapp, as `taro build --type weapp` leaves it) renders on
 * a simulated phone: WeChat's WXML compiler, Taro's runtime and the app's own code, against the real
 * API with the demo data. Pages are read from the built app.json, so a page added to app.config.ts is
 * covered by the next build.
 *
 * Each page must: load and show without a thrown error, console.error or rejected promise; render
 * Chinese text (and, for the pages known here, the words and data expected); answer every API call
 * it makes below 400; show no error placeholder.
 */
import { MEMBERSHIP_STATUS_LABELS } from '@doorstep/contracts';
import { zhAdmin } from '../src/i18n/admin';
import { zhFigures } from '../src/i18n/figures';
import { zhGrid } from '../src/i18n/grid';
import { zhLeader } from '../src/i18n/leader';
import { zh } from '../src/i18n/zh';
import { weappPages, type WeappPage } from './app-json';
import { openDevice, type Device, type OpenPage } from './device';
import { PEOPLE, readFixtures, type DeviceName } from './fixtures';

const fixtures = readFixtures();
const PAGES = weappPages();
const gridHome = fixtures.gridHousehold;
const GRID_LABEL = zhGrid.households.label(gridHome.buildingName, gridHome.unit, gridHome.room);
const HAN = /\p{Script=Han}/u;

interface Phone {
  name: DeviceName;
  who: string;
  /** What wx.login answers: the fake WeChat signs `ok-<x>` in as openid `openid-<x>`. */
  loginCode: string;
}

const PHONES: Phone[] = [
  // First launch by someone WeChat has never seen: the silent sign-in creates their account.
  { name: 'newcomer', who: '微信用户', loginCode: 'ok-newcomer' },
  ...PEOPLE.map((p) => ({ name: p.device, who: p.name, loginCode: `ok-${p.phone}` })),
];

/**
 * Who opens a subpackage's pages: the person it is made for. A subpackage not listed here opens on
 * the resident's phone; the main package (the tab pages) opens on every phone.
 */
const PHONE_FOR_ROOT: Record<string, DeviceName> = {
  'packages/staff': 'manager',
  'packages/supervisor': 'supervisor',
  'packages/manage': 'manager',
  'packages/billing': 'manager',
  'packages/admin': 'supervisor',
  'packages/grid': 'grid',
  'packages/leader': 'leader',
};

/** Pages of a subpackage meant for someone else than the rest of it: the street's own pages. */
const PHONE_FOR_ROUTE: Record<string, DeviceName> = {
  'packages/admin/communities': 'street',
  'packages/admin/companies': 'street',
  'packages/billing/mine': 'resident',
  'packages/billing/history': 'resident',
};

function pagesFor(phone: DeviceName): WeappPage[] {
  return PAGES.filter(
    (page) => page.root === null || (PHONE_FOR_ROUTE[page.route] ?? PHONE_FOR_ROOT[page.root] ?? 'resident') === phone,
  );
}

/** The query a page is opened with, as a notification, a scan or the page before it would pass. */
const QUERY: Record<string, Record<string, string>> = {
  'packages/resident/report': { qr: fixtures.qr.token },
  'packages/resident/board': { compoundId: String(fixtures.compound.id) },
  'packages/resident/score-list': { id: String(fixtures.scoreListId) },
  'packages/resident/ticket': { id: String(fixtures.repair.id) },
  'packages/staff/ticket': { id: String(fixtures.repair.id) },
  'packages/supervisor/ticket': { id: String(fixtures.complaint.id) },
  'packages/leader/ticket': { id: String(fixtures.repair.id) },
  ...Object.fromEntries(
    ['claims', 'households', 'import', 'qr', 'staff', 'categories', 'search', 'phone-report'].map((page) => [
      `packages/manage/${page}`,
      { compoundId: String(fixtures.compound.id) },
    ]),
  ),
  'packages/admin/buildings': { compoundId: String(fixtures.compound.id) },
  // 考核's drill-down: every ticket of this month at 周阿姨's compound (the fixtures' tickets among them).
  'packages/admin/figure-tickets': { scope: 'compound', id: String(fixtures.compound.id), filter: 'all' },
  'packages/billing/manage': { compoundId: String(fixtures.compound.id) },
  'packages/grid/household': { id: String(fixtures.gridHousehold.id) },
  'packages/grid/scan': { qr: fixtures.qr.token },
  'packages/grid/visit': {
    householdId: String(fixtures.gridHousehold.id),
    compoundId: String(fixtures.gridHousehold.compoundId),
    label: encodeURIComponent(GRID_LABEL),
    care: '0',
  },
};

/** Words (zh.ts) and data (the global setup's) a known page shows; any other page gets the generic checks only. */
function expectedText(route: string, phone: Phone): string[] {
  const { compound, repair, complaint, qr } = fixtures;
  switch (route) {
    case 'pages/index/index':
      if (phone.name === 'grid') return [zh.entries.gridHouseholds.title, zh.entries.gridTodo.title, zh.entries.gridVisit.title];
      if (phone.name === 'leader') return [zh.entries.leaderReport.title, zh.entries.leaderTickets.title];
      return [zh.home.workbench, zh.home.compoundsTitle, phone.name === 'newcomer' ? zh.home.emptyCompounds : compound.name];
    case 'pages/me/index':
      return [phone.who, zh.me.elderlyMode];
    case 'packages/resident/report':
      return [compound.name, qr.buildingName, zh.report.categoryTitle];
    case 'packages/resident/tickets':
      return [zh.tickets.tabs.all, repair.description, complaint.description];
    case 'packages/resident/ticket':
      return [repair.categoryName, repair.description, zh.ticket.timeline];
    case 'packages/resident/households':
      return [zh.households.title, compound.name, MEMBERSHIP_STATUS_LABELS.verified];
    case 'packages/resident/board':
      return [compound.name, zh.board.recent, repair.categoryName, zh.rating.title];
    case 'packages/resident/score-list':
      return [zh.rating.redEmpty, zh.rating.blackEmpty, compound.name];
    case 'packages/staff/inbox':
      return [repair.description];
    case 'packages/staff/tasks':
      return [zh.tickets.emptyTasks];
    case 'packages/staff/ticket':
      return [repair.description, zh.ticket.timeline];
    case 'packages/supervisor/inbox':
      return [complaint.description];
    case 'packages/supervisor/ticket':
      return [complaint.description, zh.actions.urge];
    case 'packages/messages/index':
      return [phone.name === 'manager' ? repair.description : zh.messages.empty];
    case 'packages/about/index':
      return [zh.about.description];
    case 'packages/manage/index':
      return [compound.name, zhAdmin.entries.claims.title, zhAdmin.entries.phoneReport.title];
    case 'packages/manage/search':
      return [repair.description, complaint.description];
    case 'packages/manage/categories':
      return [repair.categoryName, zhAdmin.categories.accept];
    case 'packages/manage/qr':
      return [qr.buildingName, zhAdmin.qr.active];
    case 'packages/manage/staff':
      return ['陈师傅'];
    case 'packages/admin/compounds':
      return [compound.name];
    case 'packages/admin/figures':
      // 张书记's own community, this month.
      return [zhFigures.headline, '幸福社区', compound.name];
    case 'packages/admin/figure-tickets':
      return [repair.categoryName, compound.name];
    case 'packages/admin/buildings':
      return [qr.buildingName];
    case 'packages/grid/households':
      return [GRID_LABEL, zhGrid.households.overdueFirst];
    case 'packages/grid/household':
      return [GRID_LABEL, zhGrid.household.quickMet, zhGrid.household.visits];
    case 'packages/grid/visit':
      return [GRID_LABEL, zhGrid.visit.kind, zhGrid.visit.save];
    case 'packages/grid/todo':
      return [zhGrid.todo.overdue, zhGrid.todo.followUps];
    case 'packages/grid/queue':
      return [zhGrid.queue.empty];
    case 'packages/grid/scan':
      return [zhGrid.scan.open];
    case 'packages/leader/report':
      return [zhLeader.report.household, zhAdmin.phoneReport.category, repair.categoryName];
    case 'packages/leader/tickets':
      return [zhLeader.tickets.tabs.open, repair.description];
    case 'packages/leader/ticket':
      return [repair.description, zh.ticket.timeline];
    default:
      return [];
  }
}

/** Everything that must hold for any page, whatever it shows. */
function expectHealthy(device: Device, page: OpenPage): void {
  const failedCalls = device.takeExchanges().filter((e) => e.status === null || e.status >= 400);
  expect({ problems: device.takeProblems(), failedCalls }).toEqual({ problems: [], failedCalls: [] });
  expect(page.elementCount()).toBeGreaterThan(0);
  expect(page.text()).toMatch(HAN);
  expect(page.withClass('status--error').map((el) => el.textContent)).toEqual([]);
  expect(page.withClass('offline-banner')).toHaveLength(0);
}

it('reads the pages from the built app.json: the main package and every subpackage', () => {
  expect(PAGES.filter((p) => p.root === null).length).toBeGreaterThan(0);
  for (const page of PAGES) expect(page.title).toMatch(HAN);
  // Every page opens on at least one phone.
  expect(PAGES.filter((page) => !PHONES.some((phone) => pagesFor(phone.name).includes(page)))).toEqual([]);
});

describe.each(PHONES)('on $who’s phone', (phone) => {
  let device: Device;

  beforeAll(() => {
    device = openDevice({ loginCode: phone.loginCode, apiOrigin: fixtures.apiOrigin });
  });
  afterAll(() => device?.close());

  it('signs in silently with WeChat at launch', async () => {
    await device.launch();
    expect(device.takeExchanges()).toEqual([{ method: 'POST', path: '/api/v1/auth/wechat', status: 200 }]);
    expect(device.takeProblems()).toEqual([]);
  });

  it.each(pagesFor(phone.name).map((page) => [page.route, page.title, page] as const))(
    '%s 「%s」 renders',
    async (route, _title, page) => {
      const shown = await device.open(page.route, QUERY[route]);
      expectHealthy(device, shown);
      const text = shown.text();
      for (const words of expectedText(route, phone)) expect(text).toContain(words);
      if (route === 'packages/grid/scan') {
        // The fixtures' code is of a building in 赵网格's grid: 扫码走访 goes on to its households.
        expect(device.navigations.at(-1)).toEqual({
          api: 'redirectTo',
          url: expect.stringMatching(/^\/packages\/grid\/households\?buildingId=\d+&where=/),
        });
      }
    },
  );

  if (phone.name === 'resident') {
    it('我的: tapping 关于 navigates there, and the page it opens renders', async () => {
      const me = await device.open('pages/me/index');
      device.takeExchanges();
      await me.tap(zh.me.about);
      expect(device.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/packages/about/index' });
      const about = await device.open('packages/about/index');
      expectHealthy(device, about);
      expect(about.text()).toContain(zh.about.description);
    });

    it('我的: switching on 长辈模式 enlarges this page and the next one', async () => {
      const me = await device.open('pages/me/index');
      device.takeExchanges();
      expect(me.withClass('screen--elderly')).toHaveLength(0);
      await me.change('switch', { value: true });
      expect(me.withClass('screen--elderly')).toHaveLength(1);
      const home = await device.open('pages/index/index');
      expectHealthy(device, home);
      expect(home.withClass('screen--elderly')).toHaveLength(1);
    });
  }

  it('unloads the last page without errors', async () => {
    await device.unload();
    expect(device.takeProblems()).toEqual([]);
  });
});
