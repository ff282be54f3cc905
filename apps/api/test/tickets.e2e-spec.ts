import { SweeperService } from '../src/tickets/sweeper.service';
import { jpegWithGps } from './support/images';
import { qrCodeRow } from './support/qr-codes';
import { factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { countEvents, ticketWorld, type TicketWorld } from './support/ticket-world';

/** The tests move the clock by days (sign-ins must outlive that) and report far more than a person a day. */
const LONG_SESSIONS = { ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400), TICKET_DAILY_CAP: '1000' };

describe('the ticket loop', () => {
  let t: TestApp;
  let w: TicketWorld;

  beforeAll(async () => {
    t = await startTestApp(LONG_SESSIONS);
    w = await ticketWorld(t);
  });
  afterAll(() => t.close());

  const http = () => t.http();
  const report = (auth: string, body: object, key?: string) => {
    const r = http().post('/api/v1/tickets').set('Authorization', auth);
    return (key ? r.set('Idempotency-Key', key) : r).send(body);
  };
  const act = (auth: string, id: number, action: string, body: object) =>
    http().post(`/api/v1/tickets/${id}/${action}`).set('Authorization', auth).send(body);
  const waterReport = () => ({
    compoundId: w.compound.id,
    categoryId: w.categories.water,
    householdId: w.household.id,
    description: '厨房水管漏水，地上全是水',
  });

  describe('a repair, from report to rating', () => {
    it('walks 上报 → 受理 → 派单 → 处置 → 办结 → 评价 with every step on the timeline', async () => {
      const created = await report(
        w.auth.resident,
        { ...waterReport(), preferredVisitAt: '2026-12-01T02:00:00.000Z' },
        'repair-loop-0001',
      ).expect(201);
      const ticket = created.body;
      expect(ticket).toMatchObject({
        status: 'submitted',
        kind: 'repair',
        source: 'miniapp',
        handlerType: 'company',
        handlerName: '安居测试物业',
        placeLabel: '1号楼 1单元 101',
        reporterName: '周阿姨',
        reporterPhone: w.users.resident.phone,
        viewer: { actors: ['reporter'], actions: ['cancel'] },
        preferredVisitAt: '2026-12-01T02:00:00.000Z',
      });
      expect(Date.parse(ticket.acceptDeadline) - Date.parse(ticket.createdAt)).toBe(10 * 60_000);

      const inbox = await http().get('/api/v1/tickets/inbox').set('Authorization', w.auth.manager).expect(200);
      const inInbox = inbox.body.items.find((i: { id: number }) => i.id === ticket.id);
      expect(inInbox).toMatchObject({
        reporterPhone: w.users.resident.phone,
        viewer: { actions: ['accept', 'reject', 'divert', 'merge'] },
      });

      const accepted = await act(w.auth.manager, ticket.id, 'accept', { version: 1 }).expect(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', version: 2, acceptBreached: false });
      await act(w.auth.manager, ticket.id, 'assign', { version: 2, assigneeId: w.users.staff.id }).expect(200);

      const tasks = await http().get('/api/v1/tickets/tasks').set('Authorization', w.auth.staff).expect(200);
      expect(tasks.body.items.map((i: { id: number }) => i.id)).toContain(ticket.id);
      await act(w.auth.staff, ticket.id, 'start', { version: 3 }).expect(200);
      const paused = await act(w.auth.staff, ticket.id, 'pause', {
        version: 4,
        reason: '等待配件',
        until: '2026-12-02T02:00:00.000Z',
      }).expect(200);
      expect(paused.body).toMatchObject({ status: 'paused', pauseReason: '等待配件' });
      t.clock.advance(60 * 60_000);
      const resumed = await act(w.auth.staff, ticket.id, 'resume', { version: 5 }).expect(200);
      expect(resumed.body.status).toBe('in_progress');
      // The hour spent waiting for parts does not count against the company.
      expect(Date.parse(resumed.body.resolveDeadline) - Date.parse(ticket.resolveDeadline)).toBeGreaterThanOrEqual(60 * 60_000);
      await act(w.auth.staff, ticket.id, 'resolve', { version: 6, note: '已更换三通' }).expect(200);

      const resident = await http().get(`/api/v1/tickets/${ticket.id}`).set('Authorization', w.auth.resident).expect(200);
      expect(resident.body).toMatchObject({
        status: 'resolved',
        assigneeName: '陈师傅',
        viewer: { actions: ['rate', 'reopen'] },
      });
      const rated = await act(w.auth.resident, ticket.id, 'rate', {
        version: 7,
        overall: 5,
        speed: 5,
        attitude: 4,
        comment: '师傅很专业',
      }).expect(200);
      expect(rated.body).toMatchObject({
        status: 'closed',
        rating: { overall: 5, speed: 5, attitude: 4, comment: '师傅很专业' },
      });

      const timeline = await http().get(`/api/v1/tickets/${ticket.id}/events`).set('Authorization', w.auth.resident).expect(200);
      expect(timeline.body.map((e: { action: string }) => e.action)).toEqual([
        'create',
        'accept',
        'assign',
        'start',
        'pause',
        'resume',
        'resolve',
        'rate',
      ]);
      // Residents see staff by role, not by name.
      expect(timeline.body.map((e: { actorName: string }) => e.actorName)).toEqual([
        '周阿姨',
        '物业客服',
        '物业客服',
        '陈师傅',
        '陈师傅',
        '陈师傅',
        '陈师傅',
        '周阿姨',
      ]);
      const staffTimeline = await http()
        .get(`/api/v1/tickets/${ticket.id}/events`)
        .set('Authorization', w.auth.manager)
        .expect(200);
      expect(staffTimeline.body[1].actorName).toBe('刘经理');

      const mine = await http().get('/api/v1/tickets/mine?status=closed').set('Authorization', w.auth.resident).expect(200);
      expect(mine.body.items.map((i: { id: number }) => i.id)).toContain(ticket.id);
      const ended = await http()
        .get('/api/v1/tickets/mine?group=ended&limit=100')
        .set('Authorization', w.auth.resident)
        .expect(200);
      expect(ended.body.items.map((i: { id: number }) => i.id)).toContain(ticket.id);
      expect(ended.body.items.every((i: { status: string }) => ['closed', 'rejected', 'cancelled'].includes(i.status))).toBe(
        true,
      );
      const open = await http()
        .get('/api/v1/tickets/mine?group=open&limit=100')
        .set('Authorization', w.auth.resident)
        .expect(200);
      expect(open.body.items.map((i: { id: number }) => i.id)).not.toContain(ticket.id);
      await http().get('/api/v1/tickets/mine?group=everything').set('Authorization', w.auth.resident).expect(400);
    });

    it('carries the report photos and the after-photos, readable by those who may read the ticket', async () => {
      const upload = async (auth: string) =>
        (
          await http()
            .post('/api/v1/uploads')
            .set('Authorization', auth)
            .attach('file', await jpegWithGps(800, 600), 'leak.jpg')
            .expect(201)
        ).body.id as number;
      const before = await upload(w.auth.resident);
      const id = (await report(w.auth.resident, { ...waterReport(), photoIds: [before] }).expect(201)).body.id;
      await act(w.auth.manager, id, 'accept', { version: 1 }).expect(200);
      await act(w.auth.manager, id, 'assign', { version: 2, assigneeId: w.users.staff.id }).expect(200);
      await act(w.auth.staff, id, 'start', { version: 3 }).expect(200);
      const after = await upload(w.auth.staff);
      const resolved = await act(w.auth.staff, id, 'resolve', { version: 4, photoIds: [after] }).expect(200);
      expect(resolved.body.photos).toEqual([
        expect.objectContaining({ id: before, stage: 'report' }),
        expect.objectContaining({ id: after, stage: 'resolve' }),
      ]);
      const file = await http().get(`/api/v1/uploads/${after}/thumb`).set('Authorization', w.auth.resident).expect(200);
      expect(file.headers['content-type']).toBe('image/jpeg');
      await http().get(`/api/v1/uploads/${before}/file`).set('Authorization', w.auth.manager).expect(200);
      await http().get(`/api/v1/uploads/${before}/file`).set('Authorization', w.auth.otherManager).expect(404);
      await http().get(`/api/v1/uploads/${after}/file`).set('Authorization', w.auth.neighbour).expect(404);
      // A photo belongs to one ticket: attaching it again is refused and creates nothing.
      const again = await report(w.auth.resident, { ...waterReport(), photoIds: [before] }).expect(422);
      expect(again.body.code).toBe('UPLOAD_NOT_ATTACHABLE');
    });

    it('reopens a resolved ticket that was not fixed, and counts it', async () => {
      const id = (await report(w.auth.resident, waterReport()).expect(201)).body.id;
      await act(w.auth.manager, id, 'accept', { version: 1 }).expect(200);
      await act(w.auth.manager, id, 'assign', { version: 2, assigneeId: w.users.staff.id }).expect(200);
      await act(w.auth.staff, id, 'start', { version: 3 }).expect(200);
      await act(w.auth.staff, id, 'resolve', { version: 4 }).expect(200);
      const reopened = await act(w.auth.resident, id, 'reopen', { version: 5, note: '还是漏' }).expect(200);
      expect(reopened.body).toMatchObject({ status: 'in_progress', reopenCount: 1 });
    });
  });

  describe('POST /api/v1/tickets (idempotency and limits)', () => {
    it('returns the first ticket for a retry with the same key, and refuses the key with another body', async () => {
      const first = await report(w.auth.resident, waterReport(), 'same-key-00001').expect(201);
      const retry = await report(w.auth.resident, waterReport(), 'same-key-00001').expect(200);
      expect(retry.body.id).toBe(first.body.id);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const other = await report(w.auth.resident, { ...waterReport(), description: '另一个问题描述' }, 'same-key-00001').expect(
        422,
      );
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('creates one ticket when the same retry arrives twice at once', async () => {
      const [a, b] = await Promise.all([
        report(w.auth.neighbour, { ...waterReport(), householdId: undefined }, 'race-key-00001'),
        report(w.auth.neighbour, { ...waterReport(), householdId: undefined }, 'race-key-00001'),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 201]);
      expect(a.body.id).toBe(b.body.id);
    });

    it('refuses a category of another compound, a household of another compound, and a bad key', async () => {
      const [{ id: catId }] = await t.db.query('SELECT id FROM categories WHERE compound_id IS NULL LIMIT 1');
      await t.db.query(
        "INSERT INTO categories (compound_id, kind, name, icon, priority, accept_minutes, sort, active, version) VALUES (?, 'repair', '专属类别', 'x', 'normal', 10, 1, 1, 1)",
        [w.otherCompound.id],
      );
      const [{ id: foreignCat }] = await t.db.query("SELECT id FROM categories WHERE name = '专属类别'");
      expect((await report(w.auth.resident, { ...waterReport(), categoryId: Number(foreignCat) }).expect(422)).body.code).toBe(
        'CATEGORY_NOT_AVAILABLE',
      );
      expect(
        (await report(w.auth.resident, { ...waterReport(), compoundId: w.shared.id, categoryId: Number(catId) }).expect(422)).body
          .code,
      ).toBe('TICKET_PLACE_MISMATCH');
      expect((await report(w.auth.resident, waterReport(), 'short').expect(400)).body.details[0].field).toBe('Idempotency-Key');
    });

    it('answers 429 past the daily cap', async () => {
      const capped = await startTestApp({ ...LONG_SESSIONS, TICKET_DAILY_CAP: '2' });
      try {
        const cw = await ticketWorld(capped);
        const body = { compoundId: cw.compound.id, categoryId: cw.categories.water, description: '楼道灯不亮了' };
        for (let i = 0; i < 2; i++)
          await capped.http().post('/api/v1/tickets').set('Authorization', cw.auth.neighbour).send(body).expect(201);
        const res = await capped.http().post('/api/v1/tickets').set('Authorization', cw.auth.neighbour).send(body).expect(429);
        expect(res.body).toMatchObject({ code: 'TICKET_DAILY_CAP', message: expect.stringContaining('上限') });
      } finally {
        await capped.close();
      }
    });

    it('answers a keyed retry of a report that was filed at the daily cap with that report, not 429', async () => {
      const capped = await startTestApp({ ...LONG_SESSIONS, TICKET_DAILY_CAP: '2' });
      try {
        const cw = await ticketWorld(capped);
        const body = { compoundId: cw.compound.id, categoryId: cw.categories.water, description: '楼道灯不亮了' };
        const file = (key: string) =>
          capped.http().post('/api/v1/tickets').set('Authorization', cw.auth.neighbour).set('Idempotency-Key', key).send(body);
        await file('cap-retry-0001').expect(201);
        const last = await file('cap-retry-0002').expect(201);
        const retry = await file('cap-retry-0002').expect(200);
        expect(retry.body.id).toBe(last.body.id);
        expect(retry.headers['idempotent-replayed']).toBe('true');
        expect((await file('cap-retry-0003').expect(429)).body.code).toBe('TICKET_DAILY_CAP');
      } finally {
        await capped.close();
      }
    });

    it('answers both copies of a keyed report sent twice at once at the cap with the one report it filed', async () => {
      const capped = await startTestApp({ ...LONG_SESSIONS, TICKET_DAILY_CAP: '1', TICKET_QR_DAILY_CAP: '1' });
      try {
        const cw = await ticketWorld(capped);
        const code = await qrCodeRow(capped.db, cw.compound.id, { buildingId: cw.building.id });
        const body = {
          compoundId: cw.compound.id,
          categoryId: cw.categories.water,
          qrToken: code.token,
          description: '电梯不动了',
        };
        const file = () =>
          capped
            .http()
            .post('/api/v1/tickets')
            .set('Authorization', cw.auth.neighbour)
            .set('Idempotency-Key', 'cap-race-0001')
            .send(body);
        const [a, b] = await Promise.all([file(), file()]);
        expect([a.status, b.status].sort()).toEqual([200, 201]);
        expect(a.body.id).toBe(b.body.id);
      } finally {
        await capped.close();
      }
    });

    it('lets staff file a phone report for a caller', async () => {
      const res = await report(w.auth.manager, {
        compoundId: w.compound.id,
        categoryId: w.categories.water,
        source: 'phone',
        description: '电话报修：3楼水管',
        onBehalfOf: { name: '钱老师', phone: '13912340000' },
      }).expect(201);
      expect(res.body).toMatchObject({ source: 'phone', reporterName: '钱老师' });
      const resident = await report(w.auth.resident, {
        compoundId: w.compound.id,
        categoryId: w.categories.water,
        source: 'phone',
        description: '冒充电话报修',
        onBehalfOf: { name: 'x', phone: '13912340001' },
      }).expect(403);
      expect(resident.body.code).toBe('FORBIDDEN');
    });
  });

  describe('scan-to-report', () => {
    it('fills the place from the scanned code, counts the source, and caps reports per code', async () => {
      const capped = await startTestApp({ ...LONG_SESSIONS, TICKET_QR_DAILY_CAP: '2' });
      try {
        const cw = await ticketWorld(capped);
        const code = await qrCodeRow(capped.db, cw.compound.id, { buildingId: cw.building.id, spotName: '地下车库' });
        const body = {
          compoundId: cw.compound.id,
          categoryId: cw.categories.water,
          qrToken: code.token,
          description: '车库顶棚漏水',
        };
        const first = await capped.http().post('/api/v1/tickets').set('Authorization', cw.auth.neighbour).send(body).expect(201);
        expect(first.body).toMatchObject({
          source: 'qr_scan',
          buildingId: cw.building.id,
          placeLabel: expect.stringContaining('地下车库'),
        });
        await capped.http().post('/api/v1/tickets').set('Authorization', cw.auth.neighbour).send(body).expect(201);
        expect(
          (await capped.http().post('/api/v1/tickets').set('Authorization', cw.auth.neighbour).send(body).expect(429)).body.code,
        ).toBe('TICKET_QR_DAILY_CAP');
        const foreign = await qrCodeRow(capped.db, cw.otherCompound.id);
        expect(
          (
            await capped
              .http()
              .post('/api/v1/tickets')
              .set('Authorization', cw.auth.resident)
              .send({ ...body, qrToken: foreign.token })
              .expect(422)
          ).body.code,
        ).toBe('TICKET_PLACE_MISMATCH');
        const revoked = await qrCodeRow(capped.db, cw.compound.id, { revokedAt: new Date() });
        expect(
          (
            await capped
              .http()
              .post('/api/v1/tickets')
              .set('Authorization', cw.auth.resident)
              .send({ ...body, qrToken: revoked.token })
              .expect(404)
          ).body.code,
        ).toBe('QR_CODE_NOT_FOUND');
      } finally {
        await capped.close();
      }
    });
  });

  describe('state changes', () => {
    it('lets exactly one of two managers accepting at once win; the other gets 409 with the current state', async () => {
      const id = (await report(w.auth.resident, waterReport()).expect(201)).body.id;
      const [a, b] = await Promise.all([
        act(w.auth.manager, id, 'accept', { version: 1 }),
        act(w.auth.manager2, id, 'accept', { version: 1 }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect(loser.body.code).toMatch(/VERSION_CONFLICT|TICKET_INVALID_TRANSITION/);
      expect(loser.body.details).toMatchObject({ status: 'accepted' });
      expect(await countEvents(t.db, id, 'accept')).toBe(1);
    });

    it('refuses actions the state machine does not allow, and actions that are not the caller’s', async () => {
      const id = (await report(w.auth.resident, waterReport()).expect(201)).body.id;
      expect((await act(w.auth.manager, id, 'resolve', { version: 1 }).expect(409)).body).toMatchObject({
        code: 'TICKET_INVALID_TRANSITION',
        details: { status: 'submitted' },
      });
      expect((await act(w.auth.resident, id, 'accept', { version: 1 }).expect(403)).body.code).toBe('TICKET_ACTION_NOT_YOURS');
      await act(w.auth.manager, id, 'accept', { version: 1 }).expect(200);
      expect((await act(w.auth.resident, id, 'cancel', { version: 2 }).expect(409)).body.code).toBe('TICKET_INVALID_TRANSITION');
      expect(
        (await act(w.auth.manager, id, 'assign', { version: 2, assigneeId: w.users.resident.id }).expect(422)).body.code,
      ).toBe('ASSIGNEE_INVALID');
      expect((await act(w.auth.manager, id, 'reject', { version: 2 }).expect(400)).body.details[0].field).toBe('reason');
      await act(w.auth.manager, id, 'assign', { version: 2, assigneeId: w.users.staff.id }).expect(200);
      expect((await act(w.auth.staff2, id, 'start', { version: 3 }).expect(403)).body.code).toBe('TICKET_ACTION_NOT_YOURS');
      const transferred = await act(w.auth.manager, id, 'transfer', { version: 3, assigneeId: w.users.staff2.id }).expect(200);
      expect(transferred.body.assigneeId).toBe(w.users.staff2.id);
      await act(w.auth.staff2, id, 'start', { version: 4 }).expect(200);
    });

    it('lets the reporter cancel before acceptance', async () => {
      const id = (await report(w.auth.resident, waterReport()).expect(201)).body.id;
      const res = await act(w.auth.resident, id, 'cancel', { version: 1 }).expect(200);
      expect(res.body.status).toBe('cancelled');
    });

    it('diverts a ticket the company is not responsible for to the community (分流)', async () => {
      const id = (await report(w.auth.resident, waterReport()).expect(201)).body.id;
      const res = await act(w.auth.manager, id, 'divert', { version: 1, note: '属市政管网' }).expect(200);
      expect(res.body).toMatchObject({ status: 'submitted', handlerType: 'community' });
      await http().get(`/api/v1/tickets/${id}`).set('Authorization', w.auth.manager).expect(200);
      const inbox = await http().get('/api/v1/tickets/inbox').set('Authorization', w.auth.community).expect(200);
      expect(inbox.body.items.map((i: { id: number }) => i.id)).toContain(id);
      await act(w.auth.community, id, 'accept', { version: 2 }).expect(200);
    });

    it('merges a duplicate: its reporter now follows the original', async () => {
      const original = (await report(w.auth.resident, waterReport()).expect(201)).body.id;
      const dup = (
        await report(w.auth.neighbour, {
          compoundId: w.compound.id,
          categoryId: w.categories.water,
          description: '同一处漏水',
        }).expect(201)
      ).body.id;
      await act(w.auth.manager, dup, 'merge', { version: 1, duplicateOfId: original }).expect(200);
      const followed = await http().get(`/api/v1/tickets/${original}`).set('Authorization', w.auth.neighbour).expect(200);
      expect(followed.body).toMatchObject({
        followerCount: 1,
        viewer: { following: true },
        reporterName: '居民',
        reporterPhone: null,
      });
      // Its reporter is told it was merged (not rated), and so is the public board.
      const told = await http().get('/api/v1/notifications').set('Authorization', w.auth.neighbour).expect(200);
      const merged = told.body.items.find((n: { ticketId: number }) => n.ticketId === dup);
      expect(merged.title).toBe('水电维修：已合并');
      const board = await http().get(`/api/v1/compounds/${w.compound.id}/board`).expect(200);
      expect(board.body.recent.find((r: { id: number }) => r.id === dup)).toMatchObject({
        status: 'closed',
        duplicateOfId: original,
      });
    });
  });

  describe('a complaint about the company, anonymous to it', () => {
    it('hides the complainant from the company, shows the community at once, and goes to the community on appeal', async () => {
      const created = await report(w.auth.resident, {
        compoundId: w.compound.id,
        categoryId: w.categories.service,
        householdId: w.household.id,
        description: '保安态度恶劣，多次推诿',
        complaintTarget: 'company',
        anonymous: true,
      }).expect(201);
      const id = created.body.id;
      expect(created.body).toMatchObject({ kind: 'complaint', anonymous: true, reporterName: '周阿姨' });

      const manager = await http().get(`/api/v1/tickets/${id}`).set('Authorization', w.auth.manager).expect(200);
      expect(manager.body).toMatchObject({ reporterName: '匿名', reporterPhone: null, householdId: null });
      // The room would name the complainant: the company sees the building only.
      expect(manager.body.placeLabel).toBe('1号楼');
      const managerTimeline = await http().get(`/api/v1/tickets/${id}/events`).set('Authorization', w.auth.manager).expect(200);
      expect(managerTimeline.body[0].actorName).toBe('匿名');
      expect(JSON.stringify(managerTimeline.body) + JSON.stringify(manager.body)).not.toContain(w.users.resident.phone!);

      const supervision = await http().get('/api/v1/tickets/supervision').set('Authorization', w.auth.community).expect(200);
      const seen = supervision.body.items.find((i: { id: number }) => i.id === id);
      expect(seen).toMatchObject({ reporterName: '周阿姨', reporterPhone: expect.stringMatching(/^\d{3}\*{4}\d{4}$/) });

      await act(w.auth.manager, id, 'reject', { version: 1, reason: '经核实不属实' }).expect(200);
      const appealed = await act(w.auth.resident, id, 'appeal', { version: 2, note: '有录音为证' }).expect(200);
      expect(appealed.body).toMatchObject({ status: 'appealed', escalationLevel: 1 });
      const inbox = await http().get('/api/v1/tickets/supervision').set('Authorization', w.auth.community).expect(200);
      expect(inbox.body.items.find((i: { id: number }) => i.id === id)).toMatchObject({
        status: 'appealed',
        viewer: { actions: ['uphold', 'reassign', 'urge'] },
      });
      const urged = await http()
        .post(`/api/v1/tickets/${id}/urge`)
        .set('Authorization', w.auth.community)
        .send({ note: '请物业重新核实' })
        .expect(200);
      // Urging is not a state change: whoever holds version 3 can still act on it.
      expect(urged.body.version).toBe(3);
      const reassigned = await act(w.auth.community, id, 'reassign', { version: 3, handlerType: 'company' }).expect(200);
      expect(reassigned.body).toMatchObject({ status: 'accepted', handlerType: 'company' });
    });
  });

  describe('who may see what', () => {
    let id: number;
    beforeAll(async () => {
      id = (await report(w.auth.resident, waterReport()).expect(201)).body.id;
    });

    it('hides a ticket from another company’s manager and from other residents (404)', async () => {
      await http().get(`/api/v1/tickets/${id}`).set('Authorization', w.auth.otherManager).expect(404);
      expect((await act(w.auth.otherManager, id, 'accept', { version: 1 }).expect(404)).body.code).toBe('TICKET_NOT_FOUND');
      await http().get(`/api/v1/tickets/${id}`).set('Authorization', w.auth.neighbour).expect(404);
      await http().get(`/api/v1/tickets/${id}/events`).set('Authorization', w.auth.neighbour).expect(404);
      const inbox = await http().get('/api/v1/tickets/inbox').set('Authorization', w.auth.otherManager).expect(200);
      expect(inbox.body.items.map((i: { id: number }) => i.id)).not.toContain(id);
      await http().get(`/api/v1/tickets?compoundId=${w.compound.id}`).set('Authorization', w.auth.otherManager).expect(404);
    });

    it('masks the reporter’s phone for supervisors and grid workers, shows it to the handler', async () => {
      const mask = /^\d{3}\*{4}\d{4}$/;
      expect(
        (await http().get(`/api/v1/tickets/${id}`).set('Authorization', w.auth.manager).expect(200)).body.reporterPhone,
      ).toBe(w.users.resident.phone);
      expect(
        (await http().get(`/api/v1/tickets/${id}`).set('Authorization', w.auth.community).expect(200)).body.reporterPhone,
      ).toMatch(mask);
      expect(
        (await http().get(`/api/v1/tickets/${id}`).set('Authorization', w.auth.grid).expect(200)).body.reporterPhone,
      ).toMatch(mask);
      expect(
        (await http().get(`/api/v1/tickets/${id}`).set('Authorization', w.auth.street).expect(200)).body.reporterPhone,
      ).toMatch(mask);
    });

    it('keeps internal comments from the resident', async () => {
      await http()
        .post(`/api/v1/tickets/${id}/comments`)
        .set('Authorization', w.auth.manager)
        .send({ body: '这户上次也报过', internal: true })
        .expect(201);
      await http()
        .post(`/api/v1/tickets/${id}/comments`)
        .set('Authorization', w.auth.manager)
        .send({ body: '师傅下午两点上门' })
        .expect(201);
      const residentView = await http().get(`/api/v1/tickets/${id}/events`).set('Authorization', w.auth.resident).expect(200);
      expect(residentView.body.map((e: { note: string }) => e.note)).toContain('师傅下午两点上门');
      expect(residentView.body.map((e: { note: string }) => e.note)).not.toContain('这户上次也报过');
      const res = await http()
        .post(`/api/v1/tickets/${id}/comments`)
        .set('Authorization', w.auth.resident)
        .send({ body: '内部', internal: true })
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });

    it('shows similar open tickets before reporting, and "me too" follows once', async () => {
      const similar = await http()
        .get(`/api/v1/tickets/similar?compoundId=${w.compound.id}&categoryId=${w.categories.water}&buildingId=${w.building.id}`)
        .set('Authorization', w.auth.neighbour)
        .expect(200);
      expect(similar.body.map((s: { id: number }) => s.id)).toContain(id);
      // A verified neighbour reads how it starts (to tell one problem from another), never who reported it.
      expect(similar.body.find((s: { id: number }) => s.id === id).descriptionSnippet).toBe(waterReport().description);
      expect(JSON.stringify(similar.body)).not.toMatch(/周阿姨|1[3-9]\d{9}/);
      const stranger = await t.signInWithRole('staff', 'company', w.otherCompany.id);
      const unseen = await http()
        .get(`/api/v1/tickets/similar?compoundId=${w.compound.id}&categoryId=${w.categories.water}&buildingId=${w.building.id}`)
        .set('Authorization', stranger)
        .expect(200);
      expect(unseen.body.map((s: { descriptionSnippet: string | null }) => s.descriptionSnippet)).toEqual(
        unseen.body.map(() => null),
      );
      expect(JSON.stringify(unseen.body)).not.toMatch(/漏水/);
      const once = await http().post(`/api/v1/tickets/${id}/follow`).set('Authorization', w.auth.neighbour).expect(200);
      const twice = await http().post(`/api/v1/tickets/${id}/follow`).set('Authorization', w.auth.neighbour).expect(200);
      expect(twice.body.followerCount).toBe(once.body.followerCount);
      // Following is not a state change: the handler's version still holds.
      expect(once.body.version).toBe(1);
      expect(once.body.description).toBe(waterReport().description);
    });

    it('does not let anyone follow an anonymous complaint', async () => {
      const anon = (
        await report(w.auth.resident, {
          compoundId: w.compound.id,
          categoryId: w.categories.noise,
          description: '楼上每晚装修',
          anonymous: true,
        }).expect(201)
      ).body.id;
      const res = await http().post(`/api/v1/tickets/${anon}/follow`).set('Authorization', w.auth.neighbour).expect(409);
      expect(res.body.code).toBe('TICKET_NOT_FOLLOWABLE');
      const similar = await http()
        .get(`/api/v1/tickets/similar?compoundId=${w.compound.id}&categoryId=${w.categories.noise}`)
        .set('Authorization', w.auth.neighbour)
        .expect(200);
      expect(similar.body.map((x: { id: number }) => x.id)).not.toContain(anon);
    });

    it('shows the compound’s public board without personal data', async () => {
      const board = await http().get(`/api/v1/compounds/${w.compound.id}/board`).expect(200);
      expect(board.body).toMatchObject({
        compoundName: '幸福测试小区',
        openCount: expect.any(Number),
        reportedThisMonth: expect.any(Number),
      });
      expect(board.body.recent.length).toBeGreaterThan(0);
      expect(JSON.stringify(board.body)).not.toMatch(/周阿姨|吴叔叔|1[3-9]\d{9}|漏水|101/);
    });
  });

  describe('what a report may claim', () => {
    it('refuses a resident reporting "at home" for someone else’s household', async () => {
      const res = await report(w.auth.neighbour, { ...waterReport() }).expect(422);
      expect(res.body).toMatchObject({ code: 'TICKET_PLACE_MISMATCH', details: [{ field: 'householdId' }] });
    });

    it('refuses a grid worker filing for a household outside their grid', async () => {
      const elsewhere = await factories(t.db).household(await factories(t.db).building(w.otherCompound.id));
      const res = await report(w.auth.grid, {
        compoundId: w.otherCompound.id,
        categoryId: w.categories.water,
        source: 'grid_visit',
        householdId: elsewhere.id,
        description: '走访发现漏水',
      }).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      await report(w.auth.grid, {
        compoundId: w.compound.id,
        categoryId: w.categories.water,
        source: 'grid_visit',
        householdId: w.household.id,
        description: '走访发现漏水',
      }).expect(201);
    });

    it('answers 400, not 500, to text the database would count longer, and to a list where an object belongs', async () => {
      const long = await report(w.auth.resident, { ...waterReport(), description: '漏\uFE0F'.repeat(600) }).expect(400);
      expect(long.body.details[0].field).toBe('description');
      const list = await report(w.auth.manager, {
        compoundId: w.compound.id,
        categoryId: w.categories.water,
        source: 'phone',
        description: '电话报修',
        onBehalfOf: [{ name: '钱', phone: '13912340000' }],
      }).expect(400);
      expect(list.body.details[0].field).toBe('onBehalfOf');
    });

    it('holds the daily cap when reports arrive all at once', async () => {
      const capped = await startTestApp({ ...LONG_SESSIONS, TICKET_DAILY_CAP: '3' });
      try {
        const cw = await ticketWorld(capped);
        const body = { compoundId: cw.compound.id, categoryId: cw.categories.water, description: '楼道灯不亮了' };
        const results = await Promise.all(
          Array.from({ length: 8 }, () =>
            capped.http().post('/api/v1/tickets').set('Authorization', cw.auth.resident).send(body),
          ),
        );
        expect(results.filter((r) => r.status === 201)).toHaveLength(3);
        expect(results.filter((r) => r.status === 429)).toHaveLength(5);
      } finally {
        await capped.close();
      }
    });
  });

  describe('followers and former staff', () => {
    it('shows a follower the progress, not the home: no photos, no household, building only, no notes, no comments', async () => {
      const upload = (
        await http()
          .post('/api/v1/uploads')
          .set('Authorization', w.auth.resident)
          .attach('file', await jpegWithGps(400, 300), 'p.jpg')
          .expect(201)
      ).body.id;
      const id = (await report(w.auth.resident, { ...waterReport(), photoIds: [upload] }).expect(201)).body.id;
      await http()
        .post(`/api/v1/tickets/${id}/comments`)
        .set('Authorization', w.auth.manager)
        .send({ body: '明天上午上门，请家里留人' })
        .expect(201);
      const followed = await http().post(`/api/v1/tickets/${id}/follow`).set('Authorization', w.auth.neighbour).expect(200);
      expect(followed.body).toMatchObject({
        householdId: null,
        placeLabel: '1号楼',
        photos: [],
        reporterName: '居民',
        reporterPhone: null,
      });
      await http().get(`/api/v1/uploads/${upload}/file`).set('Authorization', w.auth.neighbour).expect(404);
      const events = await http().get(`/api/v1/tickets/${id}/events`).set('Authorization', w.auth.neighbour).expect(200);
      expect(events.body.every((e: { note: string | null }) => e.note === null)).toBe(true);
      await http()
        .post(`/api/v1/tickets/${id}/comments`)
        .set('Authorization', w.auth.neighbour)
        .send({ body: '我家也漏' })
        .expect(403);
      const stranger = await t.signInWithRole('staff', 'company', w.otherCompany.id);
      expect((await http().post(`/api/v1/tickets/${id}/follow`).set('Authorization', stranger).expect(403)).body.code).toBe(
        'TICKET_FOLLOW_NOT_RESIDENT',
      );
    });

    it('drops tickets from a former staff member’s task list once their role is gone', async () => {
      const f = factories(t.db);
      const temp = await f.user({ name: '临时工' });
      const role = await f.role(temp.id, 'staff', 'company', w.company.id);
      const auth = await t.signIn(temp.phone!);
      const id = (await report(w.auth.resident, waterReport()).expect(201)).body.id;
      await act(w.auth.manager, id, 'accept', { version: 1 }).expect(200);
      await act(w.auth.manager, id, 'assign', { version: 2, assigneeId: temp.id }).expect(200);
      expect(
        (await http().get('/api/v1/tickets/tasks').set('Authorization', auth).expect(200)).body.items.map(
          (i: { id: number }) => i.id,
        ),
      ).toContain(id);
      // Through the API, as in the product: every instance's cached caller forgets the role.
      const admin = await t.signInWithRole('platform_admin', 'platform', 0);
      await http().delete(`/api/v1/role-assignments/${role.id}`).set('Authorization', admin).expect(204);
      const after = await http().get('/api/v1/tickets/tasks').set('Authorization', auth).expect(403);
      expect(after.body.code).toBe('FORBIDDEN');
      await http()
        .post('/api/v1/role-assignments')
        .set('Authorization', admin)
        .send({ userId: temp.id, role: 'staff', scopeType: 'company', scopeId: w.otherCompany.id })
        .expect(201);
      const moved = await http().get('/api/v1/tickets/tasks').set('Authorization', auth).expect(200);
      expect(moved.body.items.map((i: { id: number }) => i.id)).not.toContain(id);
    });

    it('refuses a cursor with a date that is not one', async () => {
      const cursor = Buffer.from(JSON.stringify(['not-a-date', 5])).toString('base64url');
      const res = await http().get(`/api/v1/tickets/inbox?cursor=${cursor}`).set('Authorization', w.auth.manager).expect(400);
      expect(res.body.details[0].field).toBe('cursor');
    });
  });

  describe('deadlines, escalation and follow-up', () => {
    it('escalates a ticket nobody accepted: community after 10 minutes, street a day later — once each, with two instances sweeping', async () => {
      const second = await startTestApp(LONG_SESSIONS, { sameDatabaseAs: t });
      try {
        const ids: number[] = [];
        for (let i = 0; i < 3; i++)
          ids.push(
            (
              await report(w.auth.neighbour, {
                compoundId: w.compound.id,
                categoryId: w.categories.noise,
                description: `深夜噪音${i}`,
              }).expect(201)
            ).body.id,
          );
        const sweepers = [t.app.get(SweeperService), second.app.get(SweeperService)];
        const bothSweep = () => Promise.all(sweepers.map((s) => s.sweepOnce()));

        t.clock.advance(11 * 60_000);
        second.clock.advance(11 * 60_000);
        await bothSweep();
        await bothSweep();
        for (const id of ids) {
          expect(await countEvents(t.db, id, 'escalate')).toBe(1);
          const view = await http().get(`/api/v1/tickets/${id}`).set('Authorization', w.auth.community).expect(200);
          expect(view.body).toMatchObject({ escalationLevel: 1, acceptBreached: true });
        }
        const supervision = await http()
          .get('/api/v1/tickets/supervision?breached=true')
          .set('Authorization', w.auth.community)
          .expect(200);
        expect(supervision.body.items.map((i: { id: number }) => i.id)).toEqual(expect.arrayContaining(ids));
        await http().get('/api/v1/tickets/supervision').set('Authorization', w.auth.street).expect(200);

        t.clock.advance(25 * 3600_000);
        second.clock.advance(25 * 3600_000);
        await bothSweep();
        await bothSweep();
        for (const id of ids) expect(await countEvents(t.db, id, 'escalate')).toBe(2);
        const street = await http().get('/api/v1/tickets/supervision').set('Authorization', w.auth.street).expect(200);
        expect(street.body.items.map((i: { id: number }) => i.id)).toEqual(expect.arrayContaining(ids));
        const notified = await t.db.query(
          `SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND title LIKE '街道督办%' AND ticket_id IN (${ids.join(',')})`,
          [w.users.street.id],
        );
        expect(Number(notified[0].n)).toBe(ids.length);
      } finally {
        await second.close();
      }
    });

    it('closes a resolved ticket nobody rated after three days, as unrated', async () => {
      const id = (await report(w.auth.resident, waterReport()).expect(201)).body.id;
      await act(w.auth.manager, id, 'accept', { version: 1 }).expect(200);
      await act(w.auth.manager, id, 'assign', { version: 2, assigneeId: w.users.staff.id }).expect(200);
      await act(w.auth.staff, id, 'start', { version: 3 }).expect(200);
      await act(w.auth.staff, id, 'resolve', { version: 4 }).expect(200);
      const sweeper = t.app.get(SweeperService);
      t.clock.advance(71 * 3600_000);
      await sweeper.sweepOnce();
      expect((await http().get(`/api/v1/tickets/${id}`).set('Authorization', w.auth.resident)).body.status).toBe('resolved');
      t.clock.advance(2 * 3600_000);
      await sweeper.sweepOnce();
      const closed = await http().get(`/api/v1/tickets/${id}`).set('Authorization', w.auth.resident).expect(200);
      expect(closed.body).toMatchObject({ status: 'closed', rating: null });
      expect(await countEvents(t.db, id, 'close')).toBe(1);
    });

    it('records follow-up visits: satisfied stays closed, not satisfied reopens with escalation', async () => {
      const closeOne = async () => {
        const id = (await report(w.auth.resident, waterReport()).expect(201)).body.id;
        await act(w.auth.manager, id, 'accept', { version: 1 }).expect(200);
        await act(w.auth.manager, id, 'assign', { version: 2, assigneeId: w.users.staff.id }).expect(200);
        await act(w.auth.staff, id, 'start', { version: 3 }).expect(200);
        await act(w.auth.staff, id, 'resolve', { version: 4 }).expect(200);
        await act(w.auth.resident, id, 'rate', { version: 5, overall: 3 }).expect(200);
        return id;
      };
      const happy = await closeOne();
      const visited = await act(w.auth.grid, happy, 'follow-up', {
        version: 6,
        satisfied: true,
        note: '入户回访，已修好',
      }).expect(200);
      expect(visited.body).toMatchObject({ status: 'closed', followUp: 'satisfied' });
      const unhappy = await closeOne();
      const back = await act(w.auth.community, unhappy, 'follow-up', { version: 6, satisfied: false, note: '仍有渗水' }).expect(
        200,
      );
      expect(back.body).toMatchObject({ status: 'in_progress', followUp: 'unsatisfied', escalationLevel: 1, reopenCount: 1 });
      expect((await act(w.auth.manager, happy, 'follow-up', { version: 7, satisfied: true }).expect(403)).body.code).toBe(
        'TICKET_ACTION_NOT_YOURS',
      );
      // Once per ticket, and only for work that was done (not a merged duplicate).
      expect((await act(w.auth.grid, happy, 'follow-up', { version: 7, satisfied: true }).expect(409)).body.code).toBe(
        'TICKET_INVALID_TRANSITION',
      );
      const original = (await report(w.auth.resident, waterReport()).expect(201)).body.id;
      const dup = (await report(w.auth.resident, waterReport()).expect(201)).body.id;
      await act(w.auth.manager, dup, 'merge', { version: 1, duplicateOfId: original }).expect(200);
      expect((await act(w.auth.grid, dup, 'follow-up', { version: 2, satisfied: false }).expect(409)).body.code).toBe(
        'TICKET_INVALID_TRANSITION',
      );
    });
  });

  describe('notifications', () => {
    it('tells the reporter about each step, in the app', async () => {
      const id = (await report(w.auth.resident, waterReport()).expect(201)).body.id;
      await act(w.auth.manager, id, 'accept', { version: 1 }).expect(200);
      const list = await http().get('/api/v1/notifications').set('Authorization', w.auth.resident).expect(200);
      expect(list.body.items[0]).toMatchObject({ ticketId: id, title: expect.stringContaining('已受理'), readAt: null });
      expect(list.body.unread).toBeGreaterThan(0);
      const read = await http()
        .post(`/api/v1/notifications/${list.body.items[0].id}/read`)
        .set('Authorization', w.auth.resident)
        .expect(200);
      expect(read.body.readAt).toEqual(expect.any(String));
      await http().post(`/api/v1/notifications/${list.body.items[0].id}/read`).set('Authorization', w.auth.neighbour).expect(404);
      const handlers = await t.db.query("SELECT COUNT(*) AS n FROM notifications WHERE ticket_id = ? AND kind = 'ticket_new'", [
        id,
      ]);
      expect(Number(handlers[0].n)).toBe(2);
    });
  });
});
