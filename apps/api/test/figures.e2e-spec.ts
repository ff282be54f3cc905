import type { FiguresView, FigureTicketRow, Page } from '@doorstep/contracts';
import { randomUUID } from 'node:crypto';
import { formatShanghai } from '../src/common/shanghai-time';
import { Household } from '../src/households/household.entity';
import { Ticket } from '../src/tickets/ticket.entity';
import { Visit } from '../src/visits/visit.entity';
import { factories } from './support/factories';
import { planter, sh } from './support/planted-tickets';
import { startTestApp, type TestApp } from './support/test-app';
import { ticketWorld, type TicketWorld } from './support/ticket-world';
import { binary, values, workbook } from './support/xlsx-downloads';

const MONTH = '2025-03';

/**
 * A month with known answers. One street, one community, three compounds:
 *   A (安居测试物业, 10 households on file in March, an 11th entered in April)
 *     T1 repair    03-03 09:00  accepted 09:05 (deadline 09:10)  resolved same day   ★5 speed 5 attitude 4  回访 satisfied
 *     T2 repair    03-04 10:00  accepted 10:30, late             resolved 03-05      ★3 speed 2             回访 unsatisfied, reopened once
 *     T3 complaint 03-10 20:00  never accepted, past deadline (the sweeper never marked it)   escalated to the street, urged twice
 *     T4 complaint 03-11 08:00  turned down in time (not judged, not handled)
 *     T5 repair    03-31 23:50  accepted 23:55, resolved 04-01 00:10 (the next Shanghai day) escalated once
 *     withdrawn, merged, February and April tickets that must not count; an urge in March on February's ticket that must
 *   S (阳光测试花园, the community's 共享物业社, 4 households)
 *     S1 repair    03-05 09:00  accepted on time, resolved same day ★4 speed 4 attitude 5
 *   O (the other company, named '=1+1物业' to try CSV injection, 5 households)
 *     O1 complaint 03-06 10:00  accepted late, not resolved
 *   Visits in A: two households met in March (one twice), one not home in March and met only on April 1st.
 *   Bills of 2025-03 in A: 100.00 paid, 200.00 with 50.00 paid, a waived 80.00 with 10.00 paid, a cancelled 50.00.
 */
