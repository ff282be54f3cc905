import type { TicketEventView, TicketView } from '@doorstep/contracts';
import { factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { countEvents, ticketWorld, type TicketWorld } from './support/ticket-world';

/** The tests move the clock (sign-ins must outlive that) and report more than a person a day. */
const LONG_SESSIONS = { ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400), TICKET_DAILY_CAP: '1000' };

describe('退单: tickets handed back to the handler', () => {
  let t: TestApp;
  let w: TicketWorld;

  beforeAll(async () => {
    t = await startTestApp(LONG_SESSIONS);
    w = await ticketWorld(t);
  });
  afterAll(() => t.close());

  const http = () => t.http();
  const act = (auth: string, id: number, action: string, body: object) =>
    http().post(`/api/v1/tickets/${id}/${action}`).set('Authorization', auth).send(body);
  const get = (auth: string, url: string) => http().get(url).set('Authorization', auth);
  const waterReport = () => ({
    compoundId: w.compound.id,
    categoryId: w.categories.water,
    householdId: w.household.id,
    description: '厨房水管漏水，地上全是水',
  });
  /** A ticket of the company compound, accepted by the manager and assigned to `assigneeId` (version 3). */
  const assignedTo = async (assigneeId: number): Promise<number> => {
    const id = (await http().post('/api/v1/tickets').set('Authorization', w.auth.resident).send(waterReport()).expect(201)).body
      .id as number;
    await act(w.auth.manager, id, 'accept', { version: 1 }).expect(200);
    await act(w.auth.manager, id, 'assign', { version: 2, assigneeId }).expect(200);
    return id;
  };
  const ids = (body: { items: Array<{ id: number }> }) => body.items.map((i) => i.id);
  const notificationsOf = async (userId: number, ticketId: number) =>
    (await t.db.query('SELECT title, body, page FROM notifications WHERE user_id = ? AND ticket_id = ? ORDER BY id', [
      userId,
      ticketId,
    ])) as Array<{ title: string; body: string; page: string }>;

  describe('POST /api/v1/tickets/:id/hand-back', () => {
    it('puts a started ticket back in the handler’s inbox, unassigned, with the reason on the staff’s timeline and the managers told', async () => {
      const id = await assignedTo(w.users.staff.id);
      // A neighbour follows it (我也遇到): hears of its progress, not of its internal hops.
      await http().post(`/api/v1/tickets/${id}/follow`).set('Authorization', w.auth.neighbour).expect(200);
      await act(w.auth.staff, id, 'start', { version: 3 }).expect(200);
      const before = (await get(w.auth.manager, `/api/v1/tickets/${id}`).expect(200)).body as TicketView;
      t.clock.advance(30 * 60_000);

      const res = await act(w.auth.staff, id, 'hand-back', { version: 4, reason: '需要电工，不是水工能修的' }).expect(200);
      expect(res.body).toMatchObject({ status: 'accepted', version: 5, assigneeId: null, assigneeName: null });
      // Due as a freshly accepted ticket is: at the same resolve deadline, which handing back does not move.
      expect(res.body.resolveDeadline).toBe(before.resolveDeadline);
      expect(res.body.dueAt).toBe(before.resolveDeadline);
      expect(res.body.acceptedAt).toBe(before.acceptedAt);

      const timeline = (await get(w.auth.manager, `/api/v1/tickets/${id}/events`).expect(200)).body as TicketEventView[];
      expect(timeline.at(-1)).toMatchObject({
        action: 'hand_back',
        fromStatus: 'in_progress',
        toStatus: 'accepted',
        actorName: '陈建国',
        actorRole: 'staff',
        note: '需要电工，不是水工能修的',
        internal: true,
      });
      // Supervisors read it as staff do.
      const seenByCommunity = (await get(w.auth.community, `/api/v1/tickets/${id}/events`).expect(200)).body as TicketEventView[];
      expect(seenByCommunity.at(-1)).toMatchObject({ action: 'hand_back', note: '需要电工，不是水工能修的' });
      // An internal hop: the reporter and the follower see the ticket back in 已受理, not why.
      for (const auth of [w.auth.resident, w.auth.neighbour]) {
        const res = await get(auth, `/api/v1/tickets/${id}/events`).expect(200);
        expect((res.body as TicketEventView[]).map((e) => e.action)).not.toContain('hand_back');
        expect(JSON.stringify(res.body)).not.toContain('需要电工');
        expect((await get(auth, `/api/v1/tickets/${id}`).expect(200)).body.status).toBe('accepted');
      }
      for (const userId of [w.users.resident.id, w.users.neighbour.id]) {
        const told = await notificationsOf(userId, id);
        expect(told.length).toBeGreaterThan(0); // told of the acceptance and the assignment
        expect(told.filter((n) => n.body.startsWith('退单'))).toEqual([]);
      }

      const inbox = (await get(w.auth.manager, '/api/v1/tickets/inbox?limit=100').expect(200)).body;
      const inInbox = inbox.items.find((i: TicketView) => i.id === id);
      expect(inInbox.viewer.actions).toContain('assign');
      expect(ids((await get(w.auth.staff, '/api/v1/tickets/tasks?limit=100').expect(200)).body)).not.toContain(id);

      for (const manager of [w.users.manager.id, w.users.manager2.id]) {
        expect(await notificationsOf(manager, id)).toContainEqual({
          title: '水电维修：已受理',
          body: '退单 · 1号楼 1单元 101',
          page: `/packages/staff/ticket?id=${id}`,
        });
      }
      // Not the person who handed it back.
      expect((await notificationsOf(w.users.staff.id, id)).filter((n) => n.body.startsWith('退单'))).toEqual([]);

      // And it can be assigned again, to someone else.
      await act(w.auth.manager, id, 'assign', { version: 5, assigneeId: w.users.staff2.id }).expect(200);
    });

    it('hands back an assigned ticket not yet started', async () => {
      const id = await assignedTo(w.users.staff.id);
      const res = await act(w.auth.staff, id, 'hand-back', { version: 3, reason: '这周休假' }).expect(200);
      expect(res.body).toMatchObject({ status: 'accepted', assigneeId: null });
      expect(await countEvents(t.db, id, 'hand_back')).toBe(1);
    });

    it('answers 409 VERSION_CONFLICT to a stale version, and changes nothing', async () => {
      const id = await assignedTo(w.users.staff.id);
      await act(w.auth.staff, id, 'start', { version: 3 }).expect(200);
      const stale = await act(w.auth.staff, id, 'hand-back', { version: 3, reason: '需要电工' }).expect(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 4, status: 'in_progress' } });
      expect(await countEvents(t.db, id, 'hand_back')).toBe(0);
    });

    it('lets exactly one of two hand-backs of the same version win', async () => {
      const id = await assignedTo(w.users.staff.id);
      const [a, b] = await Promise.all([
        act(w.auth.staff, id, 'hand-back', { version: 3, reason: '需要电工' }),
        act(w.auth.staff, id, 'hand-back', { version: 3, reason: '需要电工' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect(await countEvents(t.db, id, 'hand_back')).toBe(1);
    });

    it('refuses a paused ticket with 409 (resume first)', async () => {
      const id = await assignedTo(w.users.staff.id);
      await act(w.auth.staff, id, 'pause', { version: 3, reason: '等待配件' }).expect(200);
      expect((await act(w.auth.staff, id, 'hand-back', { version: 4, reason: '需要电工' }).expect(409)).body.code).toBe(
        'TICKET_INVALID_TRANSITION',
      );
    });

    it.each([
      ['no reason', {}],
      ['a one-character reason', { reason: '修' }],
      ['a reason over 200 characters', { reason: '修'.repeat(201) }],
      ['a reason that is not text', { reason: 42 }],
      ['an unknown field', { reason: '需要电工', assigneeId: 5 }],
      ['no version', { version: undefined, reason: '需要电工' }],
    ])('answers 400 VALIDATION_FAILED to %s', async (_, body) => {
      const id = await assignedTo(w.users.staff.id);
      const res = await act(w.auth.staff, id, 'hand-back', { version: 3, ...body }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', details: expect.any(Array) });
    });

    it('refuses everyone but the assignee: 403 to those who see the ticket, 404 to those who do not', async () => {
      const id = await assignedTo(w.users.staff.id);
      const body = { version: 3, reason: '需要电工' };
      for (const who of [w.auth.manager, w.auth.staff2, w.auth.resident, w.auth.community]) {
        expect((await act(who, id, 'hand-back', body).expect(403)).body.code).toBe('TICKET_ACTION_NOT_YOURS');
      }
      // Another company's manager, and staff of another company's compound.
      const foreignStaff = await t.signInWithRole('staff', 'compound', w.otherCompound.id);
      for (const who of [w.auth.otherManager, foreignStaff, w.auth.neighbour]) {
        expect((await act(who, id, 'hand-back', body).expect(404)).body.code).toBe('TICKET_NOT_FOUND');
      }
      expect((await get(w.auth.manager, `/api/v1/tickets/${id}`).expect(200)).body).toMatchObject({
        status: 'assigned',
        version: 3,
      });
    });

    it('answers 400 to an id that is not one, and 404 to a ticket that does not exist', async () => {
      await act(w.auth.staff, 0, 'hand-back', { version: 1, reason: '需要电工' }).expect(400);
      await http()
        .post('/api/v1/tickets/1e3/hand-back')
        .set('Authorization', w.auth.staff)
        .send({ version: 1, reason: '需要电工' })
        .expect(400);
      expect((await act(w.auth.staff, 999999, 'hand-back', { version: 1, reason: '需要电工' }).expect(404)).body.code).toBe(
        'TICKET_NOT_FOUND',
      );
    });

    it('lets a manager who took the work himself hand it back too', async () => {
      const f = factories(t.db);
      const foreman = await f.user({ name: '钱班长' });
      await f.role(foreman.id, 'manager', 'compound', w.compound.id);
      const id = await assignedTo(foreman.id);
      const auth = await t.signIn(foreman.phone!);
      await act(auth, id, 'hand-back', { version: 3, reason: '转交公司统一处理' }).expect(200);
      // The other managers are told; the one who acted is not.
      expect(await notificationsOf(w.users.manager.id, id)).toContainEqual(
        expect.objectContaining({ body: '退单 · 1号楼 1单元 101' }),
      );
      expect((await notificationsOf(foreman.id, id)).filter((n) => n.body.startsWith('退单'))).toEqual([]);
    });
  });

  describe('DELETE /api/v1/role-assignments/:id (a worker leaves)', () => {
    const roleId = async (userId: number, scopeType: string, scopeId: number) =>
      Number(
        (
          await t.db.query('SELECT id FROM role_assignments WHERE user_id = ? AND scope_type = ? AND scope_id = ?', [
            userId,
            scopeType,
            scopeId,
          ])
        )[0].id,
      );
    const revoke = (auth: string, id: number) => http().delete(`/api/v1/role-assignments/${id}`).set('Authorization', auth);
    const row = async (id: number) => {
      const [r] = await t.db.query('SELECT status, assignee_id, version, resolve_deadline FROM tickets WHERE id = ?', [id]);
      return {
        status: r.status as string,
        assigneeId: r.assignee_id === null ? null : Number(r.assignee_id),
        version: Number(r.version),
      };
    };

    it('hands the leaver’s assigned, started and paused tickets there back to the handler, and nothing else', async () => {
      const f = factories(t.db);
      const leaver = await f.user({ name: '老王' });
      await f.role(leaver.id, 'staff', 'company', w.company.id);
      // He also works for the other company: his work there stays his.
      await f.role(leaver.id, 'staff', 'company', w.otherCompany.id);
      const auth = await t.signIn(leaver.phone!);
      const assigned = await assignedTo(leaver.id);
      const started = await assignedTo(leaver.id);
      await act(auth, started, 'start', { version: 3 }).expect(200);
      const paused = await assignedTo(leaver.id);
      await act(auth, paused, 'pause', { version: 3, reason: '等待配件' }).expect(200);
      const done = await assignedTo(leaver.id);
      await act(auth, done, 'start', { version: 3 }).expect(200);
      await act(auth, done, 'resolve', { version: 4 }).expect(200);
      const elsewhere = (
        await http()
          .post('/api/v1/tickets')
          .set('Authorization', w.auth.otherManager)
          .send({ compoundId: w.otherCompound.id, categoryId: w.categories.water, description: '别的小区漏水' })
          .expect(201)
      ).body.id as number;
      await act(w.auth.otherManager, elsewhere, 'accept', { version: 1 }).expect(200);
      await act(w.auth.otherManager, elsewhere, 'assign', { version: 2, assigneeId: leaver.id }).expect(200);
      const pausedBefore = (await get(w.auth.manager, `/api/v1/tickets/${paused}`).expect(200)).body as TicketView;
      t.clock.advance(60 * 60_000);

      await revoke(w.auth.manager, await roleId(leaver.id, 'company', w.company.id)).expect(204);

      for (const id of [assigned, started, paused]) {
        const view = (await get(w.auth.manager, `/api/v1/tickets/${id}`).expect(200)).body as TicketView;
        expect(view).toMatchObject({ status: 'accepted', assigneeId: null, pauseReason: null });
        expect(view.viewer.actions).toContain('assign');
        const events = (await get(w.auth.manager, `/api/v1/tickets/${id}/events`).expect(200)).body as TicketEventView[];
        expect(events.at(-1)).toMatchObject({
          action: 'hand_back',
          toStatus: 'accepted',
          actorName: '系统',
          actorRole: 'system',
          note: '人员离职，工单退回',
        });
        for (const manager of [w.users.manager.id, w.users.manager2.id]) {
          expect(await notificationsOf(manager, id)).toContainEqual(expect.objectContaining({ body: '退单 · 1号楼 1单元 101' }));
        }
        // Internal, as every 退单: not on the reporter's timeline, not in her notifications.
        const seenByReporter = await get(w.auth.resident, `/api/v1/tickets/${id}/events`).expect(200);
        expect((seenByReporter.body as TicketEventView[]).map((e) => e.action)).not.toContain('hand_back');
        expect(JSON.stringify(seenByReporter.body)).not.toContain('人员离职');
        expect((await notificationsOf(w.users.resident.id, id)).filter((n) => n.body.startsWith('退单'))).toEqual([]);
      }
      // The hour the paused ticket waited for parts does not count against the company.
      const pausedAfter = (await get(w.auth.manager, `/api/v1/tickets/${paused}`).expect(200)).body as TicketView;
      expect(Date.parse(pausedAfter.resolveDeadline) - Date.parse(pausedBefore.resolveDeadline)).toBeGreaterThanOrEqual(
        60 * 60_000,
      );
      expect(pausedAfter.dueAt).toBe(pausedAfter.resolveDeadline);

      expect(await row(done)).toMatchObject({ status: 'resolved', assigneeId: leaver.id });
      expect(await row(elsewhere)).toMatchObject({ status: 'assigned', assigneeId: leaver.id, version: 3 });
      const inbox = ids((await get(w.auth.manager, '/api/v1/tickets/inbox?limit=100').expect(200)).body);
      expect(inbox).toEqual(expect.arrayContaining([assigned, started, paused]));
      expect(ids((await get(auth, '/api/v1/tickets/tasks?limit=100').expect(200)).body)).toEqual([elsewhere]);
    });

    it('hands nothing back while another role still lets the worker do the work', async () => {
      const f = factories(t.db);
      const worker = await f.user({ name: '小李' });
      await f.role(worker.id, 'staff', 'company', w.company.id);
      await f.role(worker.id, 'staff', 'compound', w.compound.id);
      const id = await assignedTo(worker.id);
      await revoke(w.auth.manager, await roleId(worker.id, 'compound', w.compound.id)).expect(204);
      expect(await row(id)).toMatchObject({ status: 'assigned', assigneeId: worker.id, version: 3 });
      expect(await countEvents(t.db, id, 'hand_back')).toBe(0);
    });

    it('changes nothing when the revocation is refused to someone of another company or street', async () => {
      const f = factories(t.db);
      const worker = await f.user({ name: '小赵' });
      await f.role(worker.id, 'staff', 'company', w.company.id);
      const id = await assignedTo(worker.id);
      const role = await roleId(worker.id, 'company', w.company.id);
      for (const who of [w.auth.otherManager, w.auth.staff, w.auth.resident])
        expect([403, 404]).toContain((await revoke(who, role)).status);
      expect(await row(id)).toMatchObject({ status: 'assigned', assigneeId: worker.id, version: 3 });
      await revoke(w.auth.manager, role).expect(204);
      expect(await row(id)).toMatchObject({ status: 'accepted', assigneeId: null, version: 4 });
      await revoke(w.auth.manager, role).expect(404);
    });
  });
});
