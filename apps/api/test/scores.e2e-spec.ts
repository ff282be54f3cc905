import type {
  CompanyScoreView,
  CompoundRatingView,
  ScoreBoardView,
  ScoreListSummary,
  ScoreListView,
  ScoreSchemeView,
} from '@doorstep/contracts';
import { DEFAULT_SCORE_SCHEME } from '@doorstep/contracts';
import { Ticket } from '../src/tickets/ticket.entity';
import { factories, userWithRole } from './support/factories';
import { planter, sh } from './support/planted-tickets';
import { startTestApp, type TestApp } from './support/test-app';
import { ticketWorld, type TicketWorld } from './support/ticket-world';
import { binary, values, workbook } from './support/xlsx-downloads';

const MONTH = '2025-03';

/**
 * Four handlers in one street's March 2025 (the scheme ranks anyone with a ticket):
 *   安居 (A)       two perfect tickets: on time, same day, ★5, 回访 satisfied             → 100, red, 5★
 *   物业M (M)      accepted late, resolved the next day, ★4                             → 64.7 (55 of 85 points), not listed
 *   共享物业社 (S)  accepted late, resolved the next day, ★2                             → 41.2 (35 of 85), black
 *   other (O)      a complaint escalated to the street, still open                      → vetoed, black
 * (85 points: no 回访 and no bills, so their 10 and 5 points are left out and the rest scaled to 100.)
 */
