import { randomUUID } from 'node:crypto';
import type { NewVisit, SyncVisitResult } from '@doorstep/contracts';
import { Household } from '../src/households/household.entity';
import { factories, userWithRole } from './support/factories';
import { png } from './support/images';
import { startTestApp, type TestApp } from './support/test-app';
import { ticketWorld, type TicketWorld } from './support/ticket-world';

/** Sign-ins outlive the clock moves; reports are not capped here. */
const ENV = { ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400), TICKET_DAILY_CAP: '1000' };
const DAY_MS = 86_400_000;
const CHINESE = /[\u4e00-\u9fff]/;

describe('民情走访 (visits)', () => {
  let t: TestApp;
  let w: TicketWorld;
  /** A household of the grid living alone, with a verified member of its own. */
  let elderly: Household;
  let elderlyMember: string;
  /** A second worker of the same grid, and a worker of another community's grid. */
  let grid2Worker: string;
  let outsider: { auth: string; household: Household };

  beforeAll(async () => {
    t = await startTestApp(ENV);
    w = await ticketWorld(t);
    const f = factories(t.db);
    elderly = await f.household(w.building, { unit: '2', room: '201', careTags: ['elderly_alone', 'low_income'] });
    const member = await f.user({ name: '孙奶奶' });
    await f.membership(elderly, member.id, 'verified');
    elderlyMember = await t.signIn(member.phone!);
    grid2Worker = await t.signIn((await userWithRole(f, 'grid_worker', 'grid', w.grid.id)).phone!);
    const street = await f.street();
    const community = await f.community(street.id);
    const grid = await f.grid(community.id);
    const compound = await f.compound(community.id);
    const building = await f.building(compound.id, { gridId: grid.id });
    outsider = {
      auth: await t.signIn((await userWithRole(f, 'grid_worker', 'grid', grid.id)).phone!),
      household: await f.household(building, { careTags: ['disabled'] }),
    };
  });
  afterAll(() => t.close());

  const http = () => t.http();
  const sync = (auth: string, visits: Array<Partial<NewVisit>>) =>
    http().post('/api/v1/visits/sync').set('Authorization', auth).send({ visits });
  const get = (auth: string, url: string) => http().get(url).set('Authorization', auth);
  const act = (auth: string, id: number, action: string, body: object) =>
    http().post(`/api/v1/tickets/${id}/${action}`).set('Authorization', auth).send(body);
  const visit = (over: Partial<NewVisit> = {}): NewVisit => ({
    clientId: randomUUID(),
    householdId: elderly.id,
    kind: 'care',
    outcome: 'met',
    visitedAt: new Date(t.clock.now().getTime() - 60_000).toISOString(),
    ...over,
  });
  const storedCount = async (where = '1 = 1', params: unknown[] = []) =>
    Number((await t.db.query(`SELECT COUNT(*) AS n FROM visits WHERE ${where}`, params))[0].n);

  /** A ticket of `household` walked to closed (done and rated): what a 回访 is of. */
  const closedTicket = async (household: Household, reporter: string): Promise<number> => {
    const body = {
      compoundId: w.compound.id,
      categoryId: w.categories.water,
      householdId: household.id,
      description: '水管漏水',
    };
    const id = (await http().post('/api/v1/tickets').set('Authorization', reporter).send(body).expect(201)).body.id;
    await act(w.auth.manager, id, 'accept', { version: 1 }).expect(200);
    await act(w.auth.manager, id, 'assign', { version: 2, assigneeId: w.users.staff.id }).expect(200);
    await act(w.auth.staff, id, 'start', { version: 3 }).expect(200);
    await act(w.auth.staff, id, 'resolve', { version: 4 }).expect(200);
    await act(reporter, id, 'rate', { version: 5, overall: 4 }).expect(200);
    return id;
  };

  describe('POST /api/v1/visits/sync', () => {
    it('stores a visit once: a resend answers duplicate with the same ids', async () => {
      const v = visit({ notes: '身体挺好，独自在家' });
      const first = await sync(w.auth.grid, [v]).expect(200);
      expect(first.body.results).toEqual([
        { clientId: v.clientId, status: 'stored', visitId: expect.any(Number), ticketId: null, error: null },
      ]);
      const again = await sync(w.auth.grid, [v]).expect(200);
      expect(again.body.results[0]).toEqual({ ...first.body.results[0], status: 'duplicate' });
      expect(await storedCount('client_id = ?', [v.clientId])).toBe(1);
    });

    it('stores the same batch sent twice at once only once', async () => {
      const batch = Array.from({ length: 5 }, () => visit({ kind: 'routine' }));
      const [a, b] = await Promise.all([sync(w.auth.grid, batch), sync(w.auth.grid, batch)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      batch.forEach((v, i) => {
        const pair = [a.body.results[i], b.body.results[i]] as SyncVisitResult[];
        expect(pair.map((r) => r.clientId)).toEqual([v.clientId, v.clientId]);
        expect(pair.map((r) => r.status).sort()).toEqual(['duplicate', 'stored']);
        expect(pair[0].visitId).toBe(pair[1].visitId);
      });
      expect(
        await storedCount(
          `client_id IN (${batch.map(() => '?').join(',')})`,
          batch.map((v) => v.clientId),
        ),
      ).toBe(5);
    });

    it('stores 200 offline visits each of two workers, sent out of order in interleaved batches of 50, exactly once', async () => {
      const f = factories(t.db);
      const homes = await Promise.all(
        Array.from({ length: 8 }, (_, i) => f.household(w.building, { unit: '3', room: `3${i}1` })),
      );
      const now = t.clock.now().getTime();
      const queue = () =>
        Array.from({ length: 200 }, (_, i) =>
          visit({
            householdId: homes[i % homes.length].id,
            kind: 'routine',
            outcome: i % 3 === 0 ? 'not_home' : 'met',
            visitedAt: new Date(now - (i + 1) * 3 * 60_000).toISOString(),
          }),
        );
      // Out of order: the queue was made newest first, and each phone shuffles its batches further.
      const shuffle = <T>(xs: T[]) =>
        xs
          .map((x) => [Math.random(), x] as const)
          .sort((p, q) => p[0] - q[0])
          .map(([, x]) => x);
      const mine = shuffle(queue());
      const theirs = shuffle(queue());
      const batches = (xs: NewVisit[]) => Array.from({ length: 4 }, (_, i) => xs.slice(i * 50, i * 50 + 50));
      const results: Array<{ sent: NewVisit[]; res: SyncVisitResult[] }> = [];
      const send = async (auth: string, sent: NewVisit[]) =>
        results.push({ sent, res: (await sync(auth, sent).expect(200)).body.results });
      const [a, b] = [batches(mine), batches(theirs)];
      for (let i = 0; i < 4; i++) await Promise.all([send(w.auth.grid, a[i]), send(grid2Worker, b[i])]);
      for (const { sent, res } of results) {
        expect(res.map((r) => r.clientId)).toEqual(sent.map((v) => v.clientId));
        expect(res.every((r) => r.status === 'stored' && r.error === null)).toBe(true);
      }
      const ids = results.flatMap((r) => r.res.map((x) => x.visitId));
      expect(new Set(ids).size).toBe(400);
      const all = [...mine, ...theirs].map((v) => v.clientId);
      expect(await storedCount(`client_id IN (${all.map(() => '?').join(',')})`, all)).toBe(400);
      // The phone did not hear back and sends its last batch again.
      const resent = await sync(grid2Worker, b[3]).expect(200);
      expect(resent.body.results.every((r: SyncVisitResult) => r.status === 'duplicate')).toBe(true);
      expect(await storedCount(`client_id IN (${all.map(() => '?').join(',')})`, all)).toBe(400);
    });

    it('files a 诉求 as a grid_visit ticket linked to the visit, which the household sees as its own', async () => {
      const v = visit({ request: { categoryId: w.categories.water, description: '卫生间水管滴水，请派人看看' } });
      const [result] = (await sync(w.auth.grid, [v]).expect(200)).body.results;
      expect(result).toMatchObject({ status: 'stored', ticketId: expect.any(Number) });
      const row = (await t.db.query('SELECT ticket_id FROM visits WHERE id = ?', [result.visitId]))[0];
      expect(Number(row.ticket_id)).toBe(result.ticketId);
      const ticket = (await get(elderlyMember, `/api/v1/tickets/${result.ticketId}`).expect(200)).body;
      expect(ticket).toMatchObject({
        source: 'grid_visit',
        householdId: elderly.id,
        status: 'submitted',
        reporterName: '孙奶奶',
      });
      expect(ticket.viewer.actors).toContain('reporter');
      const mine = await get(elderlyMember, '/api/v1/tickets/mine').expect(200);
      expect(mine.body.items.map((i: { id: number }) => i.id)).toContain(result.ticketId);
      // A resend files nothing new.
      expect((await sync(w.auth.grid, [v]).expect(200)).body.results[0]).toMatchObject({
        status: 'duplicate',
        ticketId: result.ticketId,
      });
      const filed = await t.db.query("SELECT COUNT(*) AS n FROM tickets WHERE source = 'grid_visit' AND household_id = ?", [
        elderly.id,
      ]);
      expect(Number(filed[0].n)).toBe(1);
    });

    it('records 回访 through the ticket machine: satisfied stays closed, not satisfied reopens, a second one is refused', async () => {
      const happy = await closedTicket(elderly, elderlyMember);
      const unhappy = await closedTicket(elderly, elderlyMember);
      const todo = await get(w.auth.grid, '/api/v1/grid/todo').expect(200);
      expect(todo.body.followUps.map((x: { ticketId: number }) => x.ticketId)).toEqual(expect.arrayContaining([happy, unhappy]));
      const res = await sync(w.auth.grid, [
        visit({ kind: 'follow_up', followUp: { ticketId: happy, outcome: 'satisfied', note: '已修好' } }),
        visit({ kind: 'follow_up', followUp: { ticketId: unhappy, outcome: 'unsatisfied' }, notes: '仍在滴水' }),
        visit({ kind: 'follow_up', followUp: { ticketId: happy, outcome: 'unsatisfied' } }),
      ]).expect(200);
      expect(res.body.results.map((r: SyncVisitResult) => r.status)).toEqual(['stored', 'stored', 'refused']);
      expect(res.body.results[2].error).toEqual({ code: 'TICKET_INVALID_TRANSITION', message: expect.stringMatching(CHINESE) });
      const after = async (id: number) => (await get(w.auth.grid, `/api/v1/tickets/${id}`).expect(200)).body;
      expect(await after(happy)).toMatchObject({ status: 'closed', followUp: 'satisfied' });
      expect(await after(unhappy)).toMatchObject({ status: 'in_progress', followUp: 'unsatisfied', escalationLevel: 1 });
      const later = await get(w.auth.grid, '/api/v1/grid/todo').expect(200);
      expect(later.body.followUps.map((x: { ticketId: number }) => x.ticketId)).not.toContain(happy);
      const visits = await get(w.auth.grid, `/api/v1/visits?householdId=${elderly.id}`).expect(200);
      expect(
        visits.body.items.find((x: { followUp: unknown }) => (x.followUp as { ticketId: number } | null)?.ticketId === happy),
      ).toMatchObject({
        kind: 'follow_up',
        followUp: { ticketId: happy, outcome: 'satisfied' },
      });
    });

    it('takes one 回访 of a ticket when two workers record it at the same moment', async () => {
      const id = await closedTicket(elderly, elderlyMember);
      const followUp = (outcome: 'satisfied' | 'unsatisfied') =>
        visit({ kind: 'follow_up', followUp: { ticketId: id, outcome } });
      const [a, b] = await Promise.all([
        sync(w.auth.grid, [followUp('satisfied')]).expect(200),
        sync(grid2Worker, [followUp('unsatisfied')]).expect(200),
      ]);
      const results = [a.body.results[0], b.body.results[0]] as SyncVisitResult[];
      expect(results.map((r) => r.status).sort()).toEqual(['refused', 'stored']);
      expect(results.find((r) => r.status === 'refused')!.error!.message).toMatch(CHINESE);
      expect(await storedCount('follow_up_ticket_id = ?', [id])).toBe(1);
      const events = await t.db.query("SELECT COUNT(*) AS n FROM ticket_events WHERE ticket_id = ? AND action = 'follow_up'", [
        id,
      ]);
      expect(Number(events[0].n)).toBe(1);
    });

    it('refuses, per visit and in Chinese, what the data does not allow, and stores the rest', async () => {
      const now = t.clock.now().getTime();
      const neighbours = await closedTicket(w.household, w.auth.resident);
      const batch = [
        visit({ visitedAt: new Date(now + DAY_MS).toISOString() }),
        visit({ visitedAt: new Date(now - 40 * DAY_MS).toISOString() }),
        visit({ householdId: outsider.household.id }),
        visit({ householdId: undefined }),
        visit({ householdId: undefined, compoundId: w.compound.id, placeName: '3号楼地下车库', kind: 'safety' }),
        visit({ kind: 'follow_up', followUp: { ticketId: neighbours, outcome: 'satisfied' } }),
        visit({ outcome: 'not_home', request: { categoryId: w.categories.water, description: '门口贴条' } }),
        visit({ householdId: undefined, compoundId: outsider.household.compoundId, placeName: '广场' }),
      ];
      const res = (await sync(w.auth.grid, batch).expect(200)).body.results as SyncVisitResult[];
      expect(res.map((r) => [r.status, r.error?.code ?? null])).toEqual([
        ['refused', 'VISIT_TIME_IN_FUTURE'],
        ['refused', 'VISIT_TIME_TOO_OLD'],
        ['refused', 'VISIT_HOUSEHOLD_OUT_OF_SCOPE'],
        ['refused', 'VISIT_PLACE_INVALID'],
        ['stored', null],
        ['refused', 'VISIT_FOLLOW_UP_INVALID'],
        ['refused', 'VISIT_REQUEST_INVALID'],
        ['refused', 'VISIT_PLACE_OUT_OF_SCOPE'],
      ]);
      for (const r of res.filter((x) => x.status === 'refused')) expect(r.error!.message).toMatch(CHINESE);
      expect(res[4].visitId).toEqual(expect.any(Number));
      // The neighbour's ticket was not touched by the refused 回访.
      expect((await get(w.auth.grid, `/api/v1/tickets/${neighbours}`).expect(200)).body.followUp).toBeNull();
    });

    it('answers 400 naming the field to a malformed batch, never 500', async () => {
      const bad = await sync(w.auth.grid, [{ ...visit(), clientId: 'not-a-uuid', extra: 1 } as never]).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['visits.0.clientId']));
      const tooMany = await sync(
        w.auth.grid,
        Array.from({ length: 51 }, () => visit()),
      ).expect(400);
      expect(tooMany.body.details[0].field).toBe('visits');
    });
  });

  describe('care tags and visit notes: the grid and the community only', () => {
    let noted: number;
    beforeAll(async () => {
      noted = (await sync(w.auth.grid, [visit({ notes: '独居，血压偏高' })]).expect(200)).body.results[0].visitId;
    });

    const routes = () => [
      '/api/v1/grid/households',
      `/api/v1/grid/households/${elderly.id}`,
      '/api/v1/grid/todo',
      `/api/v1/visits?householdId=${elderly.id}`,
      `/api/v1/communities/${w.community.id}/care-frequency`,
    ];

    it.each(['grid', 'community', 'street'] as const)('%s sees care tags and notes', async (who) => {
      const list = await get(w.auth[who], '/api/v1/grid/households?careTag=elderly_alone').expect(200);
      expect(list.body.items.find((h: { id: number }) => h.id === elderly.id)).toMatchObject({
        careTags: ['elderly_alone', 'low_income'],
        members: [{ name: '孙奶奶', phone: expect.stringMatching(who === 'street' ? /\*/ : /^\d{11}$/) }],
      });
      const detail = await get(w.auth[who], `/api/v1/grid/households/${elderly.id}`).expect(200);
      expect(detail.body.visits.map((v: { id: number }) => v.id)).toContain(noted);
      for (const url of routes()) await get(w.auth[who], url).expect(200);
    });

    it.each(['manager', 'staff', 'resident', 'neighbour', 'otherManager'] as const)(
      '%s gets 403/404 on every care route and sees no tag or note anywhere else',
      async (who) => {
        for (const url of routes()) expect([403, 404]).toContain((await get(w.auth[who], url)).status);
        const household = await get(w.auth[who], `/api/v1/households/${w.household.id}`);
        if (household.status === 200) expect(household.body.careTags).toBeUndefined();
        const own = await get(elderlyMember, `/api/v1/households/${elderly.id}`).expect(200);
        expect(own.body.careTags).toBeUndefined();
        const listed = await get(w.auth[who], `/api/v1/households?compoundId=${w.compound.id}&limit=100`);
        expect(JSON.stringify(listed.body)).not.toMatch(/elderly_alone|low_income|独居|血压/);
        const photo = await get(w.auth[who], `/api/v1/visits?householdId=${elderly.id}`);
        expect(JSON.stringify(photo.body)).not.toMatch(/血压/);
      },
    );

    it("shows a visit's photos to the grid and the community, not to the company or the household", async () => {
      const upload = async () =>
        (
          await http()
            .post('/api/v1/uploads')
            .set('Authorization', w.auth.grid)
            .attach('file', await png(400, 300), { filename: 'door.png', contentType: 'image/png' })
            .expect(201)
        ).body.id as number;
      const photoId = await upload();
      const [stored] = (await sync(w.auth.grid, [visit({ photoIds: [photoId] })]).expect(200)).body.results;
      const listed = await get(w.auth.community, `/api/v1/visits?householdId=${elderly.id}`).expect(200);
      expect(listed.body.items.find((v: { id: number }) => v.id === stored.visitId).photoIds).toEqual([photoId]);
      for (const who of ['grid', 'community'] as const) await get(w.auth[who], `/api/v1/uploads/${photoId}`).expect(200);
      for (const who of ['manager', 'staff', 'resident'] as const)
        await get(w.auth[who], `/api/v1/uploads/${photoId}`).expect(404);
      await get(elderlyMember, `/api/v1/uploads/${photoId}`).expect(404);
      // A photo already used is refused with the visit, in Chinese; the visit is not stored.
      const [again] = (await sync(w.auth.grid, [visit({ photoIds: [photoId] })]).expect(200)).body.results;
      expect(again).toMatchObject({ status: 'refused', visitId: null, error: { code: 'UPLOAD_NOT_ATTACHABLE' } });
      expect(again.error.message).toMatch(CHINESE);
    });

    it("keeps a worker of another community's grid out", async () => {
      await get(outsider.auth, `/api/v1/grid/households/${elderly.id}`).expect(404);
      const list = await get(outsider.auth, '/api/v1/grid/households').expect(200);
      expect(list.body.items.map((h: { id: number }) => h.id)).toEqual([outsider.household.id]);
      const visits = await get(outsider.auth, '/api/v1/visits').expect(200);
      expect(visits.body.items).toEqual([]);
      await get(outsider.auth, `/api/v1/communities/${w.community.id}/care-frequency`).expect(404);
    });

    it('GET /api/v1/grid/households?compoundId= (扫码走访) lists that compound’s households of the caller’s grids only', async () => {
      const mine = await get(w.auth.grid, `/api/v1/grid/households?compoundId=${w.compound.id}&limit=100`).expect(200);
      expect(mine.body.items.map((h: { id: number }) => h.id)).toContain(elderly.id);
      expect(mine.body.items.every((h: { compoundId: number }) => h.compoundId === w.compound.id)).toBe(true);
      const other = outsider.household.compoundId;
      await get(w.auth.grid, `/api/v1/grid/households?compoundId=${other}`)
        .expect(200)
        .expect(({ body }) => expect(body.items).toEqual([]));
      const theirs = await get(outsider.auth, `/api/v1/grid/households?compoundId=${other}`).expect(200);
      expect(theirs.body.items.map((h: { id: number }) => h.id)).toEqual([outsider.household.id]);
    });
  });

  describe('due dates, overdue first, and care frequencies', () => {
    it('lists overdue households most overdue first, by the community’s frequencies', async () => {
      const f = factories(t.db);
      const building = await f.building(w.compound.id, { gridId: w.grid.id });
      const alone = await f.household(building, { careTags: ['elderly_alone'] });
      const poor = await f.household(building, { careTags: ['low_income'] });
      const plain = await f.household(building);
      const enteredLongAgo = new Date(t.clock.now().getTime() - 40 * DAY_MS);
      await t.db.getRepository(Household).update({ buildingId: building.id }, { createdAt: enteredLongAgo });
      // Met 20 days ago: weekly for living alone (13 days late), monthly for 低保 (not yet due).
      await sync(w.auth.grid, [
        visit({ householdId: alone.id, visitedAt: new Date(t.clock.now().getTime() - 20 * DAY_MS).toISOString() }),
        visit({ householdId: poor.id, visitedAt: new Date(t.clock.now().getTime() - 20 * DAY_MS).toISOString() }),
      ]).expect(200);
      const overdue = async () =>
        (await get(w.auth.grid, `/api/v1/grid/households?overdue=true&buildingId=${building.id}`).expect(200)).body;
      let page = await overdue();
      expect(page.items.map((h: { id: number; overdueDays: number }) => [h.id, h.overdueDays])).toEqual([[alone.id, 13]]);
      await http()
        .patch(`/api/v1/communities/${w.community.id}/care-frequency`)
        .set('Authorization', w.auth.manager)
        .send({ routineDays: 10 })
        .expect(403);
      const set = await http()
        .patch(`/api/v1/communities/${w.community.id}/care-frequency`)
        .set('Authorization', w.auth.community)
        .send({ days: { low_income: 15 }, routineDays: 30 })
        .expect(200);
      expect(set.body).toMatchObject({
        communityId: w.community.id,
        routineDays: 30,
        days: { low_income: 15, elderly_alone: 7 },
      });
      page = await overdue();
      // Never visited, entered 40 days ago, monthly: 10 days late; 低保 every 15 days: 5 days late.
      expect(page.items.map((h: { id: number; overdueDays: number }) => [h.id, h.overdueDays])).toEqual([
        [alone.id, 13],
        [plain.id, 10],
        [poor.id, 5],
      ]);
      const first = (await get(w.auth.grid, `/api/v1/grid/households?overdue=true&buildingId=${building.id}&limit=2`).expect(200))
        .body;
      expect(first.items.map((h: { id: number }) => h.id)).toEqual([alone.id, plain.id]);
      const second = (
        await get(
          w.auth.grid,
          `/api/v1/grid/households?overdue=true&buildingId=${building.id}&limit=2&cursor=${first.nextCursor}`,
        ).expect(200)
      ).body;
      expect(second).toEqual({ items: [expect.objectContaining({ id: poor.id })], nextCursor: null });
      const todo = (await get(w.auth.grid, '/api/v1/grid/todo').expect(200)).body;
      const care = todo.overdue.map((h: { id: number }) => h.id);
      expect(care).toEqual(expect.arrayContaining([alone.id, poor.id]));
      expect(care).not.toContain(plain.id);
    });
  });
});
