import { readFileSync } from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Route } from 'playwright-core';
import { openBrowser, startProduct, type BrowserSession } from './browser';
import { addPhoto, api, byId, demoToken, open, photo, signIn, switchUser, typeInto } from './flows';

jest.setTimeout(180_000);

/** What the browser says while it has no network: expected here, anything else is a failure. */
const OFFLINE_NOISE = /Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_FAILED|ERR_NETWORK/;

/** The visits the phone holds (Taro's H5 storage: { data } as JSON in localStorage). */
async function queuedClientIds(s: BrowserSession): Promise<string[]> {
  return s.page.evaluate(() => {
    const raw = localStorage.getItem('doorstep.visits.v1');
    const records = raw ? ((JSON.parse(raw) as { data: unknown }).data as Array<{ visit: { clientId: string } }>) : [];
    return Array.isArray(records) ? records.map((r) => r.visit.clientId) : [];
  });
}

/**
 * In the page: whether the browser keeps `expected` photos' bytes for queued visits (offline-photos'
 * IndexedDB). Deleting follows the sync without being waited on, so the test waits for it.
 */
function countKeptPhotos(expected: number): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    const request = indexedDB.open('doorstep-offline-photos');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('photos')) return resolve(expected === 0);
      const count = db.transaction('photos').objectStore('photos').count();
      count.onsuccess = () => {
        db.close();
        resolve(count.result === expected);
      };
      count.onerror = () => reject(count.error);
    };
  });
}

/**
 * 民情走访 without signal: 赵网格 records three visits at a household while the browser is offline,
 * the page is reloaded (the app restarts), the first sync's answer is lost on the way back, and once
 * the network is back every visit is on the server exactly once and leaves the phone's queue.
 */
