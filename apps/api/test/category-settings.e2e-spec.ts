import { LIMITS, type CategorySettingView, type CategoryView, type TicketView } from '@doorstep/contracts';
import { factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { ticketWorld, type TicketWorld } from './support/ticket-world';

/**
 * 类别与时限: a compound's manager gives the shared default categories its own deadlines or switches them
 * off, and edits its own categories; what residents can report, and the deadlines a new ticket gets,
 * follow at once. Other compounds keep the defaults.
 */
describe('category settings per compound', () => {
  let t: TestApp;
  let w: TicketWorld;
  let own: number;
  let ownInactive: number;
  let foreignOwn: number;

  beforeAll(async () => {
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400), TICKET_DAILY_CAP: '1000' });
    w = await ticketWorld(t);
    const make = async (compoundId: number, name: string, active = true) => {
      await t.db.query(
        'INSERT INTO categories (compound_id, kind, name, icon, priority, accept_minutes, resolve_hours, sort, active, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)',
        [compoundId, 'repair', name, 'other', 'normal', 20, 24, 100, active ? 1 : 0],
      );
      return Number((await t.db.query('SELECT id FROM categories WHERE name = ? AND compound_id = ?', [name, compoundId]))[0].id);
    };
    own = await make(w.compound.id, '充电桩');
    ownInactive = await make(w.compound.id, '快递柜', false);
    foreignOwn = await make(w.otherCompound.id, '游泳池');
  });
  afterAll(() => t?.close());

  const settingsOf = (compoundId: number, auth: string) =>
    t.http().get(`/api/v1/compounds/${compoundId}/category-settings`).set('Authorization', auth);
  const put = (compoundId: number, categoryId: number, body: object, auth = w.auth.manager) =>
    t.http().put(`/api/v1/compounds/${compoundId}/category-settings/${categoryId}`).set('Authorization', auth).send(body);
  const offered = async (compoundId: number) =>
    (await t.http().get(`/api/v1/compounds/${compoundId}/categories`).set('Authorization', w.auth.resident).expect(200))
      .body as CategoryView[];
  const overrideRows = async (compoundId: number, categoryId: number) =>
    Number(
      (
        await t.db.query('SELECT COUNT(*) AS n FROM category_overrides WHERE compound_id = ? AND category_id = ?', [
          compoundId,
          categoryId,
        ])
      )[0].n,
    );
  const report = (categoryId: number, description = '水龙头一直滴水') =>
    t
      .http()
      .post('/api/v1/tickets')
      .set('Authorization', w.auth.resident)
      .send({ compoundId: w.compound.id, categoryId, householdId: w.household.id, description });

  describe('GET /api/v1/compounds/:id/category-settings', () => {
    it('lists the defaults, unchanged, and the compound’s own categories, the inactive one included', async () => {
      const res = await settingsOf(w.compound.id, w.auth.manager).expect(200);
      const list = res.body as CategorySettingView[];
      const water = list.find((c) => c.id === w.categories.water)!;
      expect(water).toMatchObject({
        compoundId: null,
        name: '水电维修',
        acceptMinutes: 10,
        resolveHours: null,
        active: true,
        shared: true,
        overridden: false,
      });
      expect(list.find((c) => c.id === own)).toMatchObject({
        compoundId: w.compound.id,
        active: true,
        shared: false,
        overridden: false,
      });
      expect(list.find((c) => c.id === ownInactive)).toMatchObject({ active: false, shared: false });
      expect(list.some((c) => c.id === foreignOwn)).toBe(false);
      // Defaults first, in their order, then the compound's own.
      expect(list.filter((c) => c.shared).length).toBe(15);
    });

    it('answers 404 for a compound that does not exist, 400 for an id that is not one', async () => {
      expect((await settingsOf(999_999, w.auth.manager).expect(404)).body.code).toBe('COMPOUND_NOT_FOUND');
      expect((await settingsOf('1e3' as never, w.auth.manager).expect(400)).body.code).toBe('VALIDATION_FAILED');
    });

    it.each([
      ['another company’s manager', 'otherManager', [403, 404]],
      ['staff of the company', 'staff', [403]],
      ['a resident', 'resident', [403]],
      ['a grid worker', 'grid', [403]],
    ] as const)('refuses %s', async (_who, key, statuses) => {
      const res = await settingsOf(w.compound.id, w.auth[key]);
      expect(statuses).toContain(res.status);
      expect(res.body.code).toEqual(res.status === 404 ? 'COMPOUND_NOT_FOUND' : 'FORBIDDEN');
    });

    it('refuses the admin of another community with a 404, and lets this community’s admin in', async () => {
      const f = factories(t.db);
      const elsewhere = await f.community(w.street.id);
      const admin = await t.signInWithRole('community_admin', 'community', elsewhere.id);
      expect((await settingsOf(w.compound.id, admin).expect(404)).body.code).toBe('COMPOUND_NOT_FOUND');
      await settingsOf(w.compound.id, w.auth.community).expect(200);
    });
  });

  describe('PUT /api/v1/compounds/:id/category-settings/:categoryId', () => {
    it('gives a default this compound’s own deadlines; reports and new tickets follow, other compounds do not', async () => {
      const res = await put(w.compound.id, w.categories.water, { acceptMinutes: 30, resolveHours: 6, active: true }).expect(200);
      expect(res.body).toMatchObject({
        id: w.categories.water,
        compoundId: null,
        name: '水电维修',
        acceptMinutes: 30,
        resolveHours: 6,
        active: true,
        shared: true,
        overridden: true,
      });
      expect((await offered(w.compound.id)).find((c) => c.id === w.categories.water)).toMatchObject({
        acceptMinutes: 30,
        resolveHours: 6,
      });
      expect((await offered(w.otherCompound.id)).find((c) => c.id === w.categories.water)).toMatchObject({
        acceptMinutes: 10,
        resolveHours: null,
      });
      // The default itself is untouched.
      const [row] = await t.db.query('SELECT accept_minutes AS a, resolve_hours AS r FROM categories WHERE id = ?', [
        w.categories.water,
      ]);
      expect([Number(row.a), row.r]).toEqual([10, null]);

      const ticket = (await report(w.categories.water).expect(201)).body as TicketView;
      expect(Date.parse(ticket.acceptDeadline) - Date.parse(ticket.createdAt)).toBe(30 * 60_000);
      expect(Date.parse(ticket.resolveDeadline) - Date.parse(ticket.createdAt)).toBe(6 * 3600_000);
    });

    it('switches a default off in this compound: not offered, refused at intake, still listed for the manager', async () => {
      await put(w.compound.id, w.categories.noise, { acceptMinutes: 10, resolveHours: null, active: false }).expect(200);
      expect((await offered(w.compound.id)).some((c) => c.id === w.categories.noise)).toBe(false);
      expect((await offered(w.shared.id)).some((c) => c.id === w.categories.noise)).toBe(true);
      const refused = await report(w.categories.noise, '楼上装修太吵').expect(422);
      expect(refused.body).toMatchObject({ code: 'CATEGORY_NOT_AVAILABLE', details: [{ field: 'categoryId' }] });
      const settings = (await settingsOf(w.compound.id, w.auth.manager).expect(200)).body as CategorySettingView[];
      expect(settings.find((c) => c.id === w.categories.noise)).toMatchObject({ active: false, shared: true, overridden: true });

      // And back on.
      await put(w.compound.id, w.categories.noise, { acceptMinutes: 15, resolveHours: null, active: true }).expect(200);
      expect((await offered(w.compound.id)).find((c) => c.id === w.categories.noise)).toMatchObject({ acceptMinutes: 15 });
      await report(w.categories.noise, '楼上装修太吵').expect(201);
    });

    it('drops the override when set back to the default’s values, so the compound follows the default again', async () => {
      await put(w.compound.id, w.categories.service, { acceptMinutes: 5, resolveHours: 24, active: true }).expect(200);
      expect(await overrideRows(w.compound.id, w.categories.service)).toBe(1);
      const res = await put(w.compound.id, w.categories.service, { acceptMinutes: 10, resolveHours: 48, active: true }).expect(
        200,
      );
      expect(res.body).toMatchObject({ acceptMinutes: 10, resolveHours: 48, active: true, overridden: false });
      expect(await overrideRows(w.compound.id, w.categories.service)).toBe(0);
    });

    it('changes the compound’s own category itself, inactive ones too', async () => {
      const res = await put(w.compound.id, ownInactive, { acceptMinutes: 45, resolveHours: 72, active: true }).expect(200);
      expect(res.body).toMatchObject({
        id: ownInactive,
        acceptMinutes: 45,
        resolveHours: 72,
        active: true,
        shared: false,
        overridden: false,
      });
      expect((await offered(w.compound.id)).find((c) => c.id === ownInactive)).toMatchObject({ acceptMinutes: 45 });
      const [row] = await t.db.query('SELECT accept_minutes AS a, version AS v FROM categories WHERE id = ?', [ownInactive]);
      expect([Number(row.a), Number(row.v)]).toEqual([45, 2]);

      await put(w.compound.id, own, { acceptMinutes: 20, resolveHours: 24, active: false }).expect(200);
      expect((await offered(w.compound.id)).some((c) => c.id === own)).toBe(false);
      expect((await report(own, '充电桩坏了').expect(422)).body.code).toBe('CATEGORY_NOT_AVAILABLE');
      expect(await overrideRows(w.compound.id, own)).toBe(0);
    });

    it('answers 404 for another compound’s category and for one that does not exist', async () => {
      const body = { acceptMinutes: 10, resolveHours: null, active: true };
      expect((await put(w.compound.id, foreignOwn, body).expect(404)).body.code).toBe('CATEGORY_NOT_FOUND');
      expect((await put(w.compound.id, 999_999, body).expect(404)).body.code).toBe('CATEGORY_NOT_FOUND');
      const [row] = await t.db.query('SELECT accept_minutes AS a FROM categories WHERE id = ?', [foreignOwn]);
      expect(Number(row.a)).toBe(20);
    });

    it('answers 404 for a default the platform retired: there is nothing to set', async () => {
      await t.db.query("UPDATE categories SET active = 0 WHERE name = '冬季清雪' AND compound_id IS NULL");
      const [{ id }] = await t.db.query("SELECT id FROM categories WHERE name = '冬季清雪' AND compound_id IS NULL");
      try {
        const body = { acceptMinutes: 10, resolveHours: null, active: true };
        expect((await put(w.compound.id, Number(id), body).expect(404)).body.code).toBe('CATEGORY_NOT_FOUND');
        const settings = (await settingsOf(w.compound.id, w.auth.manager).expect(200)).body as CategorySettingView[];
        expect(settings.some((c) => c.id === Number(id))).toBe(false);
      } finally {
        await t.db.query("UPDATE categories SET active = 1 WHERE name = '冬季清雪' AND compound_id IS NULL");
      }
    });

    it.each([
      ['acceptMinutes 0', { acceptMinutes: 0, resolveHours: null, active: true }, 'acceptMinutes'],
      [
        'acceptMinutes over the limit',
        { acceptMinutes: LIMITS.acceptMinutesMax + 1, resolveHours: null, active: true },
        'acceptMinutes',
      ],
      ['acceptMinutes as text', { acceptMinutes: '10', resolveHours: null, active: true }, 'acceptMinutes'],
      ['a fractional acceptMinutes', { acceptMinutes: 1.5, resolveHours: null, active: true }, 'acceptMinutes'],
      ['resolveHours left out', { acceptMinutes: 10, active: true }, 'resolveHours'],
      ['resolveHours 0', { acceptMinutes: 10, resolveHours: 0, active: true }, 'resolveHours'],
      [
        'resolveHours over the limit',
        { acceptMinutes: 10, resolveHours: LIMITS.resolveHoursMax + 1, active: true },
        'resolveHours',
      ],
      ['active left out', { acceptMinutes: 10, resolveHours: null }, 'active'],
      ['active as text', { acceptMinutes: 10, resolveHours: null, active: 'true' }, 'active'],
      ['an unknown field', { acceptMinutes: 10, resolveHours: null, active: true, name: '改名' }, 'name'],
    ])('refuses %s with 400 naming the field', async (_what, body, field) => {
      const res = await put(w.compound.id, w.categories.elevator, body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('refuses bad path ids with 400, a body that is not an object with 400', async () => {
      const body = { acceptMinutes: 10, resolveHours: null, active: true };
      expect((await put(w.compound.id, '0' as never, body).expect(400)).body.details[0].field).toBe('categoryId');
      expect((await put('x' as never, w.categories.water, body).expect(400)).body.details[0].field).toBe('id');
      const res = await t
        .http()
        .put(`/api/v1/compounds/${w.compound.id}/category-settings/${w.categories.water}`)
        .set('Authorization', w.auth.manager)
        .set('Content-Type', 'application/json')
        .send('[1,2]');
      expect(res.status).toBe(400);
    });

    it.each([
      ['another company’s manager', 'otherManager'],
      ['staff of the company', 'staff'],
      ['a resident', 'resident'],
      ['a grid worker', 'grid'],
      ['the street admin', 'street'],
    ] as const)('refuses %s and changes nothing', async (_who, key) => {
      const res = await put(
        w.compound.id,
        w.categories.elevator,
        { acceptMinutes: 99, resolveHours: 1, active: false },
        w.auth[key],
      );
      expect([403, 404]).toContain(res.status);
      expect(await overrideRows(w.compound.id, w.categories.elevator)).toBe(0);
    });

    it('refuses this compound’s manager on another company’s compound, even for a default', async () => {
      const res = await put(w.otherCompound.id, w.categories.water, { acceptMinutes: 99, resolveHours: 1, active: false });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('COMPOUND_NOT_FOUND');
      expect(await overrideRows(w.otherCompound.id, w.categories.water)).toBe(0);
    });

    it('lets the community admin set a shared-society compound’s deadlines', async () => {
      await put(w.shared.id, w.categories.elevator, { acceptMinutes: 5, resolveHours: 2, active: true }, w.auth.community).expect(
        200,
      );
      expect((await offered(w.shared.id)).find((c) => c.id === w.categories.elevator)).toMatchObject({
        acceptMinutes: 5,
        resolveHours: 2,
      });
    });

    it('keeps one override row when many PUTs arrive at once, and answers every one', async () => {
      const puts = Array.from({ length: 8 }, (_, i) =>
        put(w.compound.id, w.categories.elevator, { acceptMinutes: 11 + i, resolveHours: 3, active: true }),
      );
      const answers = await Promise.all(puts);
      expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
      expect(await overrideRows(w.compound.id, w.categories.elevator)).toBe(1);
      const [row] = await t.db.query(
        'SELECT accept_minutes AS a FROM category_overrides WHERE compound_id = ? AND category_id = ?',
        [w.compound.id, w.categories.elevator],
      );
      expect(Number(row.a)).toBeGreaterThanOrEqual(11);
      expect(Number(row.a)).toBeLessThanOrEqual(18);
    });

    it('keeps one row when two API instances race on the same new override', async () => {
      const second = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400) }, { sameDatabaseAs: t });
      try {
        const secondAuth = await second.signIn(w.users.manager2.phone!);
        const [a, b] = await Promise.all([
          put(w.compound.id, w.categories.elevator, { acceptMinutes: 7, resolveHours: 8, active: true }),
          second
            .http()
            .put(`/api/v1/compounds/${w.compound.id}/category-settings/${w.categories.elevator}`)
            .set('Authorization', secondAuth)
            .send({ acceptMinutes: 9, resolveHours: 3, active: true }),
        ]);
        expect([a.status, b.status]).toEqual([200, 200]);
        const [c, d] = await Promise.all([
          put(w.compound.id, w.categories.service, { acceptMinutes: 7, resolveHours: 8, active: true }),
          second
            .http()
            .put(`/api/v1/compounds/${w.compound.id}/category-settings/${w.categories.service}`)
            .set('Authorization', secondAuth)
            .send({ acceptMinutes: 9, resolveHours: 9, active: false }),
        ]);
        expect([c.status, d.status]).toEqual([200, 200]);
        expect(await overrideRows(w.compound.id, w.categories.service)).toBe(1);
      } finally {
        await second.close();
      }
    });
  });
});
