import { DispatcherService } from '../src/notifications/dispatcher.service';
import { factories } from './support/factories';
import { startFakeWechat, type FakeWechat } from './support/fake-wechat';
import { startTestApp, type TestApp } from './support/test-app';
import { ticketWorld, type TicketWorld } from './support/ticket-world';

/** Status changes write notification rows with the change; the dispatcher delivers them to WeChat. */
describe('the notification outbox', () => {
  let wechat: FakeWechat;
  let t: TestApp;
  let w: TicketWorld;
  let wxResident: { auth: string; userId: number };
  let dispatcher: DispatcherService;

  beforeAll(async () => {
    wechat = await startFakeWechat();
    t = await startTestApp({
      ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400),
      WECHAT_API_BASE: wechat.baseUrl,
      WECHAT_APPID: 'wx-test',
      WECHAT_SECRET: 'wx-secret',
      WECHAT_TIMEOUT_MS: '500',
      WECHAT_TEMPLATE_TICKET_STATUS: 'tpl-status',
      WECHAT_TEMPLATE_TICKET_NEW: 'tpl-new',
      WECHAT_TEMPLATE_MEMBERSHIP_REVIEW: 'tpl-claim',
    });
    w = await ticketWorld(t);
    dispatcher = t.app.get(DispatcherService);
    const signIn = await t.http().post('/api/v1/auth/wechat').send({ code: 'ok-resident' }).expect(200);
    wxResident = { auth: `Bearer ${signIn.body.accessToken}`, userId: signIn.body.user.id };
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  const reportAndAccept = async () => {
    const created = await t
      .http()
      .post('/api/v1/tickets')
      .set('Authorization', wxResident.auth)
      .send({ compoundId: w.compound.id, categoryId: w.categories.water, description: '卫生间漏水' })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/tickets/${created.body.id}/accept`)
      .set('Authorization', w.auth.manager)
      .send({ version: 1 })
      .expect(200);
    return created.body.id as number;
  };
  const state = async (ticketId: number) =>
    (
      await t.db.query(
        'SELECT wechat_state AS s, wechat_attempts AS a, wechat_error AS e FROM notifications WHERE ticket_id = ? AND user_id = ?',
        [ticketId, wxResident.userId],
      )
    )[0];

  it('tells the mini-program which templates to ask consent for', async () => {
    const res = await t.http().get('/api/v1/notifications/wechat-templates').expect(200);
    expect(res.body).toEqual({
      ticket_status: 'tpl-status',
      ticket_new: 'tpl-new',
      membership_review: 'tpl-claim',
      bill_reminder: null,
    });
  });

  it('skips a WeChat message the resident never consented to, but keeps it in the app', async () => {
    const id = await reportAndAccept();
    await dispatcher.dispatchOnce();
    expect(await state(id)).toMatchObject({ s: 'skipped', e: 'no subscription consent' });
    const inApp = await t.http().get('/api/v1/notifications').set('Authorization', wxResident.auth).expect(200);
    expect(inApp.body.items[0]).toMatchObject({ ticketId: id, page: `/packages/resident/ticket?id=${id}` });
  });

  it('delivers a consented status change as a subscribe message, once', async () => {
    const consent = await t
      .http()
      .post('/api/v1/me/wechat-consents')
      .set('Authorization', wxResident.auth)
      .send({ kinds: ['ticket_status'] })
      .expect(200);
    expect(consent.body).toEqual({ ticket_status: 1 });
    const before = wechat.messages.length;
    const id = await reportAndAccept();
    await dispatcher.dispatchOnce();
    await dispatcher.dispatchOnce();
    expect(wechat.messages.length - before).toBe(1);
    expect(wechat.messages[wechat.messages.length - 1]).toMatchObject({
      touser: 'openid-resident',
      template_id: 'tpl-status',
      page: `/packages/resident/ticket?id=${id}`,
      data: { thing1: { value: expect.stringContaining('已受理') } },
    });
    expect(await state(id)).toMatchObject({ s: 'sent', a: 1 });
  });

  it('retries a failed send with backoff without touching the ticket, then delivers', async () => {
    await t
      .http()
      .post('/api/v1/me/wechat-consents')
      .set('Authorization', wxResident.auth)
      .send({ kinds: ['ticket_status'] })
      .expect(200);
    wechat.failNextSends(1);
    const id = await reportAndAccept();
    await dispatcher.dispatchOnce();
    expect(await state(id)).toMatchObject({ s: 'pending', a: 1, e: expect.stringContaining('system error') });
    const ticket = await t.http().get(`/api/v1/tickets/${id}`).set('Authorization', wxResident.auth).expect(200);
    expect(ticket.body.status).toBe('accepted');
    await dispatcher.dispatchOnce();
    expect((await state(id)).s).toBe('pending');
    t.clock.advance(31_000);
    await dispatcher.dispatchOnce();
    expect(await state(id)).toMatchObject({ s: 'sent', a: 2 });
  });

  it('never sends one notification twice when two instances dispatch at once', async () => {
    const second = await startTestApp(
      {
        WECHAT_API_BASE: wechat.baseUrl,
        WECHAT_APPID: 'wx-test',
        WECHAT_SECRET: 'wx-secret',
        WECHAT_TEMPLATE_TICKET_STATUS: 'tpl-status',
        WECHAT_TEMPLATE_TICKET_NEW: 'tpl-new',
      },
      { sameDatabaseAs: t },
    );
    try {
      await t
        .http()
        .post('/api/v1/me/wechat-consents')
        .set('Authorization', wxResident.auth)
        .send({ kinds: ['ticket_status', 'ticket_status', 'ticket_status'] })
        .expect(200);
      const ids = [await reportAndAccept(), await reportAndAccept()];
      second.clock.advance(60_000);
      t.clock.advance(60_000);
      const before = wechat.messages.length;
      await Promise.all([dispatcher.dispatchOnce(), second.app.get(DispatcherService).dispatchOnce()]);
      await Promise.all([dispatcher.dispatchOnce(), second.app.get(DispatcherService).dispatchOnce()]);
      expect(wechat.messages.length - before).toBe(ids.length);
      for (const id of ids) expect((await state(id)).s).toBe('sent');
    } finally {
      await second.close();
    }
  });

  it('tells the company’s managers about a new ticket', async () => {
    const created = await t
      .http()
      .post('/api/v1/tickets')
      .set('Authorization', wxResident.auth)
      .send({ compoundId: w.compound.id, categoryId: w.categories.elevator, description: '电梯困人！' })
      .expect(201);
    const rows = await t.db.query(
      "SELECT user_id AS u FROM notifications WHERE ticket_id = ? AND kind = 'ticket_new' ORDER BY user_id",
      [created.body.id],
    );
    expect(rows.map((r: { u: number }) => Number(r.u)).sort()).toEqual([w.users.manager.id, w.users.manager2.id].sort());
    // Managers signed in by phone have no openid: no WeChat message, nothing retried.
    await dispatcher.dispatchOnce();
    const states = await t.db.query("SELECT wechat_state AS s FROM notifications WHERE ticket_id = ? AND kind = 'ticket_new'", [
      created.body.id,
    ]);
    expect(states.map((r: { s: string }) => r.s)).toEqual(['skipped', 'skipped']);
  });

  it('delivers a claim’s outcome (房屋认证结果) with its own template, opening 我的房屋', async () => {
    await t
      .http()
      .post('/api/v1/me/wechat-consents')
      .set('Authorization', wxResident.auth)
      .send({ kinds: ['membership_review'] })
      .expect(200);
    const home = await factories(t.db).household(w.building, { unit: '3', room: '502', ownerPhone: null });
    const claimed = await t
      .http()
      .post('/api/v1/memberships')
      .set('Authorization', wxResident.auth)
      .send({ householdId: home.id, relation: 'owner' })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/memberships/${claimed.body.id}/verify`)
      .set('Authorization', w.auth.manager)
      .send({ version: claimed.body.version })
      .expect(200);
    const before = wechat.messages.length;
    await dispatcher.dispatchOnce();
    expect(wechat.messages.length - before).toBe(1);
    expect(wechat.messages[wechat.messages.length - 1]).toMatchObject({
      touser: 'openid-resident',
      template_id: 'tpl-claim',
      page: '/packages/resident/households',
      data: { thing1: { value: expect.stringContaining('房屋认证已通过') } },
    });
  });
});