describe('H5 grid visits: offline queue → reload → sync once', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let s: BrowserSession;

  beforeAll(async () => {
    ({ app, baseUrl } = await startProduct());
    s = await openBrowser('grid-visits');
  });
  afterAll(async () => {
    await s?.close();
    await app?.close();
  });
  afterEach(() => {
    expect(s.problems.filter((p) => !OFFLINE_NOISE.test(p))).toEqual([]);
  });

  it('three visits made offline survive a reload and are each stored once when the network is back', async () => {
    const page = s.page;
    await signIn(s, baseUrl, '13800000004', '赵网格');
    await page.goto(`${baseUrl}/#/pages/index/index`);
    await byId(page, 'entry-gridHouseholds').click();
    const first = byId(page, 'grid-households').locator('[data-testid^="grid-household-row-"]').first();
    await first.waitFor();
    await s.screenshot('households');
    await first.click();
    await byId(page, 'grid-household-label').waitFor();
    const householdId = Number(new URL(page.url().replace('/#/', '/')).searchParams.get('id'));
    expect(householdId).toBeGreaterThan(0);
    // Open the form once while online, as a worker would have before walking into the basement.
    await byId(page, 'visit-record').click();
    await byId(page, 'visit-form').waitFor();
    // Back once the router has settled on the form (its slide-in), as a person's back tap would be.
    await page.waitForTimeout(500);
    await page.goBack();
    await byId(page, 'grid-household-label').waitFor();

    await page.context().setOffline(true);
    // 1: the one-tap 「已见面，一切正常」.
    await byId(page, 'visit-quick').click();
    await byId(page, 'queue-banner').and(page.locator('[data-pending="1"]')).waitFor();
    // 2: the full form — a care visit, not at home, with a note.
    await byId(page, 'visit-record').click();
    await byId(page, 'visit-kind-care').click();
    await byId(page, 'visit-outcome-not_home').click();
    await typeInto(byId(page, 'visit-notes'), '敲门无人应答，已在门上留联系卡');
    await s.screenshot('visit-form-offline');
    await byId(page, 'visit-save').click();
    await byId(page, 'grid-household-label').waitFor();
    // 3: from the form, its one-tap button.
    await byId(page, 'visit-record').click();
    await byId(page, 'visit-form').waitFor();
    await byId(page, 'visit-quick').click();
    await byId(page, 'grid-household-label').waitFor();
    await byId(page, 'queue-banner').and(page.locator('[data-pending="3"]')).waitFor();
    const made = await queuedClientIds(s);
    expect(new Set(made).size).toBe(3);
    await s.screenshot('three-unsent');

    // The network is back, but the sync's answers never reach the phone: the server has the visits,
    // the phone still thinks they are unsent. (The page sends as soon as it is online, and the
    // reloaded app sends again at launch: every answer of this stretch is lost.)
    let lostAnswers = 0;
    let answerLost!: () => void;
    const firstLost = new Promise<void>((resolve) => (answerLost = resolve));
    const loseAnswer = async (route: Route) => {
      await route.fetch();
      lostAnswers += 1;
      await route.abort('failed');
      answerLost();
    };
    await page.route('**/api/v1/visits/sync', loseAnswer);
    await page.context().setOffline(false);
    await page.reload();
    await byId(page, 'queue-banner').and(page.locator('[data-pending="3"]')).waitFor();
    await firstLost;
    await byId(page, 'queue-banner').and(page.locator('[data-pending="3"]')).waitFor();
    // A launch's attempt still on its way ends lost too.
    await page.waitForTimeout(1500);
    expect(lostAnswers).toBeGreaterThanOrEqual(1);
    expect(await queuedClientIds(s)).toEqual(made);
    await page.unroute('**/api/v1/visits/sync', loseAnswer);

    // 待上传: the worker taps 立即上传; the same client ids go again and the queue empties.
    await byId(page, 'queue-banner').click();
    await byId(page, 'queue-pending').and(page.locator('[data-count="3"]')).waitFor();
    await byId(page, 'queue-sync').click();
    await byId(page, 'status-empty').waitFor();
    expect(await queuedClientIds(s)).toEqual([]);
    await s.screenshot('queue-empty');

    const token = await demoToken(baseUrl, '13800000004');
    const visits = await api<{ items: Array<{ clientId: string; kind: string; outcome: string }> }>(
      baseUrl,
      `/visits?householdId=${householdId}&limit=50`,
      { token },
    );
    const ours = visits.items.filter((v) => made.includes(v.clientId));
    expect(ours.map((v) => v.clientId).sort()).toEqual([...made].sort());
    expect(ours.filter((v) => v.kind === 'care' && v.outcome === 'not_home')).toHaveLength(1);

    // The household's history shows them too.
    await page.goto(`${baseUrl}/#/packages/grid/household?id=${householdId}`);
    await byId(page, 'grid-visits').waitFor();
    for (const clientId of made) await byId(page, 'grid-visits').locator(`[data-client-id="${clientId}"]`).waitFor();
    await expect(byId(page, 'grid-visits').getByTestId('grid-visit').count()).resolves.toBe(3);
  });

  it('a photo taken offline survives a reload (IndexedDB) and is stored once with its visit', async () => {
    const page = s.page;
    await open(page, `${baseUrl}/#/packages/grid/households`);
    const first = byId(page, 'grid-households').locator('[data-testid^="grid-household-row-"]').first();
    await first.waitFor();
    await first.click();
    await byId(page, 'grid-household-label').waitFor();
    const householdId = Number(new URL(page.url().replace('/#/', '/')).searchParams.get('id'));
    await byId(page, 'visit-record').click();
    const form = byId(page, 'visit-form');
    await form.waitFor();

    await page.context().setOffline(true);
    await addPhoto(page, form, await photo({ r: 200, g: 120, b: 40 }), 'stairwell.jpg');
    await typeInto(byId(page, 'visit-notes'), '楼道堆放杂物，已拍照提醒清理');
    await byId(page, 'visit-save').click();
    await byId(page, 'grid-household-label').waitFor();
    await byId(page, 'queue-banner').and(page.locator('[data-pending="1"]')).waitFor();
    const [clientId] = await queuedClientIds(s);
    expect(clientId).toBeTruthy();

    // The page cannot load without a network: it comes back with uploads and the sync held off, and
    // the reload kills the photo's blob: URL. Only IndexedDB still has its bytes.
    const held = (route: Route) => route.abort('failed');
    await page.route('**/api/v1/uploads', held);
    await page.route('**/api/v1/visits/sync', held);
    await page.context().setOffline(false);
    await page.reload();
    await byId(page, 'queue-banner').and(page.locator('[data-pending="1"]')).waitFor();
    // The queued visit, opened again, shows its photo from the kept bytes.
    await open(page, `${baseUrl}/#/packages/grid/visit?clientId=${clientId}`);
    await form.locator('[data-testid="photo-tile"][data-status="done"] img[src^="blob:"]').waitFor();
    await s.screenshot('offline-photo-after-reload');
    await page.unroute('**/api/v1/uploads', held);
    await page.unroute('**/api/v1/visits/sync', held);

    await open(page, `${baseUrl}/#/packages/grid/queue`);
    await byId(page, 'queue-sync').click();
    await byId(page, 'status-empty').waitFor();
    expect(await queuedClientIds(s)).toEqual([]);

    const token = await demoToken(baseUrl, '13800000004');
    const visits = await api<{ items: Array<{ clientId: string; photoIds: number[] }> }>(
      baseUrl,
      `/visits?householdId=${householdId}&limit=50`,
      { token },
    );
    const ours = visits.items.filter((v) => v.clientId === clientId);
    expect(ours).toHaveLength(1);
    expect(ours[0].photoIds).toHaveLength(1);
    // The bytes leave the browser once the visit is stored.
    await page.waitForFunction(countKeptPhotos, 0);
  });

  it('扫码走访: a stairwell code opens its households, another grid’s code says so, a place code its visit form', async () => {
    const page = s.page;
    const manager = await demoToken(baseUrl, '13800000005');
    const compounds = await api<{ items: Array<{ id: number; name: string }> }>(baseUrl, '/compounds', { token: manager });
    const compound = compounds.items.find((c) => c.name === '幸福里小区')!;
    type Code = { token: string; buildingName: string | null; spotName: string | null; revokedAt: string | null };
    const codes = await api<{ items: Code[] }>(baseUrl, `/qr-codes?compoundId=${compound.id}&limit=100`, { token: manager });
    const tokenOf = (match: (c: Code) => boolean) => codes.items.find((c) => !c.revokedAt && match(c))!.token;
    // H5 has no camera: the number under the code is typed, as a scan would read it.
    const scan = async (token: string) => {
      await open(page, `${baseUrl}/#/pages/index/index`);
      await byId(page, 'entry-gridScan').click();
      await typeInto(byId(page, 'token-input'), token);
      await byId(page, 'token-open').click();
    };

    // 1号楼 is in 赵网格's grid (第一网格): its households only.
    await scan(tokenOf((c) => c.buildingName === '1号楼' && !c.spotName));
    await byId(page, 'grid-households-scope').filter({ hasText: '幸福里小区 1号楼的住户' }).waitFor();
    const rows = byId(page, 'grid-households').locator('[data-testid^="grid-household-row-"]');
    await rows.first().waitFor();
    const labels = await rows.allInnerTexts();
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(label).toContain('1号楼');
    await s.screenshot('scan-building');

    // 3号楼 is 第二网格's: said in words, nothing opened.
    await scan(tokenOf((c) => c.buildingName === '3号楼' && !c.spotName));
    await byId(page, 'grid-scan-outside').getByText('幸福里小区 3号楼不在您负责的网格内', { exact: false }).waitFor();
    await s.screenshot('scan-outside');

    // The garage: a place of the compound, visited as such (no 诉求: that is for a household).
    await scan(tokenOf((c) => c.spotName === '3号楼地下车库'));
    await byId(page, 'visit-form').waitFor();
    await byId(page, 'visit-target').filter({ hasText: '幸福里小区 3号楼地下车库' }).waitFor();
    await expect(byId(page, 'visit-request-add').count()).resolves.toBe(0);
    await byId(page, 'visit-quick').click();
    await byId(page, 'entry-gridScan').waitFor();
    // Online: the queue sends it at once; the worker's 待上传 entry shows nothing left.
    await byId(page, 'entry-gridQueue')
      .getByText(/条待上传/)
      .waitFor({ state: 'detached' });
    const token = await demoToken(baseUrl, '13800000004');
    type V = { placeName: string | null; compoundId: number; householdId: number | null };
    let atGarage: V[] = [];
    for (let tries = 0; tries < 40 && atGarage.length === 0; tries++) {
      if (tries) await page.waitForTimeout(250);
      const visits = await api<{ items: V[] }>(baseUrl, '/visits?limit=50', { token });
      atGarage = visits.items.filter((v) => v.placeName === '3号楼地下车库');
    }
    expect(atGarage).toEqual([expect.objectContaining({ compoundId: compound.id, householdId: null })]);
  });

  it('a visit the server refuses stays on the phone with its reason until the worker discards it', async () => {
    const page = s.page;
    // A household of the other grid (幸福里小区 3号楼): as if it had been moved out of 赵网格's grid
    // after the visit was recorded.
    const manager = await demoToken(baseUrl, '13800000005');
    const compounds = await api<{ items: Array<{ id: number; name: string }> }>(baseUrl, '/compounds', { token: manager });
    const compound = compounds.items.find((c) => c.name === '幸福里小区')!;
    const others = await api<{ items: Array<{ id: number; buildingName: string; unit: string; room: string }> }>(
      baseUrl,
      `/households?compoundId=${compound.id}&q=${encodeURIComponent('3号楼')}&limit=5`,
      { token: manager },
    );
    const other = others.items.find((h) => h.buildingName === '3号楼')!;
    const label = `${other.buildingName} ${other.unit}单元 ${other.room}`;
    await open(page, `${baseUrl}/#/packages/grid/visit?householdId=${other.id}&label=${encodeURIComponent(label)}&care=0`);
    await byId(page, 'visit-form').waitFor();
    await byId(page, 'visit-quick').click();

    await open(page, `${baseUrl}/#/packages/grid/queue`);
    const refused = byId(page, 'queue-refused').getByTestId('queued-visit');
    await refused.getByTestId('queued-reason').filter({ hasText: '该户不在您负责的网格内' }).waitFor();
    await s.screenshot('refused');
    // Still there after a restart: refused is never dropped by the app.
    await page.reload();
    await refused.getByTestId('queued-reason').waitFor();
    await refused.getByTestId('queue-discard').click();
    await page.locator('.taro-modal__content .taro-model__confirm').filter({ visible: true }).click();
    await byId(page, 'status-empty').waitFor();
    expect(await queuedClientIds(s)).toEqual([]);
  });

  it('回访: a finished ticket of the grid shows in 待办 and is followed up as satisfied once', async () => {
    const page = s.page;
    const signInAs = async (phone: string) =>
      api<{ accessToken: string; user: { id: number } }>(baseUrl, '/auth/demo', { body: { phone } });
    const resident = (await signInAs('13800000007')).accessToken;
    const manager = (await signInAs('13800000005')).accessToken;
    const staff = await signInAs('13800000006');
    const [home] = await api<Array<{ householdId: number; compoundId: number }>>(baseUrl, '/me/memberships', { token: resident });
    const categories = await api<Array<{ id: number; kind: string }>>(baseUrl, `/compounds/${home.compoundId}/categories`, {
      token: resident,
    });
    type T = { id: number; version: number; status: string; followUp?: string | null };
    let ticket = await api<T>(baseUrl, '/tickets', {
      token: resident,
      body: {
        compoundId: home.compoundId,
        categoryId: categories.find((c) => c.kind === 'repair')!.id,
        householdId: home.householdId,
        description: '卫生间水龙头一直滴水',
      },
    });
    const step = async (action: string, token: string, extra: object = {}) => {
      ticket = await api<T>(baseUrl, `/tickets/${ticket.id}/${action}`, { token, body: { version: ticket.version, ...extra } });
    };
    await step('accept', manager);
    await step('assign', manager, { assigneeId: staff.user.id });
    await step('start', staff.accessToken);
    await step('resolve', staff.accessToken);
    // The resident rates it: a 回访 follows a ticket the loop has closed (the ticket machine's rule).
    await step('rate', resident, { overall: 4 });
    expect(ticket.status).toBe('closed');

    await open(page, `${baseUrl}/#/packages/grid/todo`);
    const row = byId(page, `todo-follow-up-${ticket.id}`);
    await row.getByTestId('todo-follow-up').click();
    await byId(page, 'visit-form').waitFor();
    await byId(page, 'visit-follow-up-satisfied').click();
    await typeInto(byId(page, 'visit-notes'), '已修好，居民满意');
    await byId(page, 'visit-save').click();
    await row.waitFor({ state: 'detached' });
    await byId(page, 'queue-banner').waitFor({ state: 'detached' });

    const after = await api<T>(baseUrl, `/tickets/${ticket.id}`, { token: manager });
    expect(after).toMatchObject({ status: 'closed', followUp: 'satisfied' });
    // Not offered again.
    await open(page, `${baseUrl}/#/packages/grid/todo`);
    await byId(page, 'todo-follow-ups').waitFor();
    await expect(byId(page, `todo-follow-up-${ticket.id}`).count()).resolves.toBe(0);
  });

  it("工作日志 shows the day's visits and exports the month; the community sees its grids side by side", async () => {
    const page = s.page;
    await open(page, `${baseUrl}/#/packages/grid/log`);
    await byId(page, 'grid-log-day')
      .getByText(/走访 \d+ 次/)
      .waitFor();
    await s.screenshot('grid-log');
    const [download] = await Promise.all([page.waitForEvent('download'), byId(page, 'grid-log-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^工作日志-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(
      readFileSync((await download.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    await switchUser(s, baseUrl, '13800000003', '张书记');
    await open(page, `${baseUrl}/#/packages/admin/index`);
    await byId(page, 'entry-admin-coverage').click();
    const table = byId(page, 'coverage');
    await table.getByText('合计').waitFor();
    await table
      .getByText(/\d+\/\d+（[\d.]+%|—）/)
      .first()
      .waitFor();
    await s.screenshot('coverage');
  });
});
