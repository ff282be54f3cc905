import type { Household } from '../src/households/household.entity';
import type { Building } from '../src/places/building.entity';
import { factories, nextPhone, userWithRole } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { ticketWorld, type TicketWorld } from './support/ticket-world';

const ENV = { TICKET_DAILY_CAP: '1000' };
const MASKED = /^1\d{2}\*{4}\d{4}$/;

describe('楼长/单元长 (building leaders)', () => {
  let t: TestApp;
  let w: TicketWorld;
  /** The 楼长 of w.building. */
  let leader: { id: number; auth: string };
  /** A household of the leader's building with care tags and a phone on file. */
  let tagged: Household;
  /** Another building of the same compound, and one of its households. */
  let otherBuilding: Building;
  let otherHousehold: Household;

  beforeAll(async () => {
    t = await startTestApp(ENV);
    w = await ticketWorld(t);
    const f = factories(t.db);
    const user = await userWithRole(f, 'building_leader', 'building', w.building.id);
    leader = { id: user.id, auth: await t.signIn(user.phone!) };
    tagged = await f.household(w.building, {
      unit: '2',
      room: '201',
      ownerName: '孙奶奶',
      ownerPhone: nextPhone(),
      careTags: ['elderly_alone', 'low_income'],
    });
    otherBuilding = await f.building(w.compound.id, { gridId: w.grid.id, name: '2号楼' });
    otherHousehold = await f.household(otherBuilding, { unit: '1', room: '101' });
  });
  afterAll(() => t.close());

  const http = () => t.http();
  const get = (auth: string, url: string) => http().get(url).set('Authorization', auth);
  const file = (auth: string, body: object) =>
    http()
      .post('/api/v1/tickets')
      .set('Authorization', auth)
      .send({ compoundId: w.compound.id, categoryId: w.categories.water, description: '楼道灯坏了，晚上看不见', ...body });
  const expectRefused = (res: { status: number; body: Record<string, unknown> }) => {
    expect([403, 404]).toContain(res.status);
    expect(res.body).toEqual(
      expect.objectContaining({ statusCode: res.status, code: expect.any(String), message: expect.any(String) }),
    );
  };
  const buildingTickets = (auth: string, buildingId = w.building.id) =>
    get(auth, `/api/v1/tickets?compoundId=${w.compound.id}&buildingId=${buildingId}&group=open&limit=100`);

  describe('POST /api/v1/tickets (代办, source proxy)', () => {
    it('files for a neighbour of the building: the household member is the reporter and finds it under 我的工单', async () => {
      const res = await file(leader.auth, { householdId: w.household.id, source: 'proxy' }).expect(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          source: 'proxy',
          householdId: w.household.id,
          buildingId: w.building.id,
          reporterName: '周阿姨',
        }),
      );
      const [row] = await t.db.query('SELECT reporter_id, created_by_id FROM tickets WHERE id = ?', [res.body.id]);
      expect(Number(row.reporter_id)).toBe(w.users.resident.id);
      expect(Number(row.created_by_id)).toBe(leader.id);
      const mine = await get(w.auth.resident, '/api/v1/tickets/mine?limit=100').expect(200);
      expect(mine.body.items.map((i: { id: number }) => i.id)).toContain(res.body.id);
      // The timeline says a 楼长 filed it, not the resident.
      const events = await get(w.auth.resident, `/api/v1/tickets/${res.body.id}/events`).expect(200);
      expect(events.body[0]).toEqual(
        expect.objectContaining({ action: 'create', actorRole: 'building_leader', actorName: '楼长' }),
      );
    });

    it('files for a household nobody has claimed yet in the owner’s name', async () => {
      const res = await file(leader.auth, { householdId: tagged.id, source: 'proxy' }).expect(201);
      expect(res.body.reporterName).toBe('孙奶奶');
    });

    it('refuses a household of another building, and of another compound, with the common error shape', async () => {
      expectRefused(await file(leader.auth, { householdId: otherHousehold.id, source: 'proxy' }));
      const f = factories(t.db);
      const elsewhere = await f.household(await f.building(w.otherCompound.id));
      expectRefused(await file(leader.auth, { compoundId: w.otherCompound.id, householdId: elsewhere.id, source: 'proxy' }));
    });

    it('refuses 代办 without a household (422 naming householdId), and on behalf of a caller at the compound', async () => {
      const res = await file(leader.auth, { source: 'proxy' }).expect(422);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'householdId' })]));
      expectRefused(await file(leader.auth, { source: 'phone', onBehalfOf: { name: '路人', phone: nextPhone() } }));
    });

    it('refuses a resident filing 代办 for their neighbour', async () => {
      expectRefused(await file(w.auth.neighbour, { householdId: w.household.id, source: 'proxy' }));
    });
  });

  describe('GET /api/v1/tickets (本楼工单)', () => {
    it("lists the building's open tickets and none of another building's", async () => {
      const mine = await file(w.auth.resident, { householdId: w.household.id }).expect(201);
      const other = await file(w.auth.manager, { householdId: otherHousehold.id, source: 'phone' }).expect(201);
      const res = await buildingTickets(leader.auth).expect(200);
      const ids = res.body.items.map((i: { id: number }) => i.id);
      expect(ids).toContain(mine.body.id);
      expect(ids).not.toContain(other.body.id);
      expect(res.body.items.every((i: { buildingId: number }) => i.buildingId === w.building.id)).toBe(true);
    });

    it('refuses the whole compound and another building', async () => {
      expectRefused(await get(leader.auth, `/api/v1/tickets?compoundId=${w.compound.id}&group=open`));
      expectRefused(await buildingTickets(leader.auth, otherBuilding.id));
      expectRefused(await get(leader.auth, '/api/v1/tickets/inbox'));
    });

    it('masks reporters’ phones in the list and in the ticket', async () => {
      const filed = await file(w.auth.resident, { householdId: w.household.id }).expect(201);
      const list = await buildingTickets(leader.auth).expect(200);
      const item = list.body.items.find((i: { id: number }) => i.id === filed.body.id);
      expect(item.reporterPhone).toMatch(MASKED);
      const one = await get(leader.auth, `/api/v1/tickets/${filed.body.id}`).expect(200);
      expect(one.body.reporterPhone).toMatch(MASKED);
      expect(one.body.reporterPhone).not.toBe(w.users.resident.phone);
    });

    it('hides internal comments from the 楼长 and refuses theirs', async () => {
      const filed = await file(w.auth.resident, { householdId: w.household.id }).expect(201);
      await http()
        .post(`/api/v1/tickets/${filed.body.id}/comments`)
        .set('Authorization', w.auth.manager)
        .send({ body: '住户上次不在家，需电话预约', internal: true })
        .expect(201);
      const events = await get(leader.auth, `/api/v1/tickets/${filed.body.id}/events`).expect(200);
      expect(events.body.some((e: { internal: boolean }) => e.internal)).toBe(false);
      const staffEvents = await get(w.auth.grid, `/api/v1/tickets/${filed.body.id}/events`).expect(200);
      expect(staffEvents.body.some((e: { internal: boolean }) => e.internal)).toBe(true);
      expectRefused(
        await http()
          .post(`/api/v1/tickets/${filed.body.id}/comments`)
          .set('Authorization', leader.auth)
          .send({ body: '内部说明', internal: true }),
      );
    });
  });

  describe('households and care tags', () => {
    it('lists the building’s households by room with masked phones and no care tags', async () => {
      const res = await get(leader.auth, `/api/v1/households?buildingId=${w.building.id}&limit=100`).expect(200);
      const row = res.body.items.find((h: { id: number }) => h.id === tagged.id);
      expect(row).toEqual(expect.objectContaining({ unit: '2', room: '201', ownerPhone: expect.stringMatching(MASKED) }));
      expect(res.body.items.some((h: object) => 'careTags' in h)).toBe(false);
      const one = await get(leader.auth, `/api/v1/households/${tagged.id}`).expect(200);
      expect(one.body.careTags).toBeUndefined();
      expect(one.body.ownerPhone).toMatch(MASKED);
    });

    it('refuses the care-tag filter, another building’s households and the grid and visit endpoints', async () => {
      expectRefused(await get(leader.auth, `/api/v1/households?buildingId=${w.building.id}&careTag=elderly_alone`));
      expectRefused(await get(leader.auth, `/api/v1/households?buildingId=${otherBuilding.id}`));
      expectRefused(await get(leader.auth, `/api/v1/households?compoundId=${w.compound.id}`));
      expectRefused(await get(leader.auth, `/api/v1/grid/households/${tagged.id}`));
      expectRefused(await get(leader.auth, '/api/v1/grid/households'));
      expectRefused(await get(leader.auth, '/api/v1/grid/todo'));
      expectRefused(await get(leader.auth, `/api/v1/visits?householdId=${tagged.id}`));
    });
  });

  describe('POST /api/v1/role-assignments (appointing a 楼长)', () => {
    const appoint = (auth: string, over: object = {}) =>
      http()
        .post('/api/v1/role-assignments')
        .set('Authorization', auth)
        .send({
          person: { name: '钱大姐', phone: nextPhone() },
          role: 'building_leader',
          scopeType: 'building',
          scopeId: otherBuilding.id,
          ...over,
        });

    it('lets the community appoint one, named by building and compound, who then reads that building', async () => {
      const phone = nextPhone();
      const res = await appoint(w.auth.community, { person: { name: '钱大姐', phone } }).expect(201);
      expect(res.body).toEqual(
        expect.objectContaining({ role: 'building_leader', scopeType: 'building', scopeName: '2号楼 · 幸福测试小区' }),
      );
      const auth = await t.signIn(phone);
      await buildingTickets(auth, otherBuilding.id).expect(200);
      expectRefused(await buildingTickets(auth, w.building.id));
    });

    it('refuses the company’s manager, and a building_leader on any other scope', async () => {
      expectRefused(await appoint(w.auth.manager));
      const wrong = await appoint(w.auth.community, { scopeType: 'compound', scopeId: w.compound.id }).expect(422);
      expect(wrong.body.code).toBe('ROLE_SCOPE_INVALID');
    });
  });
});
