import type { TicketView } from '@doorstep/contracts';
import { In } from 'typeorm';
import { Ticket } from '../src/tickets/ticket.entity';
import { factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { ticketWorld, type TicketWorld } from './support/ticket-world';

const HOUR = 3600_000;

/**
 * 我的任务 and 已完成: GET /tickets/tasks lists the caller's open tasks (nearest deadline first); with
 * done=true the tickets they worked to the end (resolved, or closed after that, still assigned to
 * them), newest resolution first, paged by (resolved_at, id) and filtered like the inbox, from/to on
 * the resolution time.
 */
describe('GET /api/v1/tickets/tasks', () => {
  let t: TestApp;
  let w: TicketWorld;
  /** A worker of the other company, with finished work of their own there. */
  let otherStaff: { id: number; auth: string };
  let otherDone: number;

  beforeAll(async () => {
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400), TICKET_DAILY_CAP: '1000' });
    w = await ticketWorld(t);
    const f = factories(t.db);
    const user = await f.user({ name: '钱师傅' });
    await f.role(user.id, 'staff', 'company', w.otherCompany.id);
    otherStaff = { id: user.id, auth: await t.signIn(user.phone!) };
    const { id } = await report({ compoundId: w.otherCompound.id, householdId: undefined, description: '地下室水管漏水' });
    otherDone = (await finish(id, { manager: w.auth.otherManager, staff: otherStaff })).id;
  });
  afterAll(() => t?.close());

  const http = () => t.http();
  const act = (auth: string, id: number, action: string, body: object) =>
    http().post(`/api/v1/tickets/${id}/${action}`).set('Authorization', auth).send(body);
  const get = (auth: string, query: string) => http().get(`/api/v1/tickets/tasks${query}`).set('Authorization', auth);
  const ids = (body: { items: TicketView[] }) => body.items.map((i) => i.id);
  const done = async (auth: string, query = '') => ids((await get(auth, `?done=true&limit=100${query}`).expect(200)).body);
  const open = async (auth: string, query = '') => ids((await get(auth, `?limit=100${query}`).expect(200)).body);

  async function report(body: object = {}): Promise<TicketView> {
    const res = await http()
      .post('/api/v1/tickets')
      .set('Authorization', w.auth.resident)
      .send({
        compoundId: w.compound.id,
        categoryId: w.categories.water,
        householdId: w.household.id,
        description: '厨房水管漏水',
        ...body,
      })
      .expect(201);
    return res.body;
  }

  /** Accepted and assigned to the worker: version 3. */
  async function assigned(id: number, who = { manager: w.auth.manager, staff: { id: w.users.staff.id } }) {
    await act(who.manager, id, 'accept', { version: 1 }).expect(200);
    return (await act(who.manager, id, 'assign', { version: 2, assigneeId: who.staff.id }).expect(200)).body as TicketView;
  }

  /** Reported (or given), accepted, assigned, started and resolved by the worker: version 5. */
  async function finish(
    id: number,
    who: { manager: string; staff: { id: number; auth: string } } = {
      manager: w.auth.manager,
      staff: { id: w.users.staff.id, auth: w.auth.staff },
    },
  ): Promise<TicketView> {
    await assigned(id, who);
    await act(who.staff.auth, id, 'start', { version: 3 }).expect(200);
    return (await act(who.staff.auth, id, 'resolve', { version: 4 }).expect(200)).body;
  }

  describe('done=true (已完成)', () => {
    it('lists what the caller resolved and what was closed after, newest resolution first; open tasks stay apart', async () => {
      const first = await finish((await report()).id);
      t.clock.advance(HOUR);
      const second = await finish((await report()).id);
      await act(w.auth.resident, second.id, 'rate', { version: 5, overall: 5 }).expect(200);
      t.clock.advance(HOUR);
      const third = await finish((await report()).id);
      const working = await assigned((await report()).id);

      const list = await done(w.auth.staff);
      expect(list.slice(0, 3)).toEqual([third.id, second.id, first.id]);
      expect(list).not.toContain(working.id);
      const statuses = (await get(w.auth.staff, '?done=true&limit=100').expect(200)).body.items.map((i: TicketView) => i.status);
      expect(new Set(statuses)).toEqual(new Set(['resolved', 'closed']));

      // Without done, or done=false: the open tasks, exactly as before.
      const tasks = await open(w.auth.staff);
      expect(tasks).toContain(working.id);
      expect(tasks).not.toContain(third.id);
      expect(await open(w.auth.staff, '&done=false')).toEqual(tasks);
    });

    it('pages newest resolution first, ties broken by the newer id, each ticket once', async () => {
      const finished = [];
      for (let i = 0; i < 5; i++) finished.push((await finish((await report()).id)).id);
      // Three resolved in the same instant (the first one's): the id decides among them.
      const repo = t.db.getRepository(Ticket);
      const { resolvedAt: same } = await repo.findOneByOrFail({ id: finished[0] });
      await repo.update({ id: In([finished[2], finished[4]]) }, { resolvedAt: same });
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { body: { items: TicketView[]; nextCursor: string | null } } = await get(
          w.auth.staff,
          `?done=true&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        ).expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...ids(page.body));
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(await done(w.auth.staff));
      expect(seen.slice(0, 5)).toEqual([finished[3], finished[1], finished[4], finished[2], finished[0]]);
      const resolvedAt = (await get(w.auth.staff, '?done=true&limit=100').expect(200)).body.items.map((i: TicketView) =>
        Date.parse(i.resolvedAt!),
      );
      expect(resolvedAt).toEqual([...resolvedAt].sort((a, b) => b - a));
    });

    it('leaves out what the caller did not finish: handed back, transferred away, reopened until resolved again', async () => {
      const handedBack = await assigned((await report()).id);
      await act(w.auth.staff, handedBack.id, 'hand-back', { version: 3, reason: '需要专业电工处理' }).expect(200);
      const transferred = await assigned((await report()).id);
      await act(w.auth.manager, transferred.id, 'transfer', { version: 3, assigneeId: w.users.staff2.id }).expect(200);
      await act(w.auth.staff2, transferred.id, 'start', { version: 4 }).expect(200);
      await act(w.auth.staff2, transferred.id, 'resolve', { version: 5 }).expect(200);

      const list = await done(w.auth.staff);
      expect(list).not.toContain(handedBack.id);
      expect(list).not.toContain(transferred.id);
      expect(await done(w.auth.staff2)).toContain(transferred.id);

      const reopened = await finish((await report()).id);
      await act(w.auth.resident, reopened.id, 'reopen', { version: 5, note: '还在漏' }).expect(200);
      expect(await done(w.auth.staff)).not.toContain(reopened.id);
      expect(await open(w.auth.staff)).toContain(reopened.id);
      t.clock.advance(HOUR);
      await act(w.auth.staff, reopened.id, 'resolve', { version: 6 }).expect(200);
      expect((await done(w.auth.staff))[0]).toBe(reopened.id);
    });

    it('filters by status, kind, category, compound, breached, and from/to on the resolution time', async () => {
      // Reported long before it was resolved: the window on resolution finds it, one on the report would not.
      const old = await report({ categoryId: w.categories.elevator, description: '电梯停在三楼不动' });
      t.clock.advance(3 * 24 * HOUR);
      const from = t.clock.now().toISOString();
      const late = await finish(old.id);
      const to = new Date(t.clock.now().getTime() + 1000).toISOString();
      t.clock.advance(HOUR);
      const closed = await finish((await report()).id);
      await act(w.auth.resident, closed.id, 'rate', { version: 5, overall: 4 }).expect(200);

      expect(await done(w.auth.staff, `&from=${from}&to=${to}`)).toEqual([late.id]);
      expect(await done(w.auth.staff, `&to=${from}`)).not.toContain(late.id);
      expect(await done(w.auth.staff, `&categoryId=${w.categories.elevator}`)).toEqual([late.id]);
      expect(await done(w.auth.staff, '&breached=true')).toContain(late.id);
      expect(await done(w.auth.staff, '&breached=false')).not.toContain(late.id);
      const closedOnly = (await get(w.auth.staff, '?done=true&status=closed&limit=100').expect(200)).body.items as TicketView[];
      expect(closedOnly.map((i) => i.id)).toContain(closed.id);
      expect(closedOnly.every((i) => i.status === 'closed')).toBe(true);
      expect(await done(w.auth.staff, '&status=resolved')).not.toContain(closed.id);
      expect((await done(w.auth.staff, '&kind=repair')).length).toBeGreaterThan(0);
      expect(await done(w.auth.staff, '&kind=complaint')).toEqual([]);
      expect(await done(w.auth.staff, `&compoundId=${w.otherCompound.id}`)).toEqual([]);
      expect(await done(w.auth.staff, `&compoundId=${w.compound.id}`)).toContain(closed.id);
    });

    it('shows nobody else another worker’s finished tickets: a colleague, the manager, another company’s worker', async () => {
      const mine = await finish((await report()).id);
      expect(await done(w.auth.staff)).toContain(mine.id);
      expect(await done(w.auth.staff2)).not.toContain(mine.id);
      expect(await done(w.auth.manager)).not.toContain(mine.id);
      expect(await done(otherStaff.auth)).toEqual([otherDone]);
      expect(await done(w.auth.staff)).not.toContain(otherDone);
      // Filters are no way around it.
      expect(await done(otherStaff.auth, `&compoundId=${w.compound.id}`)).toEqual([]);
    });

    it('drops a former worker’s finished tickets once they no longer work for that company', async () => {
      const f = factories(t.db);
      const temp = await f.user({ name: '临时工' });
      const role = await f.role(temp.id, 'staff', 'company', w.company.id);
      const auth = await t.signIn(temp.phone!);
      const finished = await finish((await report()).id, { manager: w.auth.manager, staff: { id: temp.id, auth } });
      expect(await done(auth)).toEqual([finished.id]);
      const admin = await t.signInWithRole('platform_admin', 'platform', 0);
      await http()
        .post('/api/v1/role-assignments')
        .set('Authorization', admin)
        .send({ userId: temp.id, role: 'staff', scopeType: 'company', scopeId: w.otherCompany.id })
        .expect(201);
      await http().delete(`/api/v1/role-assignments/${role.id}`).set('Authorization', admin).expect(204);
      expect(await done(auth)).toEqual([]);
    });
  });

  describe('bad input', () => {
    it('answers 400 for a done that is not true/false, and on the lists that have no done', async () => {
      const res = await get(w.auth.staff, '?done=yes').expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['done']);
      for (const list of ['inbox', 'supervision']) {
        const auth = list === 'inbox' ? w.auth.manager : w.auth.community;
        const other = await http().get(`/api/v1/tickets/${list}?done=true`).set('Authorization', auth).expect(400);
        expect(other.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('answers 422 for a status 已完成 never holds, and for from not before to', async () => {
      const status = await get(w.auth.staff, '?done=true&status=in_progress').expect(422);
      expect(status.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'status' }] });
      // The open list still refuses ended statuses, as before.
      expect((await get(w.auth.staff, '?status=closed').expect(422)).body.details[0].field).toBe('status');
      const window = await get(w.auth.staff, '?done=true&from=2026-03-02T00:00:00.000Z&to=2026-03-01T00:00:00.000Z').expect(422);
      expect(window.body.details[0].field).toBe('to');
    });

    it('answers 400 for a cursor that is not one of this list, and for unknown fields', async () => {
      const bad = Buffer.from(JSON.stringify(['not-a-date', 5])).toString('base64url');
      expect((await get(w.auth.staff, `?done=true&cursor=${bad}`).expect(400)).body.details[0].field).toBe('cursor');
      expect((await get(w.auth.staff, '?done=true&cursor=abc').expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await get(w.auth.staff, '?done=true&assigneeId=1').expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await get(w.auth.staff, '?done=true&limit=0').expect(400)).body.code).toBe('VALIDATION_FAILED');
    });

    it('refuses a resident (no ticket.work) with 403', async () => {
      expect((await get(w.auth.resident, '?done=true').expect(403)).body.code).toBe('FORBIDDEN');
    });
  });
});
