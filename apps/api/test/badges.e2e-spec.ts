import type { BadgesView, TicketView } from '@doorstep/contracts';
import { factories } from './support/factories';
import { statementsDuring } from './support/observe';
import { startTestApp, type TestApp } from './support/test-app';
import { ticketWorld, type TicketWorld } from './support/ticket-world';

/**
 * The live inbox: a new ticket reaches its handler's managers, and `GET /me/badges` (polled by the app
 * every few seconds) counts it at once, whichever API instance took the report and whichever answers
 * the poll. Nothing lives in one process's memory.
 */
describe('GET /api/v1/me/badges', () => {
  let a: TestApp;
  let b: TestApp;
  let w: TicketWorld;

  beforeAll(async () => {
    a = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400), TICKET_DAILY_CAP: '1000' });
    b = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400) }, { sameDatabaseAs: a });
    w = await ticketWorld(a);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const badges = (t: TestApp, auth: string, etag?: string) => {
    const r = t.http().get('/api/v1/me/badges').set('Authorization', auth);
    return etag ? r.set('If-None-Match', etag) : r;
  };
  const emergency = (description = '电梯困人，有老人在里面！') =>
    a
      .http()
      .post('/api/v1/tickets')
      .set('Authorization', w.auth.resident)
      .send({ compoundId: w.compound.id, categoryId: w.categories.elevator, buildingId: w.building.id, description })
      .expect(201);

  it('counts a 特急 ticket filed on instance A in the manager’s badges and inbox on instance B', async () => {
    const before = await badges(b, w.auth.manager).expect(200);
    const etag = before.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    await badges(b, w.auth.manager, etag).expect(304);

    const ticket = (await emergency()).body as TicketView;
    expect(ticket.priority).toBe('emergency');

    const after = await badges(b, w.auth.manager, etag).expect(200);
    const was = before.body as BadgesView;
    expect(after.body).toEqual({
      unread: was.unread + 1,
      inbox: { open: was.inbox!.open + 1, urgent: was.inbox!.urgent + 1 },
      tasks: was.tasks,
      supervision: null,
      claims: was.claims,
    });
    expect(after.headers.etag).not.toBe(etag);
    // Unchanged since: the same answer from either instance, and 304 to the tag either gave.
    await badges(a, w.auth.manager, after.headers.etag as string).expect(304);
    await badges(b, w.auth.manager, after.headers.etag as string).expect(304);

    const inbox = await b.http().get('/api/v1/tickets/inbox').set('Authorization', w.auth.manager).expect(200);
    expect(inbox.body.items.map((i: TicketView) => i.id)).toContain(ticket.id);
    const messages = await b.http().get('/api/v1/notifications').set('Authorization', w.auth.manager).expect(200);
    expect(messages.body.items[0]).toMatchObject({ ticketId: ticket.id, page: `/packages/staff/ticket?id=${ticket.id}` });
  });

  it('counts what each role has: the inbox leaves it when accepted, tasks when assigned, unread when read', async () => {
    const id = (await emergency('电梯门关不上')).body.id as number;
    const manager = (await badges(b, w.auth.manager).expect(200)).body as BadgesView;
    const staff = (await badges(b, w.auth.staff).expect(200)).body as BadgesView;
    expect(staff).toMatchObject({ inbox: null, supervision: null, tasks: { open: expect.any(Number) }, claims: null });

    await a.http().post(`/api/v1/tickets/${id}/accept`).set('Authorization', w.auth.manager).send({ version: 1 }).expect(200);
    await a
      .http()
      .post(`/api/v1/tickets/${id}/assign`)
      .set('Authorization', w.auth.manager)
      .send({ version: 2, assigneeId: w.users.staff.id })
      .expect(200);
    // Still open, so still in the manager's inbox (sorted by its resolve deadline now).
    expect((await badges(b, w.auth.manager).expect(200)).body.inbox).toEqual(manager.inbox);
    const assigned = (await badges(b, w.auth.staff).expect(200)).body as BadgesView;
    expect(assigned.tasks).toEqual({ open: staff.tasks!.open + 1, urgent: staff.tasks!.urgent + 1 });
    expect(assigned.unread).toBe(staff.unread + 1);

    await b.http().post('/api/v1/notifications/read-all').set('Authorization', w.auth.staff).expect(204);
    expect((await badges(a, w.auth.staff).expect(200)).body.unread).toBe(0);
  });

  describe('claims (认证 待审核)', () => {
    const claimsOf = async (auth: string) => ((await badges(a, auth).expect(200)).body as BadgesView).claims;

    it('counts pending claims where the caller reviews them, and nothing elsewhere; the ETag follows', async () => {
      const f = factories(a.db);
      const before = {
        manager: await claimsOf(w.auth.manager),
        community: await claimsOf(w.auth.community),
        other: await claimsOf(w.auth.otherManager),
      };
      const etag = (await badges(a, w.auth.manager).expect(200)).headers.etag as string;
      const claimant = await f.user();
      const pending = await f.membership(await f.household(w.building), claimant.id, 'pending');
      // Decided claims are not waiting for anyone.
      await f.membership(await f.household(w.building), (await f.user()).id, 'verified');
      await f.membership(await f.household(w.building), (await f.user()).id, 'rejected');
      // A claim in another company's compound: its manager's, and the community's (it encloses both).
      await f.membership(await f.household(await f.building(w.otherCompound.id)), (await f.user()).id, 'pending');

      const after = await badges(a, w.auth.manager, etag).expect(200);
      expect(after.body.claims).toBe(before.manager! + 1);
      expect(await claimsOf(w.auth.otherManager)).toBe(before.other! + 1);
      expect(await claimsOf(w.auth.community)).toBe(before.community! + 2);
      // Staff, grid workers, the street and residents review no claims: null, not 0.
      for (const who of ['staff', 'grid', 'street', 'resident'] as const) expect(await claimsOf(w.auth[who])).toBeNull();

      await a
        .http()
        .post(`/api/v1/memberships/${pending.id}/verify`)
        .set('Authorization', w.auth.manager)
        .send({ version: pending.version })
        .expect(200);
      expect(await claimsOf(w.auth.manager)).toBe(before.manager);
    });

    it('leaves out the reviewer’s own claim (another reviewer decides it) and counts a compound-scoped manager’s compound only', async () => {
      const f = factories(a.db);
      const base = await claimsOf(w.auth.manager2);
      await f.membership(await f.household(w.building), w.users.manager2.id, 'pending');
      expect(await claimsOf(w.auth.manager2)).toBe(base);
      expect(await claimsOf(w.auth.manager)).toBe((await claimsOf(w.auth.manager2))! + 1);

      const shared = await f.household(w.sharedBuilding);
      const compoundManager = await a.signInWithRole('manager', 'compound', w.shared.id);
      const zero = await claimsOf(compoundManager);
      await f.membership(shared, (await f.user()).id, 'pending');
      await f.membership(await f.household(w.building), (await f.user()).id, 'pending');
      expect(await claimsOf(compoundManager)).toBe(zero! + 1);
    });

    it('answers a poll in one statement, claims included', async () => {
      await badges(a, w.auth.community).expect(200); // warm: the caller is known to this instance
      let body: BadgesView | undefined;
      const statements = await statementsDuring(a.db, async () => {
        body = (await badges(a, w.auth.community).expect(200)).body as BadgesView;
      });
      expect(body).toMatchObject({ inbox: expect.any(Object), supervision: expect.any(Object), claims: expect.any(Number) });
      expect(statements).toHaveLength(1);
    });
  });

  it('shows a resident only their unread count, a supervisor what is escalated, and nobody anything signed out', async () => {
    const resident = (await badges(a, w.auth.resident).expect(200)).body as BadgesView;
    expect(resident).toEqual({ unread: expect.any(Number), inbox: null, tasks: null, supervision: null, claims: null });
    const community = (await badges(a, w.auth.community).expect(200)).body as BadgesView;
    expect(community.supervision).toEqual({ open: expect.any(Number), urgent: expect.any(Number) });
    // The community handles tickets of shared-society compounds: it has an inbox too.
    expect(community.inbox).not.toBeNull();
    const other = (await badges(a, w.auth.otherManager).expect(200)).body as BadgesView;
    expect(other.inbox).toEqual({ open: 0, urgent: 0 });
    const res = await a.http().get('/api/v1/me/badges').expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });
});
