import { factories, type Factories } from './support/factories';
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
