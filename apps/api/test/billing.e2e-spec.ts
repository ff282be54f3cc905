import {
  billAmountFen,
  cycleStartsAt,
  type ArrearsView,
  type BillingRunView,
  type BillView,
  type CollectionRateView,
  type FeeItemView,
  type HouseholdArrearsView,
  type Page,
} from '@doorstep/contracts';
import type { Household } from '../src/households/household.entity';
import { basisPoints, periodAgeDays } from '../src/payments/billing-reports.service';
import { shanghaiMonth } from '../src/common/shanghai-time';
import { factories, type Factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/** The rounding rule, alone: integers throughout, rounded once per bill, half up, to the fen. */
describe('billAmountFen (the rounding rule)', () => {
  it('rounds 89.57 m² × 1.85 元 × 3 months once: 497.1135 元 → 49711 fen', () => {
    expect(billAmountFen('per_area', 185, 3, 8957)).toBe(49711);
  });
  it('rounds an exact half fen up', () => {
    expect(billAmountFen('per_area', 1, 1, 8950)).toBe(90); // 89.5 fen
    expect(billAmountFen('per_area', 50, 1, 1)).toBe(1); // 0.01 m² × 0.50 元 = 0.5 fen
    expect(billAmountFen('per_area', 1, 1, 8949)).toBe(89); // 89.49 fen
    expect(billAmountFen('per_area', 1, 1, 8951)).toBe(90); // 89.51 fen
  });
  it('does not round per month: three months of 0.4 fen are 1.2 fen → 1, not 0', () => {
    expect(billAmountFen('per_area', 1, 3, 40)).toBe(1);
    expect(billAmountFen('per_area', 1, 1, 40)).toBe(0);
  });
  it('gives 0 for a zero or tiny area, and stays exact and below 2^31 at the largest area and price', () => {
    expect(billAmountFen('per_area', 185, 12, 0)).toBe(0);
    expect(billAmountFen('per_area', 49, 1, 1)).toBe(0);
    expect(billAmountFen('per_area', 10_000, 12, 1_000_000)).toBe(1_200_000_000);
    expect(billAmountFen('per_area', 9_999, 12, 999_999)).toBe(1_199_878_800); // 1 199 878 800.12 fen
  });
  it('prices fixed and one-off items without rounding', () => {
    expect(billAmountFen('per_month', 15_000, 3, 8957)).toBe(45_000);
    expect(billAmountFen('one_off', 20_000, 1, 8957)).toBe(20_000);
  });
  it('knows which months start a cycle', () => {
    expect(cycleStartsAt('2026-04', 3)).toBe(true);
    expect(cycleStartsAt('2026-05', 3)).toBe(false);
    expect(cycleStartsAt('2026-07', 6)).toBe(true);
    expect(cycleStartsAt('2026-02', 12)).toBe(false);
    expect(cycleStartsAt('2026-13', 1)).toBe(false);
  });
  it('rates in basis points, half up', () => {
    expect(basisPoints(1, 3)).toBe(3333);
    expect(basisPoints(2, 3)).toBe(6667);
    expect(basisPoints(1, 20000)).toBe(1); // 0.5 bp → 1
    expect(basisPoints(0, 0)).toBeNull();
  });
});

describe('billing', () => {
  let t: TestApp;
  let f: Factories;
  let compound: number;
  let otherCompound: number;
  let shared: number;
  let b1: { id: number; compoundId: number };
  let b2: { id: number; compoundId: number };
  /** 89.57 m², 89.50 m², 0.01 m², 10 000 m², 0 m² (an old row; the API refuses zero areas). */
  let h: Household[];
  let foreignHousehold: Household;
  const auth = {} as Record<
    | 'manager'
    | 'community'
    | 'street'
    | 'platform'
    | 'resident'
    | 'pending'
    | 'foreignResident'
    | 'foreignManager'
    | 'staff'
    | 'grid',
    string
  >;

  beforeAll(async () => {
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400) });
    f = factories(t.db);
    const street = await f.street();
    const street2 = await f.street();
    const community = await f.community(street.id);
    const community2 = await f.community(street2.id);
    const grid = await f.grid(community.id);
    const company = await f.company();
    const company2 = await f.company();
    compound = (await f.compound(community.id, { companyId: company.id, managementMode: 'company' })).id;
    otherCompound = (await f.compound(community2.id, { companyId: company2.id, managementMode: 'company' })).id;
    shared = (await f.compound(community.id, { managementMode: 'shared' })).id;
    b1 = await f.building(compound, { gridId: grid.id });
    b2 = await f.building(compound);
    h = [
      await f.household(b1 as never, { areaHundredths: 8957 }),
      await f.household(b1 as never, { areaHundredths: 8950 }),
      await f.household(b2 as never, { areaHundredths: 1 }),
      await f.household(b2 as never, { areaHundredths: 1_000_000 }),
      await f.household(b2 as never, { areaHundredths: 0 }),
    ];
    foreignHousehold = await f.household((await f.building(otherCompound)) as never);
    const resident = await f.user();
    await f.membership(h[0], resident.id, 'verified');
    const pending = await f.user();
    await f.membership(h[1], pending.id, 'pending');
    const foreignResident = await f.user();
    await f.membership(foreignHousehold, foreignResident.id, 'verified');
    auth.resident = await t.signIn(resident.phone!);
    auth.pending = await t.signIn(pending.phone!);
    auth.foreignResident = await t.signIn(foreignResident.phone!);
    auth.manager = await t.signInWithRole('manager', 'company', company.id);
    auth.foreignManager = await t.signInWithRole('manager', 'company', company2.id);
    auth.staff = await t.signInWithRole('staff', 'company', company.id);
    auth.grid = await t.signInWithRole('grid_worker', 'grid', grid.id);
    auth.community = await t.signInWithRole('community_admin', 'community', community.id);
    auth.street = await t.signInWithRole('street_admin', 'street', street.id);
    auth.platform = await t.signInWithRole('platform_admin', 'platform', 0);
  });
  afterAll(() => t?.close());

  const post = (url: string, body: object, who = auth.manager) =>
    t.http().post(`/api/v1${url}`).set('Authorization', who).send(body);
  const get = (url: string, who = auth.manager) => t.http().get(`/api/v1${url}`).set('Authorization', who);
  const createItem = async (body: object, who = auth.manager) => {
    const res = await post('/fee-items', { compoundId: compound, ...body }, who);
    expect(res.status).toBe(201);
    return res.body as FeeItemView;
  };
  const run = (body: object, id = compound, who = auth.manager) => post(`/compounds/${id}/billing-runs`, body, who);
  const billCount = async (where = '1 = 1', params: unknown[] = []) =>
    Number((await t.db.query(`SELECT COUNT(*) AS n FROM bills WHERE ${where}`, params))[0].n);

  let propertyFee: FeeItemView;

  describe('POST /api/v1/fee-items', () => {
    it('creates 物业费 priced per m² per month, quarterly; a retry with the same Idempotency-Key returns it', async () => {
      const body = { compoundId: compound, name: '物业费', rule: 'per_area', priceFen: 185, cycleMonths: 3 };
      const first = await post('/fee-items', body).set('Idempotency-Key', 'fee-item-0001');
      expect(first.status).toBe(201);
      propertyFee = first.body;
      expect(propertyFee).toMatchObject({
        name: '物业费',
        rule: 'per_area',
        priceFen: 185,
        cycleMonths: 3,
        period: null,
        active: true,
        version: 1,
      });
      const retry = await post('/fee-items', body).set('Idempotency-Key', 'fee-item-0001');
      expect(retry.status).toBe(200);
      expect(retry.body.id).toBe(propertyFee.id);
    });

    it('answers 409 for a second item of the same name in the compound', async () => {
      const res = await post('/fee-items', {
        compoundId: compound,
        name: '物业费',
        rule: 'per_month',
        priceFen: 100,
        cycleMonths: 1,
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('FEE_ITEM_NAME_TAKEN');
    });

    it.each([
      [{ name: 'x', rule: 'per_area', priceFen: 185 }, 'cycleMonths'],
      [{ name: 'x', rule: 'per_area', priceFen: 185, cycleMonths: 2 }, 'cycleMonths'],
      [{ name: 'x', rule: 'one_off', priceFen: 185 }, 'period'],
      [{ name: 'x', rule: 'one_off', priceFen: 185, period: '2026-13' }, 'period'],
      [{ name: 'x', rule: 'one_off', priceFen: 185, period: '2026-03', cycleMonths: 1 }, 'cycleMonths'],
      [{ name: 'x', rule: 'per_area', priceFen: 10_001, cycleMonths: 1 }, 'priceFen'],
      [{ name: 'x', rule: 'per_month', priceFen: 1.5, cycleMonths: 1 }, 'priceFen'],
      [{ name: 'x', rule: 'per_month', priceFen: '100', cycleMonths: 1 }, 'priceFen'],
      [{ name: 'x', rule: 'per_month', priceFen: 0, cycleMonths: 1 }, 'priceFen'],
      [{ name: 'x', rule: 'per_month', priceFen: 100, cycleMonths: 1, discount: 5 }, 'discount'],
      [{ name: 'x', rule: 'metered', priceFen: 100, cycleMonths: 1 }, 'rule'],
    ])('refuses %j naming %s (400)', async (body, field) => {
      const res = await post('/fee-items', { compoundId: compound, ...body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.details)).toContain(field);
    });

    it('refuses a foreign manager (404), the supervising community and the platform (403)', async () => {
      const body = { compoundId: compound, name: '水费', rule: 'per_month', priceFen: 100, cycleMonths: 1 };
      expect((await post('/fee-items', body, auth.foreignManager)).status).toBe(404);
      expect((await post('/fee-items', body, auth.community)).status).toBe(403);
      expect((await post('/fee-items', body, auth.platform)).status).toBe(403);
      expect((await post('/fee-items', body, auth.resident)).status).toBe(403);
    });

    it('lets the community run the fees of a compound its shared property society runs; the company manager cannot', async () => {
      const body = { compoundId: shared, name: '卫生费', rule: 'per_month', priceFen: 500, cycleMonths: 1 };
      expect((await post('/fee-items', body, auth.manager)).status).toBe(404);
      expect((await post('/fee-items', body, auth.community)).status).toBe(201);
    });
  });

  describe('PATCH /api/v1/fee-items/:id', () => {
    it('changes the name and price with the version seen; a stale version is 409', async () => {
      const item = await createItem({ name: '电梯费', rule: 'per_month', priceFen: 1000, cycleMonths: 1 });
      const ok = await t
        .http()
        .patch(`/api/v1/fee-items/${item.id}`)
        .set('Authorization', auth.manager)
        .send({ version: 1, priceFen: 1200 });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ priceFen: 1200, version: 2 });
      const stale = await t
        .http()
        .patch(`/api/v1/fee-items/${item.id}`)
        .set('Authorization', auth.manager)
        .send({ version: 1, active: false });
      expect(stale.status).toBe(409);
      expect(stale.body.details.currentVersion).toBe(2);
      const rule = await t
        .http()
        .patch(`/api/v1/fee-items/${item.id}`)
        .set('Authorization', auth.manager)
        .send({ version: 2, rule: 'one_off' });
      expect(rule.status).toBe(400);
      const off = await t
        .http()
        .patch(`/api/v1/fee-items/${item.id}`)
        .set('Authorization', auth.manager)
        .send({ version: 2, active: false });
      expect(off.body).toMatchObject({ active: false, version: 3 });
    });
  });

  describe('POST /api/v1/compounds/:id/billing-runs', () => {
    // 8957×185×3 = 4 971 135 → 49 711.35 → 49 711; 8950×185×3 = 4 967 250 → 49 672.5 → 49 673 (half up);
    // 1×185×3 = 555 → 5.55 → 6; 1 000 000×185×3 → 5 550 000; 0 m² → 0, skipped.
    const expected = [49711, 49673, 6, 5_550_000];
    const expectedTotal = expected.reduce((a, b) => a + b, 0);

    it('previews without writing: households, bills to create, total fen, nothing existing', async () => {
      const res = await run({ period: '2026-04', dryRun: true, feeItemIds: [propertyFee.id] });
      expect(res.status).toBe(200);
      const view = res.body as BillingRunView;
      expect(view).toMatchObject({ dryRun: true, households: 5, toCreate: 4, existing: 0, skippedZero: 1 });
      expect(view.totalFen).toBe(expectedTotal);
      expect(await billCount()).toBe(0);
    });

    it('creates the bills with amounts rounded once, half up; running again creates nothing', async () => {
      const res = await run({ period: '2026-04', feeItemIds: [propertyFee.id] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ dryRun: false, toCreate: 4, existing: 0, skippedZero: 1, totalFen: expectedTotal });
      const rows = await t.db.query(
        'SELECT household_id, amount_fen, area_hundredths, months, status, paid_fen FROM bills ORDER BY household_id',
      );
      expect(rows.map((r: Record<string, unknown>) => Number(r.amount_fen))).toEqual(expected);
      expect(
        rows.every((r: Record<string, unknown>) => r.status === 'unpaid' && Number(r.paid_fen) === 0 && Number(r.months) === 3),
      ).toBe(true);
      expect(rows.map((r: Record<string, unknown>) => Number(r.household_id))).toEqual([h[0].id, h[1].id, h[2].id, h[3].id]);

      const again = await run({ period: '2026-04' });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ toCreate: 0, existing: 4, totalFen: 0 });
      expect(await billCount()).toBe(4);
      const preview = await run({ period: '2026-04', dryRun: true });
      expect(preview.body).toMatchObject({ toCreate: 0, existing: 4 });
    });

    it('skips items not due in the period, and refuses to run one by name (422)', async () => {
      const res = await run({ period: '2026-05', dryRun: true });
      expect(res.status).toBe(200);
      expect(res.body.notDueFeeItemIds).toContain(propertyFee.id);
      expect(res.body.items.map((i: { feeItemId: number }) => i.feeItemId)).not.toContain(propertyFee.id);
      const named = await run({ period: '2026-05', feeItemIds: [propertyFee.id] });
      expect(named.status).toBe(422);
      expect(named.body.code).toBe('FEE_ITEM_NOT_DUE');
    });

    it.each([['2026-13'], ['2026-4'], ['26-04'], ['2026-04-01'], [202604], ['1999-12']])(
      'refuses the period %j (400)',
      async (period) => {
        const res = await run({ period, dryRun: true });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      },
    );

    it('refuses another compound’s item (422) or household (400), and unknown fields (400)', async () => {
      const foreignItem = await post(
        '/fee-items',
        { compoundId: otherCompound, name: '物业费', rule: 'per_area', priceFen: 100, cycleMonths: 1 },
        auth.foreignManager,
      );
      expect(foreignItem.status).toBe(201);
      expect((await run({ period: '2026-04', feeItemIds: [foreignItem.body.id] })).status).toBe(422);
      expect((await run({ period: '2026-04', householdIds: [foreignHousehold.id] })).status).toBe(400);
      expect((await run({ period: '2026-04', force: true })).status).toBe(400);
      expect(await billCount('compound_id = ?', [otherCompound])).toBe(0);
    });

    it('bills 停车费 to the named households only, fixed fen per month', async () => {
      const parking = await createItem({ name: '停车费', rule: 'per_month', priceFen: 15000, cycleMonths: 1 });
      const res = await run({ period: '2026-04', feeItemIds: [parking.id], householdIds: [h[0].id, h[4].id] });
      expect(res.body).toMatchObject({ households: 2, toCreate: 2, totalFen: 30000 });
      expect(await billCount('fee_item_id = ?', [parking.id])).toBe(2);
    });

    it('bills a one-off item in its own month only', async () => {
      const once = await createItem({ name: '装修垃圾清运费', rule: 'one_off', priceFen: 20000, period: '2026-06' });
      expect((await run({ period: '2026-07', dryRun: true })).body.notDueFeeItemIds).toContain(once.id);
      const res = await run({ period: '2026-06', feeItemIds: [once.id] });
      expect(res.body).toMatchObject({ toCreate: 5, totalFen: 100000 });
    });

    it('creates each bill once when ten runs race (no duplicates, no 500)', async () => {
      const water = await createItem({ name: '二次供水费', rule: 'per_area', priceFen: 10, cycleMonths: 1 });
      const results = await Promise.all(Array.from({ length: 10 }, () => run({ period: '2026-08', feeItemIds: [water.id] })));
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(results.reduce((a, r) => a + (r.body as BillingRunView).toCreate, 0)).toBe(3);
      expect(await billCount('fee_item_id = ?', [water.id])).toBe(3);
      for (const r of results) expect((r.body as BillingRunView).toCreate + (r.body as BillingRunView).existing).toBe(3);
      // 0.01 m² × 0.10 元 = 0.1 fen rounds to 0, and 0 m²: two households not billed.
      for (const r of results) expect((r.body as BillingRunView).skippedZero).toBe(2);
    });

    it('walks a compound of 1 200 households in batches, and answers other requests meanwhile', async () => {
      const big = (await f.compound((await f.community((await f.street()).id)).id, { managementMode: 'shared' })).id;
      const building = await f.building(big);
      const values = Array.from({ length: 1200 }, (_, i) => `(${big}, ${building.id}, '1', 'r${i}', ${5000 + i}, 1)`);
      await t.db.query(
        `INSERT INTO households (compound_id, building_id, unit, room, area_hundredths, version) VALUES ${values.join(',')}`,
      );
      const admin = await t.signInWithRole(
        'community_admin',
        'community',
        (await t.db.query('SELECT community_id FROM compounds WHERE id = ?', [big]))[0].community_id,
      );
      const item = await post(
        '/fee-items',
        { compoundId: big, name: '物业费', rule: 'per_area', priceFen: 150, cycleMonths: 12 },
        admin,
      );
      expect(item.status).toBe(201);
      let expectedTotal = 0;
      for (let i = 0; i < 1200; i++) expectedTotal += billAmountFen('per_area', 150, 12, 5000 + i);
      const running = run({ period: '2027-01' }, big, admin);
      const health = await t.http().get('/api/v1/health');
      expect(health.status).toBe(200);
      const res = await running;
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ households: 1200, toCreate: 1200, totalFen: expectedTotal });
      expect(await billCount('compound_id = ?', [big])).toBe(1200);
      const runRow = (await t.db.query('SELECT bills_created FROM billing_runs WHERE compound_id = ?', [big]))[0];
      expect(Number(runRow.bills_created)).toBe(1200);
    });

    it('is the runners’ only: 403 to the community of a company-run compound, 404 to a foreign manager', async () => {
      expect((await run({ period: '2026-04', dryRun: true }, compound, auth.community)).status).toBe(403);
      expect((await run({ period: '2026-04', dryRun: true }, compound, auth.foreignManager)).status).toBe(404);
      expect((await run({ period: '2026-04', dryRun: true }, compound, auth.staff)).status).toBe(403);
      expect((await run({ period: '2026-04', dryRun: true }, compound, auth.platform)).status).toBe(403);
      // A manager appointed on this one compound runs it too.
      const compoundManager = await t.signInWithRole('manager', 'compound', compound);
      expect((await run({ period: '2026-04', dryRun: true }, compound, compoundManager)).status).toBe(200);
      expect((await run({ period: '2026-04', dryRun: true }, otherCompound, compoundManager)).status).toBe(404);
    });
  });

  describe('GET /api/v1/bills', () => {
    it('lists a compound’s bills newest first with filters and keyset pages', async () => {
      const all: BillView[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(`/bills?compoundId=${compound}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        const page = res.body as Page<BillView>;
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(all.length).toBe(await billCount('compound_id = ?', [compound]));
      expect(all.map((b) => b.id)).toEqual([...all.map((b) => b.id)].sort((a, b) => b - a));
      const byBuilding = (await get(`/bills?compoundId=${compound}&buildingId=${b2.id}&period=2026-04&limit=100`))
        .body as Page<BillView>;
      expect(byBuilding.items.every((b) => b.buildingId === b2.id && b.period === '2026-04')).toBe(true);
      const one = (await get(`/bills?compoundId=${compound}&householdId=${h[0].id}&status=unpaid`)).body as Page<BillView>;
      expect(one.items.length).toBeGreaterThan(0);
      expect(one.items[0]).toMatchObject({ householdId: h[0].id, householdLabel: `1-${h[0].room}`, status: 'unpaid' });
      expect(one.items.find((b) => b.itemName === '物业费')).toMatchObject({
        amountFen: 49711,
        areaHundredths: 8957,
        priceFen: 185,
        owedFen: 49711,
      });
    });

    it('refuses bad filters (400) and callers outside (403/404)', async () => {
      expect((await get(`/bills?compoundId=${compound}&status=overdue`)).status).toBe(400);
      expect((await get(`/bills?compoundId=${compound}&period=2026-4`)).status).toBe(400);
      expect((await get(`/bills?compoundId=${compound}&cursor=zzz`)).status).toBe(400);
      expect((await get('/bills')).status).toBe(400);
      expect((await get(`/bills?compoundId=${compound}`, auth.foreignManager)).status).toBe(404);
      expect((await get(`/bills?compoundId=${compound}`, auth.staff)).status).toBe(200);
      expect((await get(`/bills?compoundId=${compound}`, auth.grid)).status).toBe(403);
      expect((await get(`/bills?compoundId=${compound}`, auth.resident)).status).toBe(403);
      expect((await get(`/bills?compoundId=${compound}`, auth.street)).status).toBe(200);
      expect((await get(`/bills?compoundId=${compound}`, auth.community)).status).toBe(200);
    });
  });

  describe('GET /api/v1/me/bills', () => {
    it('shows a verified member their household’s bills only', async () => {
      const res = await get('/me/bills?limit=100', auth.resident);
      expect(res.status).toBe(200);
      const items = (res.body as Page<BillView>).items;
      expect(items.length).toBe(await billCount('household_id = ?', [h[0].id]));
      expect(items.every((b) => b.householdId === h[0].id)).toBe(true);
    });

    it('shows a pending member nothing, and another household is 404', async () => {
      expect((await get('/me/bills', auth.pending)).body.items).toEqual([]);
      expect((await get(`/me/bills?householdId=${h[1].id}`, auth.pending)).status).toBe(404);
      expect((await get(`/me/bills?householdId=${h[0].id}`, auth.foreignResident)).status).toBe(404);
      const foreign = (await get('/me/bills', auth.foreignResident)).body as Page<BillView>;
      expect(foreign.items.every((b) => b.householdId === foreignHousehold.id)).toBe(true);
    });
  });

  describe('POST /api/v1/bills/:id/waive and /cancel', () => {
    const billOf = async (householdId: number, period = '2026-04') =>
      (
        await t.db.query('SELECT id, version FROM bills WHERE household_id = ? AND period = ? AND fee_item_id = ?', [
          householdId,
          period,
          propertyFee.id,
        ])
      )[0] as {
        id: number;
        version: number;
      };

    it('waives with a reason and the manager; a stale version is 409; waiving again is 422', async () => {
      const bill = await billOf(h[1].id);
      const stale = await post(`/bills/${bill.id}/waive`, { version: Number(bill.version) + 1, reason: '困难家庭减免' });
      expect(stale.status).toBe(409);
      const ok = await post(`/bills/${bill.id}/waive`, { version: Number(bill.version), reason: '困难家庭减免' });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        status: 'waived',
        statusReason: '困难家庭减免',
        owedFen: 0,
        version: Number(bill.version) + 1,
      });
      expect(ok.body.statusById).toEqual(expect.any(Number));
      const again = await post(`/bills/${bill.id}/waive`, { version: ok.body.version, reason: '困难家庭减免' });
      expect(again.status).toBe(422);
      expect(again.body.code).toBe('BILL_INVALID_TRANSITION');
      expect((await post(`/bills/${bill.id}/cancel`, { version: ok.body.version, reason: '录入错误' })).status).toBe(422);
    });

    it('cancels an unpaid bill, but not one with a payment on it (422)', async () => {
      const paid = await billOf(h[2].id);
      await t.db.query("UPDATE bills SET paid_fen = 3, status = 'partially_paid' WHERE id = ?", [paid.id]);
      const refused = await post(`/bills/${paid.id}/cancel`, { version: Number(paid.version), reason: '录入错误' });
      expect(refused.status).toBe(422);
      const bill = await billOf(h[3].id);
      const ok = await post(`/bills/${bill.id}/cancel`, { version: Number(bill.version), reason: '面积录入错误' });
      expect(ok.status).toBe(200);
      expect(ok.body.status).toBe('cancelled');
      // A cancelled bill keeps its key: a rerun does not bill the household again.
      expect((await run({ period: '2026-04', feeItemIds: [propertyFee.id] })).body).toMatchObject({ toCreate: 0 });
    });

    it('refuses a missing reason (400), a foreign manager (404), the community of a company-run compound (403)', async () => {
      const bill = await billOf(h[0].id);
      expect((await post(`/bills/${bill.id}/waive`, { version: Number(bill.version) })).status).toBe(400);
      expect((await post(`/bills/${bill.id}/waive`, { version: Number(bill.version), reason: '减' })).status).toBe(400);
      expect(
        (await post(`/bills/${bill.id}/waive`, { version: Number(bill.version), reason: '困难' }, auth.foreignManager)).status,
      ).toBe(404);
      expect(
        (await post(`/bills/${bill.id}/waive`, { version: Number(bill.version), reason: '困难' }, auth.community)).status,
      ).toBe(403);
      expect(
        (await post(`/bills/${bill.id}/waive`, { version: Number(bill.version), reason: '困难' }, auth.resident)).status,
      ).toBe(403);
      expect((await post('/bills/999999/waive', { version: 1, reason: '困难' })).status).toBe(404);
    });
  });

  describe('arrears and collection rate', () => {
    it('GET /api/v1/compounds/:id/arrears: open bills of begun periods, per building, with the oldest age', async () => {
      const now = t.clock.now();
      // A bill of a period still ahead is not in arrears yet.
      const future = await createItem({ name: '预收费', rule: 'one_off', priceFen: 777, period: '2099-01' });
      await run({ period: '2099-01', feeItemIds: [future.id] });
      const res = await get(`/compounds/${compound}/arrears`, auth.community);
      expect(res.status).toBe(200);
      const view = res.body as ArrearsView;
      expect(view.asOfPeriod).toBe(shanghaiMonth(now).label);
      const [expected] = await t.db.query(
        `SELECT SUM(amount_fen - paid_fen) AS owed, COUNT(*) AS n, MIN(period) AS oldest FROM bills
          WHERE compound_id = ? AND status IN ('unpaid','partially_paid') AND period <= ?`,
        [compound, view.asOfPeriod],
      );
      expect(view.total.owedFen).toBe(Number(expected.owed));
      expect(view.total.bills).toBe(Number(expected.n));
      expect(view.total.oldestPeriod).toBe('2026-04');
      expect(view.total.oldestDays).toBe(periodAgeDays('2026-04', now));
      expect(view.buildings.map((b) => b.buildingId).sort()).toEqual([b1.id, b2.id].sort());
      expect(view.buildings.reduce((a, b) => a + b.owedFen, 0)).toBe(view.total.owedFen);
      // h[2]'s partially paid bill counts at what is still owed: 6 − 3.
      const b2Row = view.buildings.find((b) => b.buildingId === b2.id)!;
      expect(b2Row.owedFen).toBe(
        Number(
          (
            await t.db.query(
              "SELECT SUM(amount_fen - paid_fen) AS s FROM bills WHERE building_id = ? AND status IN ('unpaid','partially_paid') AND period <= ?",
              [b2.id, view.asOfPeriod],
            )
          )[0].s,
        ),
      );
    });

    it('GET /api/v1/compounds/:id/arrears/households: per household, in pages', async () => {
      const first = await get(`/compounds/${compound}/arrears/households?limit=2`);
      expect(first.status).toBe(200);
      const page = first.body as Page<HouseholdArrearsView>;
      expect(page.items.length).toBe(2);
      expect(page.nextCursor).toEqual(expect.any(String));
      const rest = (await get(`/compounds/${compound}/arrears/households?limit=100&cursor=${page.nextCursor}`))
        .body as Page<HouseholdArrearsView>;
      const all = [...page.items, ...rest.items];
      expect(new Set(all.map((x) => x.householdId)).size).toBe(all.length);
      const total = (await get(`/compounds/${compound}/arrears`)).body as ArrearsView;
      expect(all.reduce((a, x) => a + x.owedFen, 0)).toBe(total.total.owedFen);
      const inB1 = (await get(`/compounds/${compound}/arrears/households?buildingId=${b1.id}&limit=100`))
        .body as Page<HouseholdArrearsView>;
      expect(inB1.items.every((x) => x.buildingId === b1.id)).toBe(true);
      expect((await get(`/compounds/${compound}/arrears/households?cursor=%21%21`)).status).toBe(400);
    });

    it('GET /api/v1/compounds/:id/collection-rate: 当期实收/当期应收 and 已交清户/应收户', async () => {
      // Period 2026-08 (二次供水费: bills of h0, h1 and h3): pay h0's in full, waive h1's, pay 1 fen of h3's.
      const rows: Array<{ id: number; amount_fen: number }> = await t.db.query(
        "SELECT b.id, b.amount_fen FROM bills b JOIN fee_items f ON f.id = b.fee_item_id WHERE f.name = '二次供水费' ORDER BY b.household_id",
      );
      expect(rows.length).toBe(3);
      const amounts = rows.map((r) => Number(r.amount_fen));
      expect(amounts).toEqual([896, 895, 100_000]);
      await t.db.query("UPDATE bills SET paid_fen = amount_fen, status = 'paid' WHERE id = ?", [rows[0].id]);
      await t.db.query("UPDATE bills SET status = 'waived' WHERE id = ?", [rows[1].id]);
      await t.db.query("UPDATE bills SET paid_fen = 1, status = 'partially_paid' WHERE id = ?", [rows[2].id]);
      const res = await get(`/compounds/${compound}/collection-rate?period=2026-08`, auth.street);
      expect(res.status).toBe(200);
      // 应收 = 896 + 100 000 (the waived bill is not due); 实收 = 896 + 1; 应收户 h0, h3; 已交清户 h0.
      expect(res.body as CollectionRateView).toEqual({
        compoundId: compound,
        period: '2026-08',
        dueFen: 100_896,
        collectedFen: 897,
        amountRateBp: 89, // 0.889 % → 88.9 bp → 89
        dueHouseholds: 2,
        paidHouseholds: 1,
        householdRateBp: 5000,
      });
      const empty = (await get(`/compounds/${compound}/collection-rate?period=2030-01`)).body as CollectionRateView;
      expect(empty).toMatchObject({ dueFen: 0, amountRateBp: null, householdRateBp: null });
      expect((await get(`/compounds/${compound}/collection-rate`)).status).toBe(400);
      expect((await get(`/compounds/${compound}/collection-rate?period=2026-8`)).status).toBe(400);
      expect((await get(`/compounds/${compound}/collection-rate?period=2026-08`, auth.foreignManager)).status).toBe(404);
      expect((await get(`/compounds/${compound}/arrears`, auth.grid)).status).toBe(403);
    });
  });
});
