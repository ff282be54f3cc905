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

  describe('the resident hears the decision (房屋认证结果)', () => {
    let building: Promise<Awaited<ReturnType<Factories['building']>>> | undefined;
    let room = 300;
    /** A fresh resident with a pending claim on a household of its own in compound A (3号楼 2单元 30x). */
    async function pendingClaim() {
      const resident = await f.user();
      const auth = await t.signIn(resident.phone!);
      building ??= f.building(household.compoundId, { name: '3号楼' });
      const home = await f.household(await building, { unit: '2', room: String(++room), ownerPhone: null });
      const claimed = await claim(auth, home.id).expect(201);
      const label = `3号楼 2单元 ${room}`;
      return { resident, auth, label, id: claimed.body.id as number, version: claimed.body.version as number };
    }
    const messagesOf = async (auth: string) =>
      (await t.http().get('/api/v1/notifications').set('Authorization', auth).expect(200)).body as {
        items: Array<Record<string, unknown>>;
        unread: number;
      };
    const rowsFor = async (userId: number) =>
      Number((await t.db.query('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ?', [userId]))[0].n);
    const review = (auth: string, id: number, action: 'verify' | 'reject', body: object) =>
      t.http().post(`/api/v1/memberships/${id}/${action}`).set('Authorization', auth).send(body);

    it('verified: a message naming the home that opens 我的房屋', async () => {
      const c = await pendingClaim();
      await review(manager, c.id, 'verify', { version: c.version }).expect(200);
      const inbox = await messagesOf(c.auth);
      expect(inbox.unread).toBe(1);
      expect(inbox.items).toEqual([
        expect.objectContaining({
          ticketId: null,
          title: `房屋认证已通过：${c.label}`,
          body: `您的房屋认证已通过：${c.label}`,
          page: '/packages/resident/households',
          readAt: null,
        }),
      ]);
      const [row] = await t.db.query('SELECT kind, wechat_state AS s FROM notifications WHERE user_id = ?', [c.resident.id]);
      expect(row).toEqual({ kind: 'membership_review', s: 'pending' });
      const badges = await t.http().get('/api/v1/me/badges').set('Authorization', c.auth).expect(200);
      expect(badges.body.unread).toBe(1);
    });

    it('rejected: the message gives the reason', async () => {
      const c = await pendingClaim();
      await review(manager, c.id, 'reject', { version: c.version, reason: '房产证姓名不符' }).expect(200);
      const inbox = await messagesOf(c.auth);
      expect(inbox.items).toEqual([
        expect.objectContaining({
          title: `房屋认证未通过：${c.label}`,
          body: '您的房屋认证未通过：房产证姓名不符',
          page: '/packages/resident/households',
        }),
      ]);
    });

    it('writes nothing when the review does not happen: stale version, decided, bad reason, self-review', async () => {
      const c = await pendingClaim();
      expect((await review(manager, c.id, 'verify', { version: c.version + 1 }).expect(409)).body.code).toBe('VERSION_CONFLICT');
      const short = await review(manager, c.id, 'reject', { version: c.version, reason: '否' }).expect(400);
      expect(short.body.details[0].field).toBe('reason');
      const long = await review(manager, c.id, 'reject', { version: c.version, reason: '长'.repeat(201) }).expect(400);
      expect(long.body.details[0].field).toBe('reason');
      await review(manager, c.id, 'reject', { version: c.version, reason: '不是本户', extra: 1 }).expect(400);
      expect(await rowsFor(c.resident.id)).toBe(0);
      await review(manager, c.id, 'verify', { version: c.version }).expect(200);
      await review(manager, c.id, 'reject', { version: c.version + 1, reason: '不是本户' }).expect(409);
      expect(await rowsFor(c.resident.id)).toBe(1);
    });

    it('one message when two reviewers decide at once: only the decision that committed is told', async () => {
      const c = await pendingClaim();
      const second = await f.user();
      await f.role(second.id, 'community_admin', 'community', community.id);
      const [a, b] = await Promise.all([
        review(manager, c.id, 'verify', { version: c.version }),
        review(await t.signIn(second.phone!), c.id, 'reject', { version: c.version, reason: '不是本户' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const inbox = await messagesOf(c.auth);
      expect(inbox.items).toHaveLength(1);
      const [status] = await t.db.query('SELECT status FROM household_members WHERE id = ?', [c.id]);
      expect(inbox.items[0].title).toContain(status.status === 'verified' ? '已通过' : '未通过');
    });

    it('refuses foreign callers (404 or 403) and tells the resident nothing', async () => {
      const c = await pendingClaim();
      const street = await f.street();
      const elsewhere = await f.community(street.id);
      const staff = await f.user();
      const companyId = Number(
        (await t.db.query('SELECT company_id AS c FROM compounds WHERE id = ?', [household.compoundId]))[0].c,
      );
      await f.role(staff.id, 'staff', 'company', companyId);
      const callers: Array<[string, string, number]> = [
        ['another company’s manager', otherManager, 404],
        ['another community’s admin', await t.signInWithRole('community_admin', 'community', elsewhere.id), 404],
        ['staff of the company', await t.signIn(staff.phone!), 403],
        ['a resident', await t.signIn((await f.user()).phone!), 403],
        ['the claimant', c.auth, 403],
      ];
      for (const [who, auth, status] of callers) {
        for (const action of ['verify', 'reject'] as const) {
          const res = await review(auth, c.id, action, { version: c.version, reason: '不是本户' });
          expect(`${who} ${action}: ${res.status}`).toBe(`${who} ${action}: ${status}`);
        }
      }
      expect(await rowsFor(c.resident.id)).toBe(0);
      const [row] = await t.db.query('SELECT status FROM household_members WHERE id = ?', [c.id]);
      expect(row.status).toBe('pending');
    });
  });
});
