import { factories, type Factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

describe('places and people administration', () => {
  let t: TestApp;
  let f: Factories;
  let admin: string;
  let communityAdmin: string;
  let manager: string;
  let ids: { street: number; community: number; otherCommunity: number; grid: number; otherGrid: number; company: number };

  beforeAll(async () => {
    t = await startTestApp();
    f = factories(t.db);
    const street = await f.street();
    const community = await f.community(street.id);
    const otherCommunity = await f.community(street.id);
    const company = await f.company();
    ids = {
      street: street.id,
      community: community.id,
      otherCommunity: otherCommunity.id,
      grid: (await f.grid(community.id)).id,
      otherGrid: (await f.grid(otherCommunity.id)).id,
      company: company.id,
    };
    const [p, c, m] = [await f.user(), await f.user(), await f.user()];
    await f.role(p.id, 'platform_admin', 'platform', 0);
    await f.role(c.id, 'community_admin', 'community', community.id);
    await f.role(m.id, 'manager', 'company', company.id);
    admin = await t.signIn(p.phone!);
    communityAdmin = await t.signIn(c.phone!);
    manager = await t.signIn(m.phone!);
  });
  afterAll(() => t.close());

  describe('POST /api/v1/compounds', () => {
    const create = (body: object) => t.http().post('/api/v1/compounds').set('Authorization', communityAdmin).send(body);

    it('creates a company compound with its company named', async () => {
      const res = await create({
        communityId: ids.community,
        name: '新建小区',
        type: 'commercial',
        managementMode: 'company',
        companyId: ids.company,
      }).expect(201);
      expect(res.body).toMatchObject({
        managementMode: 'company',
        companyId: ids.company,
        companyName: expect.any(String),
        communityName: expect.any(String),
        version: 1,
      });
    });

    it('refuses a company compound without a company, and a shared-society compound with one', async () => {
      expect(
        (await create({ communityId: ids.community, name: '甲', type: 'old', managementMode: 'company' }).expect(422)).body.code,
      ).toBe('COMPOUND_COMPANY_MISMATCH');
      expect(
        (
          await create({
            communityId: ids.community,
            name: '乙',
            type: 'old',
            managementMode: 'shared',
            companyId: ids.company,
          }).expect(422)
        ).body.code,
      ).toBe('COMPOUND_COMPANY_MISMATCH');
    });

    it('answers an unknown company with 404 COMPANY_NOT_FOUND', async () => {
      const res = await create({
        communityId: ids.community,
        name: '丙',
        type: 'old',
        managementMode: 'company',
        companyId: 99999,
      }).expect(404);
      expect(res.body.code).toBe('COMPANY_NOT_FOUND');
    });

    it('switches a compound to the shared society, detaching its company', async () => {
      const created = await create({
        communityId: ids.community,
        name: '转制小区',
        type: 'old',
        managementMode: 'company',
        companyId: ids.company,
      }).expect(201);
      const res = await t
        .http()
        .patch(`/api/v1/compounds/${created.body.id}`)
        .set('Authorization', communityAdmin)
        .send({ version: 1, managementMode: 'shared' })
        .expect(200);
      expect(res.body).toMatchObject({ managementMode: 'shared', companyId: null, version: 2 });
    });
  });

  describe('buildings', () => {
    it('assigns a building to a grid of the same community only', async () => {
      const compound = await f.compound(ids.community, { companyId: ids.company, managementMode: 'company' });
      const ok = await t
        .http()
        .post('/api/v1/buildings')
        .set('Authorization', manager)
        .send({ compoundId: compound.id, name: '8号楼', gridId: ids.grid })
        .expect(201);
      expect(ok.body).toMatchObject({ gridId: ids.grid, householdCount: 0 });
      const res = await t
        .http()
        .patch(`/api/v1/buildings/${ok.body.id}`)
        .set('Authorization', manager)
        .send({ version: 1, gridId: ids.otherGrid })
        .expect(422);
      expect(res.body.code).toBe('GRID_COMMUNITY_MISMATCH');
      const cleared = await t
        .http()
        .patch(`/api/v1/buildings/${ok.body.id}`)
        .set('Authorization', manager)
        .send({ version: 1, gridId: null })
        .expect(200);
      expect(cleared.body.gridId).toBeNull();
    });
  });

  describe('role assignments', () => {
    it('lets a manager give a new colleague the staff role, and take it back', async () => {
      const colleague = await f.user();
      const found = await t.http().get(`/api/v1/users?phone=${colleague.phone}`).set('Authorization', manager).expect(200);
      expect(found.body.items).toEqual([
        expect.objectContaining({ id: colleague.id, phone: expect.stringMatching(/^\d{3}\*{4}\d{4}$/) }),
      ]);
      const granted = await t
        .http()
        .post('/api/v1/role-assignments')
        .set('Authorization', manager)
        .send({ userId: colleague.id, role: 'staff', scopeType: 'company', scopeId: ids.company })
        .expect(201);
      expect(granted.body).toMatchObject({ role: 'staff', scopeName: expect.any(String), userName: colleague.name });
      // The staff list of the company names each person, so a manager can assign a ticket by name.
      const staffList = await t
        .http()
        .get(`/api/v1/role-assignments?scopeType=company&scopeId=${ids.company}`)
        .set('Authorization', manager)
        .expect(200);
      expect(staffList.body.items).toContainEqual(
        expect.objectContaining({ userId: colleague.id, role: 'staff', userName: colleague.name }),
      );
      const me = await t
        .http()
        .get('/api/v1/me')
        .set('Authorization', await t.signIn(colleague.phone!))
        .expect(200);
      expect(me.body.roles).toEqual([expect.objectContaining({ role: 'staff', scopeType: 'company', scopeId: ids.company })]);
      await t
        .http()
        .post('/api/v1/role-assignments')
        .set('Authorization', manager)
        .send({ userId: colleague.id, role: 'staff', scopeType: 'company', scopeId: ids.company })
        .expect(409);
      await t.http().delete(`/api/v1/role-assignments/${granted.body.id}`).set('Authorization', manager).expect(204);
    });

    it('refuses a community admin granting company-wide roles, even for a company serving the community', async () => {
      const u = await f.user();
      const res = await t
        .http()
        .post('/api/v1/role-assignments')
        .set('Authorization', communityAdmin)
        .send({ userId: u.id, role: 'manager', scopeType: 'company', scopeId: ids.company });
      expect(res.status).toBe(403);
    });

    it('refuses a manager handing out the manager role', async () => {
      const u = await f.user();
      const res = await t
        .http()
        .post('/api/v1/role-assignments')
        .set('Authorization', manager)
        .send({ userId: u.id, role: 'manager', scopeType: 'company', scopeId: ids.company })
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });

    it('refuses a role on a scope it does not belong to', async () => {
      const u = await f.user();
      const res = await t
        .http()
        .post('/api/v1/role-assignments')
        .set('Authorization', admin)
        .send({ userId: u.id, role: 'grid_worker', scopeType: 'community', scopeId: ids.community })
        .expect(422);
      expect(res.body.code).toBe('ROLE_SCOPE_INVALID');
    });

    it('takes effect on the next request: a revoked role stops working', async () => {
      const u = await f.user();
      const auth = await t.signIn(u.phone!);
      await t.http().get(`/api/v1/grids/${ids.grid}`).set('Authorization', auth).expect(403);
      const granted = await t
        .http()
        .post('/api/v1/role-assignments')
        .set('Authorization', communityAdmin)
        .send({ userId: u.id, role: 'grid_worker', scopeType: 'grid', scopeId: ids.grid })
        .expect(201);
      await t.http().get(`/api/v1/grids/${ids.grid}`).set('Authorization', auth).expect(200);
      await t.http().delete(`/api/v1/role-assignments/${granted.body.id}`).set('Authorization', communityAdmin).expect(204);
      await t.http().get(`/api/v1/grids/${ids.grid}`).set('Authorization', auth).expect(403);
    });
  });

  describe('users', () => {
    it('asks non-platform admins for an exact phone', async () => {
      const res = await t.http().get('/api/v1/users').set('Authorization', manager).expect(400);
      expect(res.body.details[0].field).toBe('phone');
      await t.http().get('/api/v1/users').set('Authorization', admin).expect(200);
    });

    it('shows people their own phone in full and lets only the platform admin change it', async () => {
      const u = await f.user();
      const auth = await t.signIn(u.phone!);
      const me = await t.http().get(`/api/v1/users/${u.id}`).set('Authorization', auth).expect(200);
      expect(me.body.phone).toBe(u.phone);
      await t.http().patch(`/api/v1/users/${u.id}`).set('Authorization', auth).send({ version: 1, name: '改名' }).expect(200);
      await t
        .http()
        .patch(`/api/v1/users/${u.id}`)
        .set('Authorization', auth)
        .send({ version: 2, phone: '13999998888' })
        .expect(400);
      await t
        .http()
        .patch(`/api/v1/users/${u.id}`)
        .set('Authorization', admin)
        .send({ version: 2, phone: '13999998888' })
        .expect(200);
    });
  });

  describe('lists', () => {
    it('pages compounds with a bounded size and a cursor', async () => {
      for (let i = 0; i < 5; i++) await f.compound(ids.otherCommunity);
      const first = await t
        .http()
        .get(`/api/v1/compounds?communityId=${ids.otherCommunity}&limit=2`)
        .set('Authorization', admin)
        .expect(200);
      expect(first.body.items).toHaveLength(2);
      const second = await t
        .http()
        .get(`/api/v1/compounds?communityId=${ids.otherCommunity}&limit=2&cursor=${first.body.nextCursor}`)
        .set('Authorization', admin)
        .expect(200);
      expect(second.body.items[0].id).toBeGreaterThan(first.body.items[1].id);
    });

    it('lists the compounds a company serves (companyId), among those the caller sees', async () => {
      const other = await f.company();
      const ours = [
        await f.compound(ids.community, { companyId: ids.company }),
        await f.compound(ids.otherCommunity, { companyId: ids.company }),
      ];
      const theirs = await f.compound(ids.community, { companyId: other.id });
      await f.compound(ids.community, { managementMode: 'shared' });
      const listed = async (query: string, auth: string) =>
        (await t.http().get(`/api/v1/compounds?limit=100&${query}`).set('Authorization', auth).expect(200)).body.items as Array<{
          id: number;
          companyId: number | null;
        }>;

      const byAdmin = await listed(`companyId=${ids.company}`, admin);
      expect(byAdmin.every((c) => c.companyId === ids.company)).toBe(true);
      expect(byAdmin.map((c) => c.id)).toEqual(expect.arrayContaining(ours.map((c) => c.id)));
      expect((await listed(`companyId=${other.id}`, admin)).map((c) => c.id)).toEqual([theirs.id]);
      // With communityId too: both filters hold.
      expect((await listed(`companyId=${ids.company}&communityId=${ids.otherCommunity}`, admin)).map((c) => c.id)).toEqual([
        ours[1].id,
      ]);
      // The filter narrows what the caller sees; it never widens it.
      expect(await listed(`companyId=${other.id}`, manager)).toEqual([]);
      expect((await listed(`companyId=${ids.company}`, communityAdmin)).map((c) => c.id)).not.toContain(ours[1].id);
      expect(await listed('companyId=999999', admin)).toEqual([]);
    });

    it.each(['abc', '0', '-1', '+1', '1.5', '1e3', ''])('refuses companyId=%s with 400 naming it', async (value) => {
      const res = await t.http().get(`/api/v1/compounds?companyId=${value}`).set('Authorization', admin).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('companyId');
    });

    it('shows the whole company register to those who pick a compound’s company, and only their own to a manager', async () => {
      const fresh = await f.company();
      const companyId = ids.company;
      const listedIds = async (auth: string) =>
        (
          (await t.http().get('/api/v1/companies?limit=100').set('Authorization', auth).expect(200)).body.items as Array<{
            id: number;
          }>
        ).map((c) => c.id);
      // Serves no compound yet: the community can still choose it for one of its compounds.
      expect(await listedIds(communityAdmin)).toContain(fresh.id);
      expect(await listedIds(admin)).toContain(fresh.id);
      expect(await listedIds(manager)).toEqual([companyId]);
    });

    it('searches places by part of the name, taking LIKE wildcards literally', async () => {
      const named = await f.company({ name: '测试搜索%物业有限公司' });
      const other = await f.company({ name: '测试搜索甲物业有限公司' });
      const names = async (q: string) =>
        (
          (
            await t
              .http()
              .get(`/api/v1/companies?limit=100&q=${encodeURIComponent(q)}`)
              .set('Authorization', admin)
              .expect(200)
          ).body.items as Array<{ id: number }>
        ).map((c) => c.id);
      expect(await names('搜索%')).toEqual([named.id]);
      expect((await names('测试搜索')).sort()).toEqual([named.id, other.id].sort());
      expect(await names('没有这个名字')).toEqual([]);
      const tooLong = await t
        .http()
        .get(`/api/v1/companies?q=${'长'.repeat(41)}`)
        .set('Authorization', admin)
        .expect(400);
      expect(tooLong.body.details.map((d: { field: string }) => d.field)).toContain('q');
    });
  });
});