describe('figures (考核指标): a month with known answers', () => {
  let t: TestApp;
  let w: TicketWorld;
  let ids: Record<string, number>;

  const figures = (auth: string, scope: string, id: number, month = MONTH) =>
    t.http().get('/api/v1/figures').query({ scope, id, month }).set('Authorization', auth);

  beforeAll(async () => {
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400) });
    w = await ticketWorld(t);
    const planted = planter(t, w);
    ({ ids } = planted);
    const { plant, urge } = planted;
    const f = factories(t.db);
    // The world has 2 households in A; 8 more make 10, S gets 4 and O 5.
    for (let i = 0; i < 8; i++) await f.household(w.building, { unit: '2', room: `20${i}` });
    for (let i = 0; i < 4; i++) await f.household(w.sharedBuilding, { unit: '1', room: `10${i}` });
    const oBuilding = await f.building(w.otherCompound.id);
    for (let i = 0; i < 5; i++) await f.household(oBuilding, { unit: '1', room: `10${i}` });
    await t.db.query("UPDATE households SET created_at = '2025-01-01 00:00:00'");
    const late = await f.household(w.building, { unit: '3', room: '301' });
    await t.db.query("UPDATE households SET created_at = '2025-04-10 00:00:00' WHERE id = ?", [late.id]);
    await t.db.query("UPDATE property_companies SET name = '=1+1物业' WHERE id = ?", [w.otherCompany.id]);

    const A = { id: w.compound.id, companyId: w.company.id };
    const S = { id: w.shared.id, companyId: null };
    const O = { id: w.otherCompound.id, companyId: w.otherCompany.id };
    await plant('T1', A, '2025-03-03 09:00', {
      acceptedAt: sh('2025-03-03 09:05'),
      resolvedAt: sh('2025-03-03 15:00'),
      rating: 5,
      ratingSpeed: 5,
      ratingAttitude: 4,
      followUp: 'satisfied',
    });
    await plant('T2', A, '2025-03-04 10:00', {
      acceptedAt: sh('2025-03-04 10:30'),
      acceptBreached: true,
      resolvedAt: sh('2025-03-05 09:00'),
      reopenCount: 1,
      rating: 3,
      ratingSpeed: 2,
      followUp: 'unsatisfied',
    });
    await plant('T3', A, '2025-03-10 20:00', {
      kind: 'complaint',
      status: 'submitted',
      isOpen: true,
      escalationLevel: 2,
      supervised: true,
    });
    await plant('T4', A, '2025-03-11 08:00', { kind: 'complaint', status: 'rejected' });
    await plant('T5', A, '2025-03-31 23:50', {
      status: 'resolved',
      acceptedAt: sh('2025-03-31 23:55'),
      resolvedAt: sh('2025-04-01 00:10'),
      escalationLevel: 1,
    });
    await plant('withdrawn', A, '2025-03-12 09:00', { status: 'cancelled' });
    await plant('merged', A, '2025-03-13 09:00', { duplicateOfId: ids.T1 });
    await plant('february', A, '2025-02-28 23:59', { acceptedAt: sh('2025-03-01 00:01'), acceptBreached: true });
    await plant('april', A, '2025-04-01 00:00', {});
    await plant('S1', S, '2025-03-05 09:00', {
      acceptedAt: sh('2025-03-05 09:02'),
      resolvedAt: sh('2025-03-05 11:00'),
      rating: 4,
      ratingSpeed: 4,
      ratingAttitude: 5,
    });
    await plant('O1', O, '2025-03-06 10:00', {
      kind: 'complaint',
      status: 'accepted',
      isOpen: true,
      acceptedAt: sh('2025-03-06 10:40'),
      acceptBreached: true,
    });
    await urge('T3', '2025-03-11 09:00');
    await urge('T3', '2025-03-12 09:00');
    await urge('february', '2025-03-01 10:00');
    await urge('T3', '2025-04-02 09:00');

    const visit = (householdId: number, at: string, outcome: 'met' | 'not_home' = 'met') =>
      t.db.getRepository(Visit).insert({
        clientId: randomUUID(),
        workerId: w.users.grid.id,
        gridId: w.grid.id,
        communityId: w.community.id,
        compoundId: w.compound.id,
        householdId,
        placeName: null,
        kind: 'routine',
        outcome,
        notes: null,
        visitedAt: sh(at),
        receivedAt: sh(at),
        latitudeE6: null,
        longitudeE6: null,
        ticketId: null,
        followUpTicketId: null,
        followUpOutcome: null,
      });
    const [v1, v2, v3] = await t.db
      .getRepository(Household)
      .find({ where: { compoundId: w.compound.id }, order: { id: 'ASC' }, take: 3 });
    await visit(v1.id, '2025-03-02 10:00');
    await visit(v1.id, '2025-03-20 10:00');
    await visit(v2.id, '2025-03-31 23:30');
    await visit(v3.id, '2025-03-05 10:00', 'not_home');
    await visit(v3.id, '2025-04-01 00:30');

    const item = await f.feeItem(w.compound.id);
    const [h1, h2, h3, h4] = await t.db
      .getRepository(Household)
      .find({ where: { compoundId: w.compound.id }, order: { id: 'ASC' }, take: 4 });
    await f.bill(h1, item.id, MONTH, 10000, { paidFen: 10000, status: 'paid' });
    await f.bill(h2, item.id, MONTH, 20000, { paidFen: 5000, status: 'partially_paid' });
    await f.bill(h3, item.id, MONTH, 8000, { paidFen: 1000, status: 'waived' });
    await f.bill(h4, item.id, MONTH, 5000, { status: 'cancelled' });
  });

  afterAll(() => t?.close());

  it('computes every figure of a compound from its records', async () => {
    const res = await figures(w.auth.manager, 'compound', w.compound.id).expect(200);
    const view = res.body as FiguresView;
    expect(view.subject).toEqual({ type: 'compound', id: w.compound.id, name: '幸福测试小区' });
    expect(view.figures).toEqual({
      households: 10,
      tickets: 5,
      complaints: 2,
      acceptJudged: 4,
      acceptedOnTime: 2,
      handled: 4,
      resolved: 3,
      resolvedSameDay: 1,
      reopened: 1,
      rated: 2,
      ratingSum: 8,
      speedRated: 2,
      speedSum: 7,
      attitudeRated: 1,
      attitudeSum: 4,
      satisfied: 1,
      followUps: 2,
      satisfiedFollowUps: 1,
      escalated: 2,
      escalatedToStreet: 1,
      urges: 3,
      vetoTickets: 1,
      visitedHouseholds: 2,
      dueFen: 31000,
      collectedFen: 16000,
      complaintsPer100: 20,
      onTimeAcceptBp: 5000,
      sameDayBp: 2500,
      resolutionBp: 7500,
      reopenBp: 3333,
      avgRating: 4,
      avgSpeed: 3.5,
      avgAttitude: 4,
      satisfiedBp: 5000,
      followUpSatisfiedBp: 5000,
      collectionBp: 5161,
      visitCoverageBp: 2000,
    });
    expect(view.children).toEqual([]);
    expect(view.handlers).toEqual([]);
  });

  it('adds the compounds up for the street, with the community below it and the handlers side by side', async () => {
    const view = (await figures(w.auth.street, 'street', w.street.id).expect(200)).body as FiguresView;
    expect(view.figures).toMatchObject({
      households: 19,
      tickets: 7,
      complaints: 3,
      complaintsPer100: 15.79,
      acceptJudged: 6,
      acceptedOnTime: 3,
      onTimeAcceptBp: 5000,
      handled: 6,
      resolved: 4,
      resolutionBp: 6667,
      resolvedSameDay: 2,
      sameDayBp: 3333,
      reopenBp: 2500,
      avgRating: 4,
      avgSpeed: 3.67,
      avgAttitude: 4.5,
      satisfiedBp: 6667,
      followUpSatisfiedBp: 5000,
      escalated: 2,
      urges: 3,
      collectionBp: 5161,
      visitCoverageBp: 1053,
    });
    expect(view.children.map((c) => c.subject)).toEqual([{ type: 'community', id: w.community.id, name: expect.any(String) }]);
    expect(view.children[0].figures).toEqual(view.figures);
    const handlers = Object.fromEntries(view.handlers.map((h) => [`${h.subject.type}:${h.subject.id}`, h.figures]));
    expect(Object.keys(handlers).sort()).toEqual(
      [`company:${w.company.id}`, `company:${w.otherCompany.id}`, `society:${w.community.id}`].sort(),
    );
    expect(handlers[`society:${w.community.id}`]).toMatchObject({ tickets: 1, sameDayBp: 10000, avgRating: 4, households: 4 });
    expect(handlers[`company:${w.otherCompany.id}`]).toMatchObject({
      tickets: 1,
      onTimeAcceptBp: 0,
      resolutionBp: 0,
      complaintsPer100: 20,
    });
    expect(view.trend.map((m) => m.month)).toEqual(['2024-10', '2024-11', '2024-12', '2025-01', '2025-02', MONTH]);
    expect(view.trend[4].figures).toMatchObject({ tickets: 1, acceptJudged: 1, acceptedOnTime: 0, urges: 0 });
    expect(view.trend[5].figures).toEqual(view.figures);
  });

  it('lets the community compare its compounds', async () => {
    const view = (await figures(w.auth.community, 'community', w.community.id).expect(200)).body as FiguresView;
    expect(view.children.map((c) => [c.subject.id, c.figures.tickets])).toEqual([
      [w.compound.id, 5],
      [w.shared.id, 1],
      [w.otherCompound.id, 1],
    ]);
  });

  it('shows a company its own compounds and nobody else’s company figures', async () => {
    const mine = (await figures(w.auth.manager, 'company', w.company.id).expect(200)).body as FiguresView;
    expect(mine.figures.tickets).toBe(5);
    expect(mine.children.map((c) => c.subject.id)).toEqual([w.compound.id]);
    await figures(w.auth.otherManager, 'company', w.company.id).expect(404);
    await figures(w.auth.manager, 'compound', w.otherCompound.id).expect(404);
    await figures(w.auth.manager, 'community', w.community.id).expect(404);
    // The street supervises the company inside the street, not its compounds elsewhere.
    const refused = await figures(w.auth.street, 'company', w.company.id).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    await figures(w.auth.resident, 'compound', w.compound.id).expect(403);
  });

  it('refuses a malformed or future month and unknown fields with 400', async () => {
    for (const month of ['2025-13', 'march', '2099-01']) {
      const res = await figures(w.auth.street, 'street', w.street.id, month).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    await t
      .http()
      .get('/api/v1/figures')
      .query({ scope: 'grid', id: 1, month: MONTH })
      .set('Authorization', w.auth.street)
      .expect(400);
    await t
      .http()
      .get('/api/v1/figures')
      .query({ scope: 'street', id: w.street.id, month: MONTH, extra: 1 })
      .set('Authorization', w.auth.street)
      .expect(400);
  });

  it('drills down to the tickets behind a figure, page by page', async () => {
    const page = (q: Record<string, unknown>) =>
      t
        .http()
        .get('/api/v1/figures/tickets')
        .query({ scope: 'street', id: w.street.id, month: MONTH, ...q })
        .set('Authorization', w.auth.street)
        .expect(200)
        .then((r) => r.body as Page<FigureTicketRow>);
    const first = await page({ filter: 'late_accept', limit: 2 });
    expect(first.items.map((i) => i.id)).toEqual([ids.O1, ids.T3]);
    const second = await page({ filter: 'late_accept', limit: 2, cursor: first.nextCursor });
    expect(second.items.map((i) => i.id)).toEqual([ids.T2]);
    expect(second.nextCursor).toBeNull();
    expect((await page({ filter: 'late_accept', compoundId: w.compound.id })).items.map((i) => i.id)).toEqual([ids.T3, ids.T2]);
    expect((await page({ filter: 'not_same_day' })).items.map((i) => i.id)).toEqual([ids.O1, ids.T5, ids.T3, ids.T2]);
    expect((await page({ filter: 'escalated' })).items.map((i) => i.id)).toEqual([ids.T5, ids.T3]);
    const row = (await page({ filter: 'unsatisfied' })).items[0];
    expect(row).toMatchObject({ id: ids.T2, compoundName: '幸福测试小区', categoryName: '水电维修', rating: 3 });
  });

  it('exports the month as XLSX with the definitions sheet, and as CSV', async () => {
    const xlsx = await t
      .http()
      .get('/api/v1/figures/export.xlsx')
      .query({ scope: 'street', id: w.street.id, month: MONTH })
      .set('Authorization', w.auth.street)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const book = await workbook(xlsx.body as Buffer);
    const [main, trend, defs] = book.worksheets;
    const rows = values(main);
    expect(rows[0].slice(0, 5)).toEqual(['层级', '类型', '名称', '有效工单', '投诉率（每百户）']);
    expect(rows[1].slice(0, 6)).toEqual(['本级', '街道', expect.any(String), 7, 15.79, 0.5]);
    expect(rows.map((r) => r[2])).toContain('=1+1物业');
    expect(values(trend)).toHaveLength(7);
    expect(defs.name).toBe('指标说明');
    expect(values(defs).map((r) => r[0])).toContain('按时受理率');

    const csv = await t
      .http()
      .get('/api/v1/figures/export.csv')
      .query({ scope: 'street', id: w.street.id, month: MONTH })
      .set('Authorization', w.auth.street)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.startsWith('\ufeff月份,层级,类型,名称,有效工单')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines[1].split(',').slice(0, 7)).toEqual([MONTH, '本级', '街道', expect.any(String), '7', '15.79', '50.00%']);
    expect(text).toContain(",'=1+1物业,");
  });

  it('recounts a compound-month whose tickets changed, and a waiting ticket once its deadline passes', async () => {
    const kept = async () =>
      Number(
        (
          await t.db.query('SELECT COUNT(*) AS n FROM figure_month_counts WHERE compound_id = ? AND month = ?', [
            w.compound.id,
            MONTH,
          ])
        )[0].n,
      );
    const read = async (month = MONTH) =>
      ((await figures(w.auth.manager, 'compound', w.compound.id, month).expect(200)).body as FiguresView).figures;
    await read();
    expect(await kept()).toBe(1);
    await t.db.getRepository(Ticket).update(ids.T1, { rating: 2 });
    expect(await read()).toMatchObject({ rated: 2, satisfied: 0, satisfiedBp: 0, avgRating: 2.5 });
    await t.db.getRepository(Ticket).update(ids.T1, { rating: 5 });
    expect(await read()).toMatchObject({ satisfied: 1, avgRating: 4 });

    const now = t.clock.now();
    const month = formatShanghai(now).slice(0, 7);
    await planter(t, w).plant('waiting', { id: w.compound.id, companyId: w.company.id }, formatShanghai(now), {
      status: 'submitted',
      isOpen: true,
    });
    expect(await read(month)).toMatchObject({ tickets: 1, acceptJudged: 0 });
    t.clock.advance(11 * 60_000);
    expect(await read(month)).toMatchObject({ tickets: 1, acceptJudged: 1, acceptedOnTime: 0 });
  });
});
