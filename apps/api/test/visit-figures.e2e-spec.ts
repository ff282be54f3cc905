import { randomUUID } from 'node:crypto';
import type { CoverageGridView, GridLogDayView, NewVisit } from '@doorstep/contracts';
import { startOfShanghaiDay, shanghaiDate } from '../src/common/shanghai-time';
import { HouseholdTag } from '../src/households/household-tag.entity';
import { Visit } from '../src/visits/visit.entity';
import { factories, userWithRole } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { ticketWorld, type TicketWorld } from './support/ticket-world';
import { binary, values, workbook } from './support/xlsx-downloads';

/** A Shanghai wall-clock time ('2025-03-08 09:00') as an instant. */
const sh = (local: string) => new Date(Date.parse(`${local.replace(' ', 'T')}:00+08:00`));
const PERIOD = '2025-03';
/** The seeded grid's care and 回访 figures: the second grid has neither, so they are the community's too. */
const GRID1_CARE_AND_FOLLOW_UPS = {
  careHouseholds: 3,
  onScheduleCareHouseholds: 2,
  onScheduleRateBp: 6667,
  followUps: 3,
  satisfiedFollowUps: 2,
  satisfactionRateBp: 6667,
};

/**
 * One grid of 10 households (3 with care tags: 独居老人 weekly, 残疾 fortnightly, 低保 monthly) and a
 * second grid of 2 in the same community, with visits planted at known times around March 2025:
 *
 *   H0 独居老人  met 02-25, then weekly 03-01 … 03-29 (+ a satisfied 回访 03-08): on schedule
 *   H1 残疾      met 02-20, 03-02, 03-20 (+ an unsatisfied 回访): 18 days between → not on schedule
 *   H2 低保      met 02-15, 03-10: 23 and 22 days → on schedule
 *   H3           met 03-05 by worker B (+ a satisfied 回访)
 *   H4           not home 03-06 (not visited)     H5  met 03-31 23:30 (the last half hour of March)
 *   H6           met 04-01 00:30 (April)          H7  refused 03-08      H8 met 02-10     H9 never
 *
 * → 5 of 10 visited, 2 of 3 care households on schedule, 2 of 3 回访 satisfied.
 */