describe('scores: 物业定星、小区定级 and the 红黑榜', () => {
  let t: TestApp;
  let w: TicketWorld;
  let mCompany: number;
  let mCompound: number;
  let mManager: string;
  let publisher: string;
  let ids: Record<string, number>;

  const api = () => t.http();
  const scheme = (id = w.street.id) => api().get(`/api/v1/streets/${id}/score-scheme`);
  const putScheme = (body: object, auth = w.auth.street) =>
    api().put(`/api/v1/streets/${w.street.id}/score-scheme`).set('Authorization', auth).send(body);
  const publish = (body: object, key?: string, auth = publisher) => {
    const req = api().post(`/api/v1/streets/${w.street.id}/score-lists`).set('Authorization', auth);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };

  beforeAll(async () => {
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400) });
    w = await ticketWorld(t);
    const f = factories(t.db);
    const m = await f.company({ name: '物业M' });
    mCompany = m.id;
    mCompound = (await f.compound(w.community.id, { companyId: m.id, managementMode: 'company', name: 'M小区' })).id;
    mManager = await t.signIn((await userWithRole(f, 'manager', 'company', m.id)).phone!);
    // Two households each, so every handler's 投诉率 counts.
    for (const compoundId of [mCompound, w.shared.id, w.otherCompound.id]) {
      const building = await f.building(compoundId);
      for (const room of ['101', '102']) await f.household(building, { unit: '1', room });
    }
    await t.db.query("UPDATE households SET created_at = '2025-01-01 00:00:00'");
    publisher = w.auth.street;
    const planted = planter(t, w);
    ids = planted.ids;
    const { plant } = planted;
    const A = { id: w.compound.id, companyId: w.company.id };
    for (const name of ['A1', 'A2']) {
      await plant(name, A, '2025-03-03 09:00', {
        acceptedAt: sh('2025-03-03 09:05'),
        resolvedAt: sh('2025-03-03 12:00'),
        rating: 5,
        followUp: 'satisfied',
      });
    }
    const late = { acceptedAt: sh('2025-03-04 10:30'), acceptBreached: true, resolvedAt: sh('2025-03-05 09:00') };
    await plant('M1', { id: mCompound, companyId: mCompany }, '2025-03-04 10:00', { ...late, rating: 4 });
    await plant('S1', { id: w.shared.id, companyId: null }, '2025-03-04 10:00', { ...late, rating: 2 });
    await plant('O1', { id: w.otherCompound.id, companyId: w.otherCompany.id }, '2025-03-06 10:00', {
      kind: 'complaint',
      status: 'accepted',
      isOpen: true,
      acceptedAt: sh('2025-03-06 10:05'),
      escalationLevel: 2,
    });
  });

  afterAll(() => t?.close());

  describe('the scheme', () => {
    it('is public, and the default until the street sets its own', async () => {
      const res = await scheme().expect(200);
      expect(res.body).toEqual({ streetId: w.street.id, version: 0, updatedAt: null, ...DEFAULT_SCORE_SCHEME });
      await scheme(999999).expect(404);
    });

    it('is set by the street with its version; a stale version conflicts and nonsense is refused', async () => {
      const body = { ...DEFAULT_SCORE_SCHEME, minTickets: 1, version: 0 };
      const set = (await putScheme(body).expect(200)).body as ScoreSchemeView;
      expect(set).toMatchObject({ version: 1, minTickets: 1 });
      expect((await putScheme(body).expect(409)).body.code).toBe('VERSION_CONFLICT');
      const bad = await putScheme({ ...body, version: 1, starThresholds: [90, 80, 70, 60] }).expect(422);
      expect(bad.body.code).toBe('SCORE_SCHEME_INVALID');
      await putScheme({ ...body, version: 1, weights: { ...body.weights, extra: 3 } }).expect(400);
      await putScheme({ ...body, version: 1, listSize: 0 }).expect(400);
      await putScheme({ ...body, version: 1 }, w.auth.community).expect(403);
      await putScheme({ ...body, version: 1 }, w.auth.manager).expect(403);
    });
  });

  describe('the board and the lists', () => {
    it('ranks the handlers, vetoes the unresolved street escalation and grades the compounds', async () => {
      const board = (
        await api()
          .get(`/api/v1/streets/${w.street.id}/scores`)
          .query({ month: MONTH })
          .set('Authorization', w.auth.street)
          .expect(200)
      ).body as ScoreBoardView;
      const by = Object.fromEntries(board.handlers.map((h) => [`${h.subject.type}:${h.subject.id}`, h]));
      expect(by[`company:${w.company.id}`]).toMatchObject({
        score: 100,
        stars: 5,
        grade: 'AAA',
        rank: 1,
        list: 'red',
        deductions: [],
      });
      expect(by[`company:${mCompany}`]).toMatchObject({ score: 64.7, stars: 2, rank: 2, list: null });
      expect(by[`company:${mCompany}`].deductions.map((d) => [d.label, d.points])).toEqual([
        ['按时受理率', 17.6],
        ['当日办结率', 17.6],
      ]);
      expect(by[`society:${w.community.id}`]).toMatchObject({ score: 41.2, stars: 1, list: 'black' });
      expect(by[`company:${w.otherCompany.id}`]).toMatchObject({ vetoTickets: 1, list: 'black' });
      const compounds = Object.fromEntries(board.compounds.map((c) => [c.subject.id, c.grade]));
      expect(compounds[w.compound.id]).toBe('AAA');
      expect(compounds[w.shared.id]).toBe('C');
      await api()
        .get(`/api/v1/streets/${w.street.id}/scores`)
        .query({ month: MONTH })
        .set('Authorization', w.auth.community)
        .expect(404);
    });

    it('exports the board as XLSX (ranking, grades, scheme, definitions) and CSV', async () => {
      const xlsx = await api()
        .get(`/api/v1/streets/${w.street.id}/scores.xlsx`)
        .query({ month: MONTH })
        .set('Authorization', w.auth.street)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const book = await workbook(xlsx.body as Buffer);
      expect(book.worksheets.map((s) => s.name)).toEqual([`${MONTH} 物业排名`, `${MONTH} 小区定级`, '评分方案', '指标说明']);
      const ranking = values(book.worksheets[0]);
      expect(ranking[0].slice(0, 8)).toEqual(['部分', '名次', '名称', '类型', '得分', '星级', '等级', '榜单']);
      expect(ranking[1].slice(1, 8)).toEqual([1, '安居测试物业', '物业公司', 100, 5, 'AAA', '红榜']);
      expect(values(book.worksheets[2]).map((r) => r[0])).toContain('一票否决');
      const csv = await api()
        .get(`/api/v1/streets/${w.street.id}/scores.csv`)
        .query({ month: MONTH })
        .set('Authorization', w.auth.street)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const text = (csv.body as Buffer).toString('utf8');
      expect(text.startsWith('\ufeff月份,部分,名次,名称')).toBe(true);
      const lines = text.trim().split('\r\n');
      expect(lines[1].split(',').slice(0, 9)).toEqual([
        MONTH,
        '服务单位',
        '1',
        '安居测试物业',
        '物业公司',
        '100',
        '5',
        'AAA',
        '红榜',
      ]);
      await api()
        .get(`/api/v1/streets/${w.street.id}/scores.csv`)
        .query({ month: MONTH })
        .set('Authorization', w.auth.manager)
        .expect(404);
    });

    it('publishes a finished month once per key, again only with a reason, and freezes what it published', async () => {
      const current = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
      expect((await publish({ month: current }).expect(422)).body.code).toBe('SCORE_MONTH_NOT_FINISHED');
      await publish({ month: MONTH }, undefined, w.auth.community).expect(403);

      const first = (await publish({ month: MONTH }, 'publish-2025-03').expect(201)).body as ScoreListView;
      expect(first).toMatchObject({
        version: 1,
        reason: null,
        streetId: w.street.id,
        publishedByName: '李主任',
        superseded: false,
      });
      expect(first.red.map((r) => r.subject.id)).toEqual([w.company.id]);
      expect(first.black.map((r) => r.subject.type).sort()).toEqual(['company', 'society']);
      // The middle of the ranking is not published.
      expect([...first.red, ...first.black].some((r) => r.subject.id === mCompany && r.subject.type === 'company')).toBe(false);
      const replay = (await publish({ month: MONTH }, 'publish-2025-03').expect(201)).body as ScoreListView;
      expect(replay.id).toBe(first.id);
      expect((await publish({ month: MONTH }, 'publish-again-1').expect(422)).body.code).toBe('SCORE_REPUBLISH_REASON_REQUIRED');

      // The society fixes things after publication: the board moves, the published list does not.
      await t.db.getRepository(Ticket).update(ids.S1, { rating: 5, acceptBreached: false, acceptedAt: sh('2025-03-04 10:05') });
      const frozen = (await api().get(`/api/v1/score-lists/${first.id}`).expect(200)).body as ScoreListView;
      expect(frozen.black.find((r) => r.subject.type === 'society')).toMatchObject({ score: 41.2, figures: { avgRating: 2 } });

      const second = (
        await publish({ month: MONTH, reason: '共享物业社申诉，评价更正后重新发布' }, 'publish-again-2').expect(201)
      ).body as ScoreListView;
      expect(second).toMatchObject({ version: 2, reason: '共享物业社申诉，评价更正后重新发布' });
      expect(second.black.map((r) => r.subject.type)).toEqual(['company']);
      expect((await api().get(`/api/v1/score-lists/${first.id}`).expect(200)).body.superseded).toBe(true);
    });

    it('numbers concurrent publications of one month without gaps or duplicates', async () => {
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((i) => publish({ month: MONTH, reason: `第${i}次更正` }, `publish-race-${i}`)),
      );
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(results.map((r) => r.body.version).sort()).toEqual([3, 4, 5, 6, 7]);
      const listed = (await api().get(`/api/v1/streets/${w.street.id}/score-lists`).query({ month: MONTH }).expect(200))
        .body as ScoreListSummary[];
      expect(listed.map((l) => l.version)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    });

    it('shows a company its own row with why it lost points, and no one else’s', async () => {
      const mine = (
        await api().get(`/api/v1/companies/${mCompany}/score`).query({ month: MONTH }).set('Authorization', mManager).expect(200)
      ).body as CompanyScoreView;
      expect(mine.rows).toHaveLength(1);
      expect(mine.rows[0].list.version).toBe(7);
      // Third since the society's corrected month (82.4) overtook it.
      expect(mine.rows[0].row).toMatchObject({ score: 64.7, rank: 3, list: null });
      expect(mine.rows[0].row.deductions[0].label).toBe('按时受理率');
      await api()
        .get(`/api/v1/companies/${mCompany}/score`)
        .query({ month: MONTH })
        .set('Authorization', w.auth.manager)
        .expect(404);
      await api()
        .get(`/api/v1/companies/${mCompany}/score`)
        .query({ month: MONTH })
        .set('Authorization', w.auth.street)
        .expect(403);
    });

    it('tells residents on the board their company’s stars, its place and their compound’s grade', async () => {
      const rating = (await api().get(`/api/v1/compounds/${w.compound.id}/rating`).expect(200)).body as CompoundRatingView;
      expect(rating).toMatchObject({
        month: MONTH,
        handler: { type: 'company', id: w.company.id, name: '安居测试物业' },
        stars: 5,
        list: 'red',
        rank: 1,
        ranked: 4,
        grade: 'AAA',
      });
      const none = (await api().get(`/api/v1/compounds/${mCompound}/rating`).expect(200)).body as CompoundRatingView;
      expect(none).toMatchObject({ list: null, rank: 3, stars: 2 });
      await api().get('/api/v1/compounds/999999/rating').expect(404);
    });
  });
});
