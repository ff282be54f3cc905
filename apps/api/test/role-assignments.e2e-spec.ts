import { factories, nextPhone, type Factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { ticketWorld, type TicketWorld } from './support/ticket-world';

/**
 * Company roles (manager, staff on a company or on a compound a company runs) answer to the company's
 * managers and the platform only; the community and the street supervise the company, they do not staff it.
 */
describe('role assignments', () => {
  let t: TestApp;
  let w: TicketWorld;
  let f: Factories;
  let platform: string;

  beforeAll(async () => {
    t = await startTestApp();
    w = await ticketWorld(t);
    f = factories(t.db);
    platform = await t.signInWithRole('platform_admin', 'platform', 0);
  });
  afterAll(() => t.close());

  const grant = (auth: string, body: object) => t.http().post('/api/v1/role-assignments').set('Authorization', auth).send(body);
  const list = (auth: string, scopeType: string, scopeId: number) =>
    t.http().get(`/api/v1/role-assignments?scopeType=${scopeType}&scopeId=${scopeId}`).set('Authorization', auth);

  describe('POST /api/v1/role-assignments', () => {
    it('refuses a community admin who makes himself manager of a compound a company runs; he cannot take its tickets', async () => {
      const res = await grant(w.auth.community, {
        userId: w.users.community.id,
        role: 'manager',
        scopeType: 'compound',
        scopeId: w.compound.id,
      }).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      const rows = await t.db.query('SELECT id FROM role_assignments WHERE user_id = ? AND role = ?', [
        w.users.community.id,
        'manager',
      ]);
      expect(rows).toEqual([]);

      const ticket = await t
        .http()
        .post('/api/v1/tickets')
        .set('Authorization', w.auth.resident)
        .send({ compoundId: w.compound.id, categoryId: w.categories.water, description: '楼道灯不亮' })
        .expect(201);
      const accept = await t
        .http()
        .post(`/api/v1/tickets/${ticket.body.id}/accept`)
        .set('Authorization', w.auth.community)
        .send({ version: 1 });
      expect([403, 404, 409]).toContain(accept.status);
      await t
        .http()
        .post(`/api/v1/tickets/${ticket.body.id}/accept`)
        .set('Authorization', w.auth.manager)
        .send({ version: 1 })
        .expect(200);
    });

    it('refuses the street company roles on a compound a company runs, and staff on the company', async () => {
      for (const body of [
        { role: 'manager', scopeType: 'compound', scopeId: w.compound.id },
        { role: 'staff', scopeType: 'compound', scopeId: w.compound.id },
        { role: 'staff', scopeType: 'company', scopeId: w.company.id },
      ]) {
        const res = await grant(w.auth.street, { userId: (await f.user()).id, ...body });
        expect({ body, status: res.status }).toEqual({ body, status: 403 });
      }
    });

    it('lets the company manager staff its compounds, but not appoint managers', async () => {
      const staff = await f.user();
      await grant(w.auth.manager, { userId: staff.id, role: 'staff', scopeType: 'compound', scopeId: w.compound.id }).expect(201);
      await grant(w.auth.manager, { userId: staff.id, role: 'manager', scopeType: 'compound', scopeId: w.compound.id }).expect(
        403,
      );
      // Another company's compound in the same community is not even visible to him.
      await grant(w.auth.manager, {
        userId: staff.id,
        role: 'staff',
        scopeType: 'compound',
        scopeId: w.otherCompound.id,
      }).expect(404);
    });

    it('lets the platform appoint a company manager', async () => {
      const manager = await f.user();
      await grant(platform, { userId: manager.id, role: 'manager', scopeType: 'compound', scopeId: w.compound.id }).expect(201);
    });

    it('still lets the community staff the compound its shared property society runs', async () => {
      const helper = await f.user();
      const created = await grant(w.auth.community, {
        userId: helper.id,
        role: 'staff',
        scopeType: 'compound',
        scopeId: w.shared.id,
      }).expect(201);
      const listed = await list(w.auth.community, 'compound', w.shared.id).expect(200);
      expect(listed.body.items.map((i: { id: number }) => i.id)).toContain(created.body.id);
      await t.http().delete(`/api/v1/role-assignments/${created.body.id}`).set('Authorization', w.auth.community).expect(204);
    });
  });

  describe('POST /api/v1/role-assignments with person (by phone)', () => {
    const usersWithPhone = async (phone: string) =>
      (await t.db.query('SELECT id, name FROM users WHERE phone = ?', [phone])) as Array<{ id: number; name: string }>;
    const staffOnCompound = (person: object) => ({ person, role: 'staff', scopeType: 'compound', scopeId: w.compound.id });

    it('lets the company manager add a worker who never signed in: one new person, named as given, who can then work', async () => {
      const phone = nextPhone();
      const res = await grant(w.auth.manager, staffOnCompound({ name: '新来的师傅', phone })).expect(201);
      const created = await usersWithPhone(phone);
      expect(created).toHaveLength(1);
      expect(created[0].name).toBe('新来的师傅');
      expect(res.body).toMatchObject({
        userId: Number(created[0].id),
        userName: '新来的师傅',
        role: 'staff',
        scopeId: w.compound.id,
      });
      // The number is not echoed back in full.
      expect(JSON.stringify(res.body)).not.toContain(phone);
      const me = await t
        .http()
        .get('/api/v1/me')
        .set('Authorization', await t.signIn(phone))
        .expect(200);
      expect(me.body.roles.map((r: { id: number }) => r.id)).toEqual([res.body.id]);
    });

    it('finds someone who already has an account by phone, and keeps their own name', async () => {
      const existing = await f.user({ name: '老住户' });
      const res = await grant(w.auth.manager, staffOnCompound({ name: '别的名字', phone: existing.phone })).expect(201);
      expect(res.body).toMatchObject({ userId: existing.id, userName: '老住户' });
      expect(await usersWithPhone(existing.phone!)).toEqual([{ id: existing.id, name: '老住户' }]);
    });

    it('refuses a grant the caller may not make before anyone is created (403 or 404, nobody new)', async () => {
      for (const [auth, body, status] of [
        // The community does not staff a company's compound, nor appoint its managers.
        [w.auth.community, { role: 'staff', scopeType: 'compound', scopeId: w.compound.id }, 403],
        [w.auth.community, { role: 'manager', scopeType: 'compound', scopeId: w.compound.id }, 403],
        // The manager staffs, he does not appoint managers.
        [w.auth.manager, { role: 'manager', scopeType: 'compound', scopeId: w.compound.id }, 403],
        // Another company's compound is not his to see.
        [w.auth.manager, { role: 'staff', scopeType: 'compound', scopeId: w.otherCompound.id }, 404],
        // Staff hand out nothing.
        [w.auth.staff, { role: 'staff', scopeType: 'compound', scopeId: w.compound.id }, 403],
        // A role on a scope it cannot be held on.
        [w.auth.manager, { role: 'staff', scopeType: 'grid', scopeId: w.grid.id }, 422],
      ] as const) {
        const phone = nextPhone();
        const res = await grant(auth, { person: { name: '不该创建', phone }, ...body });
        expect({ body, status: res.status }).toEqual({ body, status });
        expect(await usersWithPhone(phone)).toEqual([]);
      }
    });

    it('answers 409 ALREADY_EXISTS when the person already holds the role, as a grant by userId does', async () => {
      const phone = nextPhone();
      const first = await grant(w.auth.manager, staffOnCompound({ name: '重复授权', phone })).expect(201);
      const again = await grant(w.auth.manager, staffOnCompound({ name: '重复授权', phone })).expect(409);
      expect(again.body.code).toBe('ALREADY_EXISTS');
      const byId = await grant(w.auth.manager, { ...staffOnCompound({}), person: undefined, userId: first.body.userId }).expect(
        409,
      );
      expect(byId.body.code).toBe('ALREADY_EXISTS');
      expect(await usersWithPhone(phone)).toHaveLength(1);
    });

    it('creates one person when two grants for the same new phone race, and answers no 500', async () => {
      const phone = nextPhone();
      const person = { name: '同时添加', phone };
      const racing = await Promise.all([
        grant(w.auth.manager, staffOnCompound(person)),
        grant(w.auth.manager2, { person, role: 'staff', scopeType: 'company', scopeId: w.company.id }),
        grant(platform, { person, role: 'manager', scopeType: 'compound', scopeId: w.compound.id }),
      ]);
      expect(racing.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(new Set(racing.map((r) => r.body.userId)).size).toBe(1);
      expect(await usersWithPhone(phone)).toHaveLength(1);

      // The same grant twice at once: one is made, the other is told it exists.
      const phone2 = nextPhone();
      const same = await Promise.all([
        grant(w.auth.manager, staffOnCompound({ name: '同时添加', phone: phone2 })),
        grant(w.auth.manager2, staffOnCompound({ name: '同时添加', phone: phone2 })),
      ]);
      expect(same.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(await usersWithPhone(phone2)).toHaveLength(1);
    });

    it('answers 422 naming userId and person unless exactly one is given', async () => {
      const staff = await f.user();
      const scope = { role: 'staff', scopeType: 'compound', scopeId: w.compound.id };
      for (const body of [scope, { ...scope, userId: staff.id, person: { name: '两者都给', phone: nextPhone() } }]) {
        const res = await grant(w.auth.manager, body).expect(422);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['person', 'userId']);
      }
      expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM role_assignments WHERE user_id = ?', [staff.id]))[0].n)).toBe(0);
    });

    it('refuses a malformed person in the common error shape, naming the field', async () => {
      const phone = nextPhone();
      for (const [person, field] of [
        [{ name: '', phone }, 'person.name'],
        [{ name: ' \u200b ', phone }, 'person.name'],
        [{ name: '名'.repeat(200), phone }, 'person.name'],
        [{ name: '格式不对', phone: '12345' }, 'person.phone'],
        [{ name: '格式不对', phone: 13712345678 }, 'person.phone'],
        [{ phone }, 'person.name'],
        [{ name: '多一个字段', phone, openid: 'x' }, 'person.openid'],
        [null, 'person'],
        ['13712345678', 'person'],
        [[{ name: '数组', phone }], 'person'],
      ] as const) {
        const res = await grant(w.auth.manager, staffOnCompound(person as object));
        expect({ person, status: res.status, code: res.body.code }).toEqual({ person, status: 400, code: 'VALIDATION_FAILED' });
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect(await usersWithPhone(phone)).toEqual([]);
    });
  });

  describe('GET /api/v1/role-assignments', () => {
    it("shows a company's staff to its managers and the platform only", async () => {
      for (const auth of [w.auth.manager, platform]) {
        const res = await list(auth, 'company', w.company.id).expect(200);
        expect(res.body.items.map((i: { userId: number }) => i.userId)).toContain(w.users.staff.id);
      }
      for (const auth of [w.auth.community, w.auth.street, w.auth.otherManager, w.auth.staff]) {
        const res = await list(auth, 'company', w.company.id);
        expect([403, 404]).toContain(res.status);
        expect(JSON.stringify(res.body)).not.toContain(w.users.staff.name);
      }
    });

    it('shows the roles on a compound a company runs to the same people only', async () => {
      await list(w.auth.manager, 'compound', w.compound.id).expect(200);
      for (const auth of [w.auth.community, w.auth.street])
        expect([403, 404]).toContain((await list(auth, 'compound', w.compound.id)).status);
    });
  });

  describe('DELETE /api/v1/role-assignments/:id', () => {
    it("refuses the community removing a company's staff", async () => {
      const staff = await f.user();
      const role = await f.role(staff.id, 'staff', 'compound', w.compound.id);
      const res = await t.http().delete(`/api/v1/role-assignments/${role.id}`).set('Authorization', w.auth.community);
      expect([403, 404]).toContain(res.status);
      await t.http().delete(`/api/v1/role-assignments/${role.id}`).set('Authorization', w.auth.manager).expect(204);
    });
  });
});