describe('visit figures: coverage and the grid log', () => {
  let t: TestApp;
  let w: TicketWorld;
  let H: number[];
  let grid2: { id: number; households: number[] };
  let workerA: number;
  let workerB: { id: number; auth: string };
  let outsiderAdmin: string;
  /** The outsider's community, in another street. */
  let community2: number;
  let ticketNo = 900_000;

  const plant = async (
    workerId: number,
    householdId: number,
    at: string,
    over: Partial<Visit> = {},
    gridId = w.grid.id,
  ): Promise<void> => {
    await t.db.getRepository(Visit).insert({
      clientId: randomUUID(),
      workerId,
      gridId,
      communityId: w.community.id,
      compoundId: w.compound.id,
      householdId,
      placeName: null,
      kind: 'routine',
      outcome: 'met',
      notes: null,
      visitedAt: sh(at),
      receivedAt: sh(at),
      latitudeE6: null,
      longitudeE6: null,
      ticketId: null,
      followUpTicketId: null,
      followUpOutcome: null,
      ...over,
    });
  };
  const care = { kind: 'care' as const };
  const followUp = (outcome: 'satisfied' | 'unsatisfied') => ({
    kind: 'follow_up' as const,
    followUpTicketId: ++ticketNo,
    followUpOutcome: outcome,
  });

  beforeAll(async () => {
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400), TICKET_DAILY_CAP: '1000' });
    w = await ticketWorld(t);
    const f = factories(t.db);
    for (let i = 0; i < 8; i++) await f.household(w.building, { unit: '5', room: `50${i}` });
    // The world's two households of 1号楼 and these eight: the grid's ten.
    H = (await t.db.query('SELECT id FROM households WHERE building_id = ? ORDER BY id', [w.building.id])).map(
      (r: { id: number }) => Number(r.id),
    );
    expect(H).toHaveLength(10);
    await t.db.getRepository(HouseholdTag).insert([
      { householdId: H[0], tag: 'elderly_alone' },
      { householdId: H[1], tag: 'disabled' },
      { householdId: H[2], tag: 'low_income' },
    ]);
    const g2 = await f.grid(w.community.id, { name: '二网格' });
    const b2 = await f.building(w.compound.id, { gridId: g2.id });
    grid2 = { id: g2.id, households: [(await f.household(b2)).id, (await f.household(b2)).id] };
    // Entered long before March, so a never-visited household counts from January.
    await t.db.query("UPDATE households SET created_at = '2025-01-01 00:00:00'");

    workerA = w.users.grid.id;
    const b = await userWithRole(f, 'grid_worker', 'grid', w.grid.id);
    workerB = { id: b.id, auth: await t.signIn(b.phone!) };
    const c = await userWithRole(f, 'grid_worker', 'grid', g2.id);
    const street2 = await f.street();
    community2 = (await f.community(street2.id)).id;
    outsiderAdmin = await t.signIn((await userWithRole(f, 'community_admin', 'community', community2)).phone!);

    await plant(workerA, H[0], '2025-02-25 10:00', care);
    for (const day of ['01', '15', '22', '29']) await plant(workerA, H[0], `2025-03-${day} 09:00`, care);
    await plant(workerA, H[0], '2025-03-08 09:00', { ...care, ticketId: 990_001 });
    await plant(workerA, H[0], '2025-03-08 11:30', followUp('satisfied'));
    await plant(workerA, H[1], '2025-02-20 10:00', care);
    await plant(workerA, H[1], '2025-03-02 10:00', care);
    await plant(workerA, H[1], '2025-03-20 10:00', care);
    await plant(workerA, H[1], '2025-03-20 10:30', followUp('unsatisfied'));
    await plant(workerA, H[2], '2025-02-15 10:00', care);
    await plant(workerA, H[2], '2025-03-10 10:00', care);
    await plant(workerB.id, H[3], '2025-03-05 14:00');
    await plant(workerB.id, H[3], '2025-03-05 14:20', followUp('satisfied'));
    await plant(workerA, H[4], '2025-03-06 10:00', { outcome: 'not_home' });
    await plant(workerA, H[5], '2025-03-31 23:30');
    await plant(workerB.id, H[6], '2025-04-01 00:30');
    await plant(workerA, H[7], '2025-03-08 16:00', { outcome: 'refused' });
    await plant(workerA, H[8], '2025-02-10 10:00');
    await plant(c.id, grid2.households[0], '2025-03-12 10:00', {}, g2.id);
  });
  afterAll(() => t.close());

  const get = (auth: string, url: string) => t.http().get(url).set('Authorization', auth);

  describe('GET /api/v1/grids/:id/coverage', () => {
    it('counts the seeded grid exactly: households met, care households on schedule, 回访满意率, per worker', async () => {
      const res = await get(w.auth.grid, `/api/v1/grids/${w.grid.id}/coverage?period=${PERIOD}`).expect(200);
      const body = res.body as CoverageGridView;
      expect(body).toMatchObject({
        gridId: w.grid.id,
        communityId: w.community.id,
        period: PERIOD,
        households: 10,
        visitedHouseholds: 5,
        visitRateBp: 5000,
        ...GRID1_CARE_AND_FOLLOW_UPS,
      });
      expect(body.workers).toEqual([
        {
          workerId: workerA,
          workerName: '赵网格',
          visits: 13,
          visitedHouseholds: 4,
          visitRateBp: 4000,
          followUps: 2,
          satisfiedFollowUps: 1,
          satisfactionRateBp: 5000,
        },
        expect.objectContaining({
          workerId: workerB.id,
          visits: 2,
          visitedHouseholds: 1,
          visitRateBp: 1000,
          followUps: 1,
          satisfiedFollowUps: 1,
          satisfactionRateBp: 10000,
        }),
      ]);
    });

    it('answers a month with no visits with zero counts, and null rates where nothing divides', async () => {
      const res = await get(w.auth.community, `/api/v1/grids/${grid2.id}/coverage?period=2024-06`).expect(200);
      expect(res.body).toMatchObject({
        households: 0,
        visitRateBp: null,
        careHouseholds: 0,
        onScheduleRateBp: null,
        followUps: 0,
      });
    });

    it('refuses a malformed period, a month not yet begun, and an unknown grid', async () => {
      for (const period of ['2025-13', '2025-3', 'x', '']) {
        const res = await get(w.auth.grid, `/api/v1/grids/${w.grid.id}/coverage?period=${period}`).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      await get(w.auth.grid, `/api/v1/grids/${w.grid.id}/coverage`).expect(400);
      const next = new Date(t.clock.now().getTime() + 40 * 86_400_000);
      await get(w.auth.grid, `/api/v1/grids/${w.grid.id}/coverage?period=${shanghaiDate(next).slice(0, 7)}`).expect(400);
      await get(w.auth.community, `/api/v1/grids/99999999/coverage?period=${PERIOD}`).expect(404);
    });

    it("refuses another grid's worker, another community, the property manager and a resident", async () => {
      await get(workerB.auth, `/api/v1/grids/${grid2.id}/coverage?period=${PERIOD}`).expect(404);
      await get(outsiderAdmin, `/api/v1/grids/${w.grid.id}/coverage?period=${PERIOD}`).expect(404);
      for (const who of [w.auth.manager, w.auth.resident]) {
        expect([403, 404]).toContain((await get(who, `/api/v1/grids/${w.grid.id}/coverage?period=${PERIOD}`)).status);
      }
    });
  });

  describe('GET /api/v1/communities/:id/coverage', () => {
    it('sets the grids side by side with a total summed from their counts', async () => {
      const res = await get(w.auth.community, `/api/v1/communities/${w.community.id}/coverage?period=${PERIOD}`).expect(200);
      expect(res.body.grids).toEqual([
        expect.objectContaining({ gridId: w.grid.id, households: 10, visitedHouseholds: 5, onScheduleCareHouseholds: 2 }),
        expect.objectContaining({
          gridId: grid2.id,
          gridName: '二网格',
          households: 2,
          visitedHouseholds: 1,
          visitRateBp: 5000,
          careHouseholds: 0,
          onScheduleRateBp: null,
          satisfactionRateBp: null,
        }),
      ]);
      expect(res.body.total).toEqual({
        households: 12,
        visitedHouseholds: 6,
        visitRateBp: 5000,
        ...GRID1_CARE_AND_FOLLOW_UPS,
      });
    });

    it('is read by the street above; refused to a grid worker, another community, the manager and a resident', async () => {
      const url = `/api/v1/communities/${w.community.id}/coverage?period=${PERIOD}`;
      await get(w.auth.street, url).expect(200);
      for (const who of [w.auth.grid, outsiderAdmin, w.auth.manager, w.auth.resident]) {
        expect([403, 404]).toContain((await get(who, url)).status);
      }
    });
  });

  describe('GET /api/v1/grid/log', () => {
    const MARCH_8: Omit<GridLogDayView, 'workerId' | 'workerName'> = {
      date: '2025-03-08',
      visits: 3,
      byKind: { routine: 1, care: 1, mediation: 0, safety: 0, publicity: 0, follow_up: 1 },
      byOutcome: { met: 2, not_home: 0, refused: 1 },
      requests: 1,
      ticketsFiled: 0,
      followUps: 1,
      satisfiedFollowUps: 1,
      firstVisitAt: sh('2025-03-08 09:00').toISOString(),
      lastVisitAt: sh('2025-03-08 16:00').toISOString(),
      firstVisitTime: '09:00',
      lastVisitTime: '16:00',
      spanMinutes: 420,
    };

    it("answers the caller's own day: visits by kind and outcome, 诉求, 回访, first and last visit", async () => {
      const res = await get(w.auth.grid, '/api/v1/grid/log?date=2025-03-08').expect(200);
      expect(res.body).toEqual({ workerId: workerA, workerName: '赵网格', ...MARCH_8 });
    });

    it('counts the 诉求 and the tickets filed today from a real sync', async () => {
      const now = t.clock.now();
      const dayStart = startOfShanghaiDay(now).getTime();
      const at = (share: number) => new Date(dayStart + Math.floor((now.getTime() - dayStart) * share)).toISOString();
      const visits: NewVisit[] = [
        { clientId: randomUUID(), householdId: H[9], kind: 'routine', outcome: 'met', visitedAt: at(0.2) },
        {
          clientId: randomUUID(),
          householdId: H[9],
          kind: 'routine',
          outcome: 'met',
          visitedAt: at(0.8),
          request: { categoryId: w.categories.water, description: '楼道灯不亮了' },
        },
      ];
      const synced = await t.http().post('/api/v1/visits/sync').set('Authorization', w.auth.grid).send({ visits }).expect(200);
      expect(synced.body.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored']);
      const res = await get(w.auth.grid, `/api/v1/grid/log?date=${shanghaiDate(now)}`).expect(200);
      expect(res.body).toMatchObject({
        visits: 2,
        requests: 1,
        ticketsFiled: 1,
        byKind: expect.objectContaining({ routine: 2 }),
      });
    });

    it('shows the community any worker of its grids; an empty day is zeroes', async () => {
      const res = await get(w.auth.community, `/api/v1/grid/log?date=2025-03-08&workerId=${workerA}`).expect(200);
      expect(res.body).toEqual({ workerId: workerA, workerName: '赵网格', ...MARCH_8 });
      const empty = await get(w.auth.community, `/api/v1/grid/log?date=2025-03-09&workerId=${workerA}`).expect(200);
      expect(empty.body).toMatchObject({ visits: 0, firstVisitAt: null, firstVisitTime: null, spanMinutes: null });
    });

    it("shows a worker's day to each community only as far as its own grids go", async () => {
      // Worker B also works a grid of the other community, and visited there the same day.
      const f = factories(t.db);
      const grid3 = await f.grid(community2);
      const compound3 = await f.compound(community2);
      const home = await f.household(await f.building(compound3.id, { gridId: grid3.id }));
      await f.role(workerB.id, 'grid_worker', 'grid', grid3.id);
      await plant(workerB.id, home.id, '2025-03-05 16:00', { communityId: community2, compoundId: compound3.id }, grid3.id);
      const url = `/api/v1/grid/log?date=2025-03-05&workerId=${workerB.id}`;
      expect((await get(w.auth.community, url).expect(200)).body).toMatchObject({ visits: 2, lastVisitTime: '14:20' });
      expect((await get(outsiderAdmin, url).expect(200)).body).toMatchObject({ visits: 1, firstVisitTime: '16:00' });
      expect((await get(workerB.auth, '/api/v1/grid/log?date=2025-03-05').expect(200)).body.visits).toBe(3);
    });

    it("refuses a colleague's log to a grid worker, a worker of another community, and bad dates", async () => {
      await get(workerB.auth, `/api/v1/grid/log?date=2025-03-08&workerId=${workerA}`).expect(403);
      await get(outsiderAdmin, `/api/v1/grid/log?date=2025-03-08&workerId=${workerA}`).expect(404);
      for (const who of [w.auth.manager, w.auth.resident]) {
        expect([403, 404]).toContain((await get(who, '/api/v1/grid/log?date=2025-03-08')).status);
      }
      for (const q of ['date=2025-02-30', 'date=2025-3-8', 'date=', 'date=2025-03-08&workerId=0', 'date=2025-03-08&workerId=x']) {
        const res = await get(w.auth.grid, `/api/v1/grid/log?${q}`).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe('GET /api/v1/grid/log.xlsx', () => {
    const download = (auth: string, query: string) => get(auth, `/api/v1/grid/log.xlsx?${query}`).buffer(true).parse(binary);

    it('exports one row per day with Chinese headers', async () => {
      const res = await download(w.auth.community, `from=2025-03-07&to=2025-03-08&workerId=${workerA}`).expect(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const sheet = (await workbook(res.body as Buffer)).worksheets[0];
      const rows = values(sheet);
      expect(rows[0]).toEqual([
        '日期',
        '网格员',
        '走访次数',
        '常规走访',
        '关爱走访',
        '矛盾调解',
        '安全检查',
        '政策宣传',
        '回访',
        '已见面',
        '不在家',
        '拒绝走访',
        '诉求',
        '提交工单',
        '回访',
        '回访满意',
        '首次走访',
        '末次走访',
        '首末间隔（小时）',
      ]);
      expect(rows.slice(1)).toEqual([
        ['2025-03-07', '赵网格', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null],
        ['2025-03-08', '赵网格', 3, 1, 1, 0, 0, 0, 1, 2, 0, 1, 1, 0, 1, 1, '09:00', '16:00', 7],
      ]);
    });

    it('refuses a range backwards or longer than 92 days', async () => {
      await download(w.auth.grid, 'from=2025-03-08&to=2025-03-07').expect(400);
      // 1 January to 2 April is 92 days; one more is refused.
      await download(w.auth.grid, 'from=2025-01-01&to=2025-04-03').expect(400);
      await download(w.auth.grid, 'from=2025-01-01&to=2025-04-02').expect(200);
      await download(w.auth.grid, 'from=2025-02-29&to=2025-03-01').expect(400);
      expect([403, 404]).toContain((await download(w.auth.resident, 'from=2025-03-01&to=2025-03-02')).status);
    });
  });
});
