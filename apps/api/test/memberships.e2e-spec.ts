import { factories, type Factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import type { Household } from '../src/households/household.entity';
import type { Community } from '../src/places/community.entity';

/** A resident claims a household; the compound's manager (or a matching imported phone) verifies it. */
describe('household binding', () => {
  let t: TestApp;
  let f: Factories;
  let household: Household;
  let otherCompoundHousehold: Household;
  let manager: string;
  let otherManager: string;
  let community: Community;

  beforeAll(async () => {
    t = await startTestApp();
    f = factories(t.db);
    const street = await f.street();
    community = await f.community(street.id);
    const [companyA, companyB] = [await f.company(), await f.company()];
    const compoundA = await f.compound(community.id, { companyId: companyA.id, managementMode: 'company' });
    const compoundB = await f.compound(community.id, { companyId: companyB.id, managementMode: 'company' });
    household = await f.household(await f.building(compoundA.id), { ownerPhone: null });
    otherCompoundHousehold = await f.household(await f.building(compoundB.id));
    const [m1, m2] = [await f.user(), await f.user()];
    await f.role(m1.id, 'manager', 'company', companyA.id);
    await f.role(m2.id, 'manager', 'company', companyB.id);
    manager = await t.signIn(m1.phone!);
    otherManager = await t.signIn(m2.phone!);
  });
  afterAll(() => t.close());

  const claim = (auth: string, householdId: number, relation = 'owner') =>
    t.http().post('/api/v1/memberships').set('Authorization', auth).send({ householdId, relation });

  it('walks a claim from pending to verified, after which the resident sees the household', async () => {
    const resident = await f.user({ name: '新住户' });
    const auth = await t.signIn(resident.phone!);

    const claimed = await claim(auth, household.id, 'tenant').expect(201);
    expect(claimed.body).toMatchObject({
      status: 'pending',
      relation: 'tenant',
      householdId: household.id,
      userPhone: resident.phone,
    });
    await t.http().get(`/api/v1/households/${household.id}`).set('Authorization', auth).expect(404);

    const queue = await t
      .http()
      .get(`/api/v1/memberships?compoundId=${household.compoundId}&status=pending`)
      .set('Authorization', manager)
      .expect(200);
    const item = queue.body.items.find((m: { id: number }) => m.id === claimed.body.id);
    expect(item).toMatchObject({ userName: '新住户', householdLabel: expect.stringContaining('1单元') });

    const verified = await t
      .http()
      .post(`/api/v1/memberships/${claimed.body.id}/verify`)
      .set('Authorization', manager)
      .send({ version: claimed.body.version })
      .expect(200);
    expect(verified.body).toMatchObject({ status: 'verified', reviewedAt: expect.any(String) });

    await t.http().get(`/api/v1/households/${household.id}`).set('Authorization', auth).expect(200);
    const me = await t.http().get('/api/v1/me').set('Authorization', auth).expect(200);
    expect(me.body.memberships).toEqual([expect.objectContaining({ id: claimed.body.id, status: 'verified' })]);
    const compounds = await t.http().get('/api/v1/compounds').set('Authorization', auth).expect(200);
    expect(compounds.body.items.map((c: { id: number }) => c.id)).toEqual([household.compoundId]);
  });

  it('returns the first claim when the phone resends it', async () => {
    const resident = await f.user();
    const auth = await t.signIn(resident.phone!);
    const first = await claim(auth, household.id).expect(201);
    const again = await claim(auth, household.id).expect(200);
    expect(again.body.id).toBe(first.body.id);
    const rows = await t.db.query('SELECT COUNT(*) AS n FROM household_members WHERE user_id = ?', [resident.id]);
    expect(Number(rows[0].n)).toBe(1);
  });

  it('verifies at once when the claimant’s phone matches the imported owner phone', async () => {
    const owner = await f.user();
    const h = await f.household(await f.building(household.compoundId), { ownerPhone: owner.phone });
    const res = await claim(await t.signIn(owner.phone!), h.id).expect(201);
    expect(res.body.status).toBe('verified');
  });

  it('rejects with a reason the resident sees, and lets them claim again', async () => {
    const resident = await f.user();
    const auth = await t.signIn(resident.phone!);
    const claimed = await claim(auth, household.id).expect(201);
    const noReason = await t
      .http()
      .post(`/api/v1/memberships/${claimed.body.id}/reject`)
      .set('Authorization', manager)
      .send({ version: claimed.body.version })
      .expect(400);
    expect(noReason.body.details[0].field).toBe('reason');
    await t
      .http()
      .post(`/api/v1/memberships/${claimed.body.id}/reject`)
      .set('Authorization', manager)
      .send({ version: claimed.body.version, reason: '房产证姓名不符' })
      .expect(200);
    const mine = await t.http().get('/api/v1/me/memberships').set('Authorization', auth).expect(200);
    expect(mine.body[0]).toMatchObject({ status: 'rejected', rejectReason: '房产证姓名不符' });
    const again = await claim(auth, household.id).expect(200);
    expect(again.body).toMatchObject({ id: claimed.body.id, status: 'pending', rejectReason: null });
  });

  it('lets only one of two managers’ decisions win (409 on a stale version, 409 once decided)', async () => {
    const resident = await f.user();
    const claimed = await claim(await t.signIn(resident.phone!), household.id).expect(201);
    const url = `/api/v1/memberships/${claimed.body.id}`;
    const [a, b] = await Promise.all([
      t.http().post(`${url}/verify`).set('Authorization', manager).send({ version: claimed.body.version }),
      t.http().post(`${url}/reject`).set('Authorization', manager).send({ version: claimed.body.version, reason: '重复' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const late = await t.http().post(`${url}/verify`).set('Authorization', manager).send({ version: 2 }).expect(409);
    expect(late.body.code).toBe('MEMBERSHIP_NOT_PENDING');
  });

  it('hides claims of another company’s compound from a manager', async () => {
    const resident = await f.user();
    const claimed = await claim(await t.signIn(resident.phone!), otherCompoundHousehold.id).expect(201);
    const res = await t
      .http()
      .post(`/api/v1/memberships/${claimed.body.id}/verify`)
      .set('Authorization', manager)
      .send({ version: 1 })
      .expect(404);
    expect(res.body.code).toBe('MEMBERSHIP_NOT_FOUND');
    await t
      .http()
      .get(`/api/v1/memberships?compoundId=${otherCompoundHousehold.compoundId}`)
      .set('Authorization', manager)
      .expect(404);
    await t
      .http()
      .post(`/api/v1/memberships/${claimed.body.id}/verify`)
      .set('Authorization', otherManager)
      .send({ version: 1 })
      .expect(200);
  });

  it('shows the claimant’s full phone to the reviewing manager', async () => {
    const resident = await f.user();
    const claimed = await claim(await t.signIn(resident.phone!), household.id).expect(201);
    const queue = await t
      .http()
      .get(`/api/v1/memberships?compoundId=${household.compoundId}&limit=100`)
      .set('Authorization', manager)
      .expect(200);
    expect(queue.body.items.find((m: { id: number }) => m.id === claimed.body.id).userPhone).toBe(resident.phone);
  });

  it('refuses a reviewer deciding a claim he made himself (403 MEMBERSHIP_SELF_REVIEW); another reviewer may', async () => {
    const stranger = await f.household(await f.building(household.compoundId), { ownerPhone: null });
    const admin = await f.user({ name: '自审管理员' });
    await f.role(admin.id, 'community_admin', 'community', community.id);
    const adminAuth = await t.signIn(admin.phone!);
    const claimed = await claim(adminAuth, stranger.id).expect(201);
    expect(claimed.body.status).toBe('pending');
    for (const action of ['verify', 'reject']) {
      const res = await t
        .http()
        .post(`/api/v1/memberships/${claimed.body.id}/${action}`)
        .set('Authorization', adminAuth)
        .send({ version: claimed.body.version, reason: '不是本户' })
        .expect(403);
      expect(res.body.code).toBe('MEMBERSHIP_SELF_REVIEW');
    }
    const [row] = await t.db.query('SELECT status FROM household_members WHERE id = ?', [claimed.body.id]);
    expect(row.status).toBe('pending');
    await t
      .http()
      .post(`/api/v1/memberships/${claimed.body.id}/reject`)
      .set('Authorization', manager)
      .send({ version: claimed.body.version, reason: '不是本户' })
      .expect(200);
  });

  it('answers a claim on a missing household with 404', async () => {
    const resident = await f.user();
    const res = await claim(await t.signIn(resident.phone!), 999999).expect(404);
    expect(res.body.code).toBe('HOUSEHOLD_NOT_FOUND');
  });

  it('lets a resident find their home: compound, buildings, rooms — without names or phones', async () => {
    const resident = await f.user();
    const auth = await t.signIn(resident.phone!);
    await t.http().get(`/api/v1/compounds/${household.compoundId}`).set('Authorization', auth).expect(200);
    const buildings = await t
      .http()
      .get(`/api/v1/buildings?compoundId=${household.compoundId}`)
      .set('Authorization', auth)
      .expect(200);
    expect(buildings.body.items.length).toBeGreaterThan(0);
    const options = await t
      .http()
      .get(`/api/v1/buildings/${household.buildingId}/household-options`)
      .set('Authorization', auth)
      .expect(200);
    expect(options.body).toContainEqual({
      id: household.id,
      buildingId: household.buildingId,
      unit: household.unit,
      room: household.room,
    });
    expect(JSON.stringify(options.body)).not.toMatch(/owner|phone|1[3-9]\d{9}/);
  });
});
