import type { TicketView } from '@doorstep/contracts';
import { DispatcherService } from '../src/notifications/dispatcher.service';
import { factories } from './support/factories';
import { startFakeWechat, type FakeWechat } from './support/fake-wechat';
import { startTestApp, type TestApp } from './support/test-app';
import { ticketWorld, type TicketWorld } from './support/ticket-world';

/**
 * 我也遇到 promises "处理进度会通知您": followers (who tapped it, and reporters of merged duplicates)
 * hear of every step, find the ticket under 我关注的, and the similar list before reporting is about
 * other people's tickets.
 */
describe('followers', () => {
  let wechat: FakeWechat;
  let t: TestApp;
  let w: TicketWorld;
  /** A third verified resident of the building: files a duplicate that the manager merges. */
  let third: { id: number; auth: string };

  beforeAll(async () => {
    wechat = await startFakeWechat();
    t = await startTestApp({
      ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400),
      TICKET_DAILY_CAP: '1000',
      WECHAT_API_BASE: wechat.baseUrl,
      WECHAT_APPID: 'wx-test',
      WECHAT_SECRET: 'wx-secret',
      WECHAT_TEMPLATE_TICKET_STATUS: 'tpl-status',
    });
    w = await ticketWorld(t);
    const f = factories(t.db);
    const user = await f.user({ name: '郑阿姨' });
    await f.membership(await f.household(w.building, { unit: '1', room: '103' }), user.id, 'verified');
    third = { id: user.id, auth: await t.signIn(user.phone!) };
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  const http = () => t.http();
  const report = (auth: string, body: object) => http().post('/api/v1/tickets').set('Authorization', auth).send(body);
  const act = (auth: string, id: number, action: string, body: object) =>
    http().post(`/api/v1/tickets/${id}/${action}`).set('Authorization', auth).send(body);
  const waterAtHome = (description = '厨房水管漏水，地上全是水') => ({
    compoundId: w.compound.id,
    categoryId: w.categories.water,
    householdId: w.household.id,
    description,
  });
  const statusNotes = async (userId: number, ticketId: number) =>
    (await t.db.query(
      "SELECT title, body, page FROM notifications WHERE user_id = ? AND ticket_id = ? AND kind = 'ticket_status' ORDER BY id",
      [userId, ticketId],
    )) as Array<{ title: string; body: string; page: string }>;

  /** The resident's report, followed by the neighbour (我也遇到) and by the reporter of a merged duplicate. */
  const followedTicket = async () => {
    const id = (await report(w.auth.resident, waterAtHome()).expect(201)).body.id as number;
    await http().post(`/api/v1/tickets/${id}/follow`).set('Authorization', w.auth.neighbour).expect(200);
    const dup = (
      await report(third.auth, { compoundId: w.compound.id, categoryId: w.categories.water, description: '楼道也在滴水' }).expect(
        201,
      )
    ).body.id as number;
    await act(w.auth.manager, dup, 'merge', { version: 1, duplicateOfId: id }).expect(200);
    return id;
  };

  describe('status changes', () => {
    it('tell every follower, with the building only and no one’s name', async () => {
      const id = await followedTicket();
      await act(w.auth.manager, id, 'accept', { version: 1 }).expect(200);
      await act(w.auth.manager, id, 'assign', { version: 2, assigneeId: w.users.staff.id }).expect(200);
      for (const follower of [w.users.neighbour.id, third.id]) {
        const notes = await statusNotes(follower, id);
        expect(notes.map((n) => n.title)).toEqual([expect.stringContaining('已受理'), expect.stringContaining('已派单')]);
        for (const n of notes) {
          expect(n.page).toBe(`/packages/resident/ticket?id=${id}`);
          expect(n.body).toContain('1号楼');
          expect(`${n.title} ${n.body}`).not.toMatch(/101|周阿姨|刘经理|1[3-9]\d{9}/);
        }
      }
      // In the follower's own list of notifications, like the reporter's.
      const inApp = await http().get('/api/v1/notifications').set('Authorization', w.auth.neighbour).expect(200);
      expect(inApp.body.items[0]).toMatchObject({ ticketId: id, title: expect.stringContaining('已派单'), readAt: null });
    });

    it('never tell the follower who made the change', async () => {
      const f = factories(t.db);
      const living = await f.user({ name: '钱经理' });
      await f.role(living.id, 'manager', 'company', w.company.id);
      await f.membership(await f.household(w.building, { unit: '2', room: '201' }), living.id, 'verified');
      const auth = await t.signIn(living.phone!);
      const id = (await report(w.auth.resident, waterAtHome('卫生间下水道堵了')).expect(201)).body.id as number;
      await http().post(`/api/v1/tickets/${id}/follow`).set('Authorization', auth).expect(200);
      await http().post(`/api/v1/tickets/${id}/follow`).set('Authorization', w.auth.neighbour).expect(200);
      await act(auth, id, 'accept', { version: 1 }).expect(200);
      expect(await statusNotes(living.id, id)).toEqual([]);
      expect(await statusNotes(w.users.neighbour.id, id)).toHaveLength(1);
      expect(await statusNotes(w.users.resident.id, id)).toHaveLength(1);
    });

    it('reach a follower who consented as a WeChat subscribe message', async () => {
      const dispatcher = t.app.get(DispatcherService);
      // What earlier tests left in the outbox goes out (or is skipped) first.
      while ((await dispatcher.dispatchOnce()) > 0);
      await t.db.query('UPDATE users SET openid = ? WHERE id = ?', ['openid-neighbour', w.users.neighbour.id]);
      await http()
        .post('/api/v1/me/wechat-consents')
        .set('Authorization', w.auth.neighbour)
        .send({ kinds: ['ticket_status'] })
        .expect(200);
      const id = await followedTicket();
      const before = wechat.messages.length;
      await act(w.auth.manager, id, 'accept', { version: 1 }).expect(200);
      await dispatcher.dispatchOnce();
      const sent = wechat.messages.slice(before);
      expect(sent).toEqual([
        expect.objectContaining({
          touser: 'openid-neighbour',
          template_id: 'tpl-status',
          page: `/packages/resident/ticket?id=${id}`,
        }),
      ]);
      expect(JSON.stringify(sent)).not.toMatch(/101|周阿姨/);
    });
  });

  describe('GET /api/v1/tickets/following (我关注的)', () => {
    it('lists what the caller follows, newest first, a page at a time, as a follower sees it', async () => {
      const older = await followedTicket();
      const newer = await followedTicket();
      // Not followed by the neighbour: never in their list.
      await report(w.auth.resident, waterAtHome('阳台地漏反水')).expect(201);
      const first = await http().get('/api/v1/tickets/following?limit=1').set('Authorization', w.auth.neighbour).expect(200);
      expect(first.body.items.map((i: TicketView) => i.id)).toEqual([newer]);
      expect(first.body.items[0]).toMatchObject({
        placeLabel: '1号楼',
        householdId: null,
        reporterName: '居民',
        reporterPhone: null,
        photos: [],
        viewer: { following: true },
      });
      const second = await http()
        .get(`/api/v1/tickets/following?limit=1&cursor=${first.body.nextCursor}`)
        .set('Authorization', w.auth.neighbour)
        .expect(200);
      expect(second.body.items.map((i: TicketView) => i.id)).toEqual([older]);
      // The reporter of a merged duplicate follows the original.
      const mergedReporter = await http().get('/api/v1/tickets/following').set('Authorization', third.auth).expect(200);
      expect(mergedReporter.body.items.map((i: TicketView) => i.id)).toEqual(expect.arrayContaining([older, newer]));
      // The reporter herself follows nothing: her tickets are under 我的工单.
      const own = await http().get('/api/v1/tickets/following').set('Authorization', w.auth.resident).expect(200);
      expect(own.body.items.map((i: TicketView) => i.id)).not.toContain(older);
    });

    it('filters by 我的工单 group, and refuses a bad cursor, an unknown filter and no sign-in', async () => {
      const id = await followedTicket();
      await act(w.auth.resident, id, 'cancel', { version: 1 }).expect(200);
      const open = await http().get('/api/v1/tickets/following?group=open').set('Authorization', w.auth.neighbour).expect(200);
      expect(open.body.items.map((i: TicketView) => i.id)).not.toContain(id);
      const ended = await http().get('/api/v1/tickets/following?group=ended').set('Authorization', w.auth.neighbour).expect(200);
      expect(ended.body.items.map((i: TicketView) => i.id)).toContain(id);
      const bad = await http().get('/api/v1/tickets/following?cursor=xyz').set('Authorization', w.auth.neighbour).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      await http().get('/api/v1/tickets/following?group=mine').set('Authorization', w.auth.neighbour).expect(400);
      await http().get('/api/v1/tickets/following?sort=1').set('Authorization', w.auth.neighbour).expect(400);
      await http().get('/api/v1/tickets/following').expect(401);
    });
  });

  describe('GET /api/v1/tickets/similar (已有人反映)', () => {
    const similar = (auth: string) =>
      http()
        .get(
          `/api/v1/tickets/similar?compoundId=${w.compound.id}&categoryId=${w.categories.elevator}&buildingId=${w.building.id}`,
        )
        .set('Authorization', auth)
        .expect(200);

    it('leaves out the caller’s own tickets, marks the ones they follow, and shows a short masked description', async () => {
      const description = `电梯在3楼和4楼之间停住了，里面好像有人，我电话13912345678，${'请尽快处理'.repeat(20)}`;
      const id = (
        await report(w.auth.resident, {
          compoundId: w.compound.id,
          categoryId: w.categories.elevator,
          buildingId: w.building.id,
          description,
        }).expect(201)
      ).body.id as number;
      expect((await similar(w.auth.resident)).body.map((s: { id: number }) => s.id)).not.toContain(id);

      const seen = (await similar(w.auth.neighbour)).body.find((s: { id: number }) => s.id === id);
      expect(seen).toMatchObject({ following: false, descriptionSnippet: expect.stringContaining('电梯在3楼和4楼之间停住了') });
      expect(seen.descriptionSnippet.length).toBeLessThanOrEqual(41);
      expect(seen.descriptionSnippet).not.toContain('13912345678');
      expect(JSON.stringify(seen)).not.toMatch(/周阿姨|101/);

      await http().post(`/api/v1/tickets/${id}/follow`).set('Authorization', w.auth.neighbour).expect(200);
      expect((await similar(w.auth.neighbour)).body.find((s: { id: number }) => s.id === id)).toMatchObject({ following: true });
    });

    it('gives no description to someone who could not follow (not a resident of the compound)', async () => {
      const id = (
        await report(w.auth.resident, {
          compoundId: w.compound.id,
          categoryId: w.categories.elevator,
          description: '电梯按钮失灵',
        }).expect(201)
      ).body.id as number;
      const outsider = await t.signInWithRole('staff', 'company', w.otherCompany.id);
      const seen = (await similar(outsider)).body.find((s: { id: number }) => s.id === id);
      expect(seen).toMatchObject({ descriptionSnippet: null, following: false });
    });
  });
});
