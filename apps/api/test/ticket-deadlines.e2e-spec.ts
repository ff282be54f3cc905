import type { TicketView } from '@doorstep/contracts';
import { startTestApp, type TestApp } from './support/test-app';
import { ticketWorld, type TicketWorld } from './support/ticket-world';

const MINUTE = 60_000;
const HOUR = 3600_000;
/** The compound's own deadlines for 水电维修 (the default: 10 minutes, end of the day). */
const OWN = { acceptMinutes: 25, resolveHours: 50 };

/**
 * Deadlines counted afresh on a later transition (分流, reopen, 回访 not satisfied, reassign) come from
 * the category as the ticket's compound has it (类别与时限), as they did at intake; a compound that set
 * nothing keeps the default.
 */
describe('deadlines recomputed on later transitions follow the compound’s category settings', () => {
  let t: TestApp;
  let w: TicketWorld;

  beforeAll(async () => {
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400), TICKET_DAILY_CAP: '1000' });
    w = await ticketWorld(t);
    await t
      .http()
      .put(`/api/v1/compounds/${w.compound.id}/category-settings/${w.categories.water}`)
      .set('Authorization', w.auth.manager)
      .send({ ...OWN, active: true })
      .expect(200);
  });
  afterAll(() => t?.close());

  const act = (auth: string, id: number, action: string, body: object) =>
    t.http().post(`/api/v1/tickets/${id}/${action}`).set('Authorization', auth).send(body);

  /** A 水电维修 report in the compound with its own deadlines, or in the other company's (defaults). */
  async function report(where: 'own' | 'default'): Promise<TicketView> {
    const body =
      where === 'own'
        ? { compoundId: w.compound.id, categoryId: w.categories.water, householdId: w.household.id, description: '厨房水管漏水' }
        : { compoundId: w.otherCompound.id, categoryId: w.categories.water, description: '地下室水管漏水' };
    return (await t.http().post('/api/v1/tickets').set('Authorization', w.auth.resident).send(body).expect(201)).body;
  }

  /** The request's response, and the clock just before and after it (the transition's "now" is between). */
  async function timed(request: () => Promise<{ body: TicketView }>) {
    const before = t.clock.now().getTime();
    const { body } = await request();
    return { view: body, before, after: t.clock.now().getTime() };
  }

  /** `deadline` is `span` after a moment within [before, after]. */
  const countedFrom = (deadline: string, span: number, { before, after }: { before: number; after: number }) => {
    const start = Date.parse(deadline) - span;
    return start >= before && start <= after;
  };

  /** Reported in the compound with its own deadlines, accepted, assigned, started and resolved. */
  async function resolved(): Promise<TicketView> {
    const { id } = await report('own');
    await act(w.auth.manager, id, 'accept', { version: 1 }).expect(200);
    await act(w.auth.manager, id, 'assign', { version: 2, assigneeId: w.users.staff.id }).expect(200);
    await act(w.auth.staff, id, 'start', { version: 3 }).expect(200);
    return (await act(w.auth.staff, id, 'resolve', { version: 4 }).expect(200)).body;
  }

  it('the report itself got the compound’s deadlines (intake, as before)', async () => {
    const ticket = await report('own');
    expect(Date.parse(ticket.acceptDeadline) - Date.parse(ticket.createdAt)).toBe(OWN.acceptMinutes * MINUTE);
    expect(Date.parse(ticket.resolveDeadline) - Date.parse(ticket.createdAt)).toBe(OWN.resolveHours * HOUR);
  });

  describe('POST /api/v1/tickets/:id/divert', () => {
    it('gives the community the compound’s accept minutes, not the default’s', async () => {
      const { id } = await report('own');
      t.clock.advance(2 * HOUR);
      const diverted = await timed(() => act(w.auth.manager, id, 'divert', { version: 1 }).expect(200));
      expect(diverted.view).toMatchObject({ status: 'submitted', handlerType: 'community' });
      expect(countedFrom(diverted.view.acceptDeadline, OWN.acceptMinutes * MINUTE, diverted)).toBe(true);
    });

    it('keeps the default in a compound that set nothing', async () => {
      const { id } = await report('default');
      t.clock.advance(2 * HOUR);
      const diverted = await timed(() => act(w.auth.otherManager, id, 'divert', { version: 1 }).expect(200));
      expect(countedFrom(diverted.view.acceptDeadline, 10 * MINUTE, diverted)).toBe(true);
    });
  });

  describe('POST /api/v1/tickets/:id/reopen', () => {
    it('gives the reopened ticket the compound’s resolve hours', async () => {
      const ticket = await resolved();
      t.clock.advance(3 * HOUR);
      const reopened = await timed(() => act(w.auth.resident, ticket.id, 'reopen', { version: ticket.version }).expect(200));
      expect(reopened.view).toMatchObject({ status: 'in_progress', reopenCount: 1 });
      expect(countedFrom(reopened.view.resolveDeadline, OWN.resolveHours * HOUR, reopened)).toBe(true);
    });

    it('follows the setting the compound has when the ticket is reopened, not the one it had at the report', async () => {
      const ticket = await resolved();
      await t
        .http()
        .put(`/api/v1/compounds/${w.compound.id}/category-settings/${w.categories.water}`)
        .set('Authorization', w.auth.manager)
        .send({ acceptMinutes: 25, resolveHours: 30, active: true })
        .expect(200);
      try {
        const reopened = await timed(() => act(w.auth.resident, ticket.id, 'reopen', { version: ticket.version }).expect(200));
        expect(countedFrom(reopened.view.resolveDeadline, 30 * HOUR, reopened)).toBe(true);
      } finally {
        await t
          .http()
          .put(`/api/v1/compounds/${w.compound.id}/category-settings/${w.categories.water}`)
          .set('Authorization', w.auth.manager)
          .send({ ...OWN, active: true })
          .expect(200);
      }
    });
  });

  describe('POST /api/v1/tickets/:id/follow-up (not satisfied)', () => {
    it('sends the ticket back to work with the compound’s resolve hours', async () => {
      const ticket = await resolved();
      await act(w.auth.resident, ticket.id, 'rate', { version: ticket.version, overall: 2 }).expect(200);
      t.clock.advance(HOUR);
      const back = await timed(() =>
        act(w.auth.community, ticket.id, 'follow-up', { version: ticket.version + 1, satisfied: false }).expect(200),
      );
      expect(back.view).toMatchObject({ status: 'in_progress', followUp: 'unsatisfied' });
      expect(countedFrom(back.view.resolveDeadline, OWN.resolveHours * HOUR, back)).toBe(true);
    });
  });

  describe('POST /api/v1/tickets/:id/reassign', () => {
    it('hands the ticket back to the company with the compound’s resolve hours', async () => {
      const { id } = await report('own');
      await act(w.auth.manager, id, 'divert', { version: 1 }).expect(200);
      t.clock.advance(HOUR);
      const reassigned = await timed(() =>
        act(w.auth.community, id, 'reassign', { version: 2, handlerType: 'company' }).expect(200),
      );
      expect(reassigned.view).toMatchObject({ status: 'accepted', handlerType: 'company' });
      expect(countedFrom(reassigned.view.resolveDeadline, OWN.resolveHours * HOUR, reassigned)).toBe(true);
    });
  });
});
